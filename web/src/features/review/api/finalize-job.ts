import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import { setJobIfNotOlder } from '../../jobs/api/get-job';
import { expectOwnStatusChange, takeOwnStatusChange } from '../../jobs/utils/own-status-change';
import type { MutationConfig } from '../../../lib/react-query';
import type { Job } from '../../../types/api';

export type FinalizeJobInput = {
  jobId: string;
};

/** Builds the final contacts; 409 OPEN_ISSUES_REMAIN or INVALID_STATE when not allowed. */
export const finalizeJob = ({ jobId }: FinalizeJobInput): Promise<Job> =>
  api.post<Job>(`/jobs/${encodeURIComponent(jobId)}/finalize`);

type UseFinalizeJobOptions = {
  mutationConfig?: MutationConfig<Job, FinalizeJobInput>;
};

export const useFinalizeJob = ({ mutationConfig }: UseFinalizeJobOptions = {}) => {
  const queryClient = useQueryClient();
  const { onSuccess, onError, onMutate, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onMutate: (...args) => {
      expectOwnStatusChange(args[0].jobId);
      return onMutate?.(...args);
    },
    onSuccess: (...args) => {
      const [job] = args;
      setJobIfNotOlder(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: jobKeys.issues(job.id) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.audit(job.id) });
      return onSuccess?.(...args);
    },
    onError: (...args) => {
      // A 409 means our view of the job is stale: fetch its current state.
      const [, { jobId }] = args;
      takeOwnStatusChange(jobId);
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
      return onError?.(...args);
    },
    mutationFn: finalizeJob,
  });
};
