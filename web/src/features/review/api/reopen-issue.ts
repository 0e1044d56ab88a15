import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import type { Issue } from '../../../types/api';
import { refreshAfterDecision, reloadIfStale, storeIssue } from './issue-cache';

export type ReopenIssueInput = {
  issue: Pick<Issue, 'id' | 'jobId' | 'version' | 'resolution'>;
};

/** Takes a decision back (until the job is finalized); the issue is open again. */
export const reopenIssue = ({ issue }: ReopenIssueInput): Promise<Issue> =>
  api.post<Issue>(`/issues/${encodeURIComponent(issue.id)}/reopen`, { version: issue.version });

type UseReopenIssueOptions = {
  mutationConfig?: MutationConfig<Issue, ReopenIssueInput>;
};

export const useReopenIssue = ({ mutationConfig }: UseReopenIssueOptions = {}) => {
  const queryClient = useQueryClient();
  const { onSuccess, onError, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onSuccess: (...args) => {
      const [issue, { issue: before }] = args;
      storeIssue(queryClient, issue);
      // Taking a fix back moves the row out of its new email's group, which may close an issue.
      refreshAfterDecision(queryClient, issue.jobId, {
        lists: before.resolution?.action === 'fix' ? 'changed' : 'unchanged',
      });
      return onSuccess?.(...args);
    },
    onError: (...args) => {
      const [error, { issue }] = args;
      reloadIfStale(queryClient, error, issue);
      return onError?.(...args);
    },
    mutationFn: reopenIssue,
  });
};
