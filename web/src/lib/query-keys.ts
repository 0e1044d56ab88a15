// Query keys shared across features, so an upload can refresh the job list without importing it.
export type JobListFilters = {
  status?: string;
  q?: string;
};

export type IssueListFilters = {
  status?: string;
  type?: string;
};

// Everything of one job sits under its detail key. Invalidate the job itself with `exact: true`:
// a prefix match would also refetch every loaded page of its issues.
export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => [...jobKeys.all, 'list'] as const,
  list: (filters: JobListFilters) => [...jobKeys.lists(), filters] as const,
  details: () => [...jobKeys.all, 'detail'] as const,
  detail: (jobId: string) => [...jobKeys.details(), jobId] as const,
  issues: (jobId: string) => [...jobKeys.detail(jobId), 'issues'] as const,
  issueLists: (jobId: string) => [...jobKeys.issues(jobId), 'list'] as const,
  issueList: (jobId: string, filters: IssueListFilters) =>
    [...jobKeys.issueLists(jobId), filters] as const,
  issueCounts: (jobId: string) => [...jobKeys.issues(jobId), 'counts'] as const,
  issueDetails: (jobId: string) => [...jobKeys.issues(jobId), 'one'] as const,
  issue: (jobId: string, issueId: string) => [...jobKeys.issueDetails(jobId), issueId] as const,
  audit: (jobId: string) => [...jobKeys.detail(jobId), 'audit'] as const,
};
