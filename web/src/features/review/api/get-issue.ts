import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import type { Issue } from '../../../types/api';

type GetIssueParams = {
  issueId: string;
  signal?: AbortSignal;
};

export const getIssue = ({ issueId, signal }: GetIssueParams): Promise<Issue> =>
  api.get<Issue>(`/issues/${encodeURIComponent(issueId)}`, { signal });

export const getIssueQueryOptions = (jobId: string, issueId: string) =>
  queryOptions({
    queryKey: jobKeys.issue(jobId, issueId),
    queryFn: ({ signal }) => getIssue({ issueId, signal }),
  });

type UseIssueOptions = {
  jobId: string;
  issueId: string;
  /** The issue as a loaded list page shows it: no request needed to open it. */
  initialIssue?: Issue;
  initialIssueUpdatedAt?: number;
};

export const useIssue = ({
  jobId,
  issueId,
  initialIssue,
  initialIssueUpdatedAt,
}: UseIssueOptions) =>
  useQuery({
    ...getIssueQueryOptions(jobId, issueId),
    initialData: initialIssue,
    initialDataUpdatedAt: initialIssueUpdatedAt,
  });
