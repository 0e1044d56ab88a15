import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import { ACTIVE_JOB_POLL_MS } from '../../../lib/react-query';
import type { Job } from '../../../types/api';
import { isJobActive } from '../utils/job-status';

type GetJobParams = {
  jobId: string;
  signal?: AbortSignal;
};

export const getJob = ({ jobId, signal }: GetJobParams): Promise<Job> =>
  api.get<Job>(`/jobs/${encodeURIComponent(jobId)}`, { signal });

export const getJobQueryOptions = (jobId: string) =>
  queryOptions({
    queryKey: jobKeys.detail(jobId),
    queryFn: ({ signal }) => getJob({ jobId, signal }),
  });

type UseJobOptions = {
  jobId: string;
  /** The job events stream is delivering updates: polling would only repeat them. */
  live?: boolean;
};

export const useJob = ({ jobId, live = false }: UseJobOptions) =>
  useQuery({
    ...getJobQueryOptions(jobId),
    refetchInterval: (query) =>
      !live && query.state.data && isJobActive(query.state.data) ? ACTIVE_JOB_POLL_MS : false,
  });

/**
 * Puts a job in the cache unless the cache already holds a later state of it. Answers and
 * events cross: the answer to a retry (the job PENDING, read before its message went out) can
 * arrive after the event of the attempt that failed it again, and would put the page back to
 * PENDING for good. Returns whether it did.
 */
export function setJobIfNotOlder(queryClient: QueryClient, job: Job): boolean {
  const cached = queryClient.getQueryData<Job>(jobKeys.detail(job.id));
  if (cached && Date.parse(cached.updatedAt) > Date.parse(job.updatedAt)) return false;
  queryClient.setQueryData(jobKeys.detail(job.id), job);
  return true;
}
