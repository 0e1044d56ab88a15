import { queryOptions, useQuery } from '@tanstack/react-query';
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
