import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import { expectOwnStatusChange, takeOwnStatusChange } from '../utils/own-status-change';
import { setJobIfNotOlder } from './get-job';
import type { Job } from '../../../types/api';

/** Spec §8: what a person can do to a job as a whole, besides finalizing it. */
export type JobChange = 'cancel' | 'retry';

/**
 * `POST /api/jobs/:id/cancel` (PENDING, PROCESSING or NEEDS_REVIEW; a running worker keeps
 * nothing) or `/retry` (FAILED: processed again from the stored file). 409 INVALID_STATE when
 * the job has moved on meanwhile.
 */
export const changeJob = ({ jobId, change }: { jobId: string; change: JobChange }): Promise<Job> =>
  api.post<Job>(`/jobs/${encodeURIComponent(jobId)}/${change}`);

export const useChangeJob = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeJob,
    onMutate: ({ jobId }) => expectOwnStatusChange(jobId),
    onSuccess: (job) => {
      setJobIfNotOlder(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: jobKeys.issues(job.id) });
    },
    onError: (_error, { jobId }) => {
      takeOwnStatusChange(jobId);
      // A 409 means our view of the job is stale: fetch its current state.
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
    },
  });
};
