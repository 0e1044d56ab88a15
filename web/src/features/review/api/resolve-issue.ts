import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import type { Issue, ResolveIssueBody } from '../../../types/api';
import { refreshAfterDecision, reloadIfStale, storeIssue } from './issue-cache';

export type ResolveIssueInput = {
  issue: Pick<Issue, 'id' | 'jobId'>;
  body: ResolveIssueBody;
};

/**
 * Records a decision. 409 VERSION_CONFLICT: someone changed the issue since it was loaded;
 * 409 INVALID_STATE: it is resolved already or the job left review; 422 INVALID_RESOLUTION: the
 * decision does not fit the issue (e.g. a fixed email that is still not valid).
 */
export const resolveIssue = ({ issue, body }: ResolveIssueInput): Promise<Issue> =>
  api.post<Issue>(`/issues/${encodeURIComponent(issue.id)}/resolve`, body);

type UseResolveIssueOptions = {
  mutationConfig?: MutationConfig<Issue, ResolveIssueInput>;
};

export const useResolveIssue = ({ mutationConfig }: UseResolveIssueOptions = {}) => {
  const queryClient = useQueryClient();
  const { onSuccess, onError, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onSuccess: (...args) => {
      const [issue, { body }] = args;
      storeIssue(queryClient, issue);
      // A fixed row joins the group of its new email, which may open a duplicate issue.
      refreshAfterDecision(queryClient, issue.jobId, {
        lists: body.action === 'fix' ? 'grown' : 'unchanged',
      });
      return onSuccess?.(...args);
    },
    onError: (...args) => {
      const [error, { issue }] = args;
      reloadIfStale(queryClient, error, issue);
      return onError?.(...args);
    },
    mutationFn: resolveIssue,
  });
};
