import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import type { IssuePage, IssueStatus, IssueType } from '../../../types/api';

export const ISSUES_PAGE_SIZE = 50;

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
  queryOptions({
    queryKey: jobKeys.issueList(jobId, filters),
    queryFn: ({ signal }) => getJobIssues({ jobId, ...filters, signal }),
  });

type UseJobIssuesOptions = {
  jobId: string;
  filters?: IssueFilters;
};

/** The first page of a job's issues. */
export const useJobIssues = ({ jobId, filters }: UseJobIssuesOptions) =>
  useQuery(getJobIssuesQueryOptions(jobId, filters));
