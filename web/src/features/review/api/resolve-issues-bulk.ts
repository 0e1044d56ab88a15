import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import type { BulkResolveBody, BulkResolveResult } from '../../../types/api';
import { refreshAfterDecision } from './issue-cache';

export type ResolveIssuesBulkInput = {
  jobId: string;
  body: BulkResolveBody;
};

/** Resolves every open issue of one type in one call: `choose_first` or `exclude`. */
export const resolveIssuesBulk = ({
  jobId,
  body,
}: ResolveIssuesBulkInput): Promise<BulkResolveResult> =>
  api.post<BulkResolveResult>(`/jobs/${encodeURIComponent(jobId)}/issues/resolve-bulk`, body);

type UseResolveIssuesBulkOptions = {
  mutationConfig?: MutationConfig<BulkResolveResult, ResolveIssuesBulkInput>;
};

export const useResolveIssuesBulk = ({ mutationConfig }: UseResolveIssuesBulkOptions = {}) => {
  const queryClient = useQueryClient();
  const { onSettled, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    // Also after a failure: a refused bulk (e.g. the job left review) means our view is stale.
    onSettled: (...args) => {
      const [, , { jobId }] = args;
      refreshAfterDecision(queryClient, jobId, { lists: 'changed' });
      return onSettled?.(...args);
    },
    mutationFn: resolveIssuesBulk,
  });
};
