import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import { ACTIVE_JOB_POLL_MS } from '../../../lib/react-query';
import type { Job, JobStatus, Page } from '../../../types/api';
import { isJobActive } from '../utils/job-status';

export const JOBS_PAGE_SIZE = 50;

export type JobFilters = {
  status?: JobStatus;
  /** Matches the original file name. */
  q?: string;
};

type GetJobsParams = JobFilters & {
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
};

export const getJobs = ({
  status,
  q,
  cursor,
  limit = JOBS_PAGE_SIZE,
  signal,
}: GetJobsParams): Promise<Page<Job>> =>
  api.get<Page<Job>>('/jobs', { params: { status, q, cursor, limit }, signal });

export const getJobsQueryOptions = (filters: JobFilters) =>
  infiniteQueryOptions({
    queryKey: jobKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getJobs({ ...filters, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

type UseJobsOptions = {
  filters: JobFilters;
};

export const useJobs = ({ filters }: UseJobsOptions) =>
  useInfiniteQuery({
    ...getJobsQueryOptions(filters),
    placeholderData: keepPreviousData,
    // Keep polling while any loaded job is still being processed.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some(isJobActive))
        ? ACTIVE_JOB_POLL_MS
        : false,
  });
