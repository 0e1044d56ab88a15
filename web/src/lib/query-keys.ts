// Query keys shared across features, so an upload can refresh the job list without importing it.
export type JobListFilters = {
  status?: string;
  q?: string;
};

export type IssueListFilters = {
  status?: string;
  type?: string;
};

export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => [...jobKeys.all, 'list'] as const,
  list: (filters: JobListFilters) => [...jobKeys.lists(), filters] as const,
  details: () => [...jobKeys.all, 'detail'] as const,
  detail: (jobId: string) => [...jobKeys.details(), jobId] as const,
  issues: (jobId: string) => [...jobKeys.detail(jobId), 'issues'] as const,
  issueList: (jobId: string, filters: IssueListFilters) =>
    [...jobKeys.issues(jobId), filters] as const,
};
