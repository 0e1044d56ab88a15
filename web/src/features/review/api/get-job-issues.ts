import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import type { IssueCounts, IssuePage, IssueStatus, IssueType } from '../../../types/api';

export const ISSUES_PAGE_SIZE = 100;

export type IssueFilters = {
  status?: IssueStatus;
  type?: IssueType;
};

type GetJobIssuesParams = IssueFilters & {
  jobId: string;
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
};

export const getJobIssues = ({
  jobId,
  status,
  type,
  cursor,
  limit = ISSUES_PAGE_SIZE,
  signal,
}: GetJobIssuesParams): Promise<IssuePage> =>
  api.get<IssuePage>(`/jobs/${encodeURIComponent(jobId)}/issues`, {
    params: { status, type, cursor, limit },
    signal,
  });

export const getJobIssuesQueryOptions = (jobId: string, filters: IssueFilters = {}) =>
  infiniteQueryOptions({
    queryKey: jobKeys.issueList(jobId, filters),
    queryFn: ({ pageParam, signal }) =>
      getJobIssues({ jobId, ...filters, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

type UseJobIssuesOptions = {
  jobId: string;
  filters?: IssueFilters;
};

/** A job's issues, page after page as the list scrolls (keyset cursor). */
export const useJobIssues = ({ jobId, filters }: UseJobIssuesOptions) =>
  useInfiniteQuery({
    ...getJobIssuesQueryOptions(jobId, filters),
    // Switching filters keeps the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

// The list answers the job's counts whatever its filters; one issue is the least it can carry.
export const getJobIssueCountsQueryOptions = (jobId: string) =>
  queryOptions({
    queryKey: jobKeys.issueCounts(jobId),
    queryFn: async ({ signal }): Promise<IssueCounts> =>
      (await getJobIssues({ jobId, limit: 1, signal })).counts,
  });

/**
 * The job's issue counts by type and by status, kept apart from the pages so a decision
 * refreshes them without reloading the issues a reviewer has scrolled through.
 */
export const useJobIssueCounts = ({ jobId }: { jobId: string }) =>
  useQuery(getJobIssueCountsQueryOptions(jobId));
