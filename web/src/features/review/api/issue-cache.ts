import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import type { Issue, IssuePage } from '../../../types/api';

/**
 * Puts the issue as the API answered it into its own query and into every loaded list page that
 * holds it, in place: the list keeps its scroll position and the row shows its new status.
 */
export function storeIssue(queryClient: QueryClient, issue: Issue): void {
  queryClient.setQueryData(jobKeys.issue(issue.jobId, issue.id), issue);
  queryClient.setQueriesData<InfiniteData<IssuePage>>(
    { queryKey: jobKeys.issueLists(issue.jobId) },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.map((item) => (item.id === issue.id ? issue : item)),
        })),
      },
  );
}

type RefreshOptions = {
  /**
   * How the issue lists moved beyond the decided issue itself (stored in place):
   * - `grown`: a fix, which may open one issue, the newest of the job: it sorts after every
   *   issue already loaded;
   * - `changed`: which issues exist or match the filters changed anywhere (bulk, a fix taken
   *   back).
   */
  lists: 'unchanged' | 'grown' | 'changed';
};

/** After a decision: the job's counts, the issue counts and the audit trail have moved. */
export function refreshAfterDecision(
  queryClient: QueryClient,
  jobId: string,
  { lists }: RefreshOptions,
): void {
  void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId), exact: true });
  void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: jobKeys.issueCounts(jobId) });
  void queryClient.invalidateQueries({ queryKey: jobKeys.audit(jobId) });
  if (lists === 'changed') {
    // Reset rather than refetch: only the first page loads again, not every page scrolled past.
    void queryClient.resetQueries({ queryKey: jobKeys.issueLists(jobId) });
  } else if (lists === 'grown') {
    // The pages loaded stay as they are, and the reviewer keeps their place in a long list: an
    // opened issue comes with the pages still to load. Only a list loaded to its end loads again,
    // to show it.
    const loaded = queryClient.getQueriesData<InfiniteData<IssuePage>>({
      queryKey: jobKeys.issueLists(jobId),
    });
    for (const [queryKey, data] of loaded) {
      if (data?.pages.at(-1)?.nextCursor === null) {
        void queryClient.invalidateQueries({ queryKey, exact: true });
      }
    }
  }
  if (lists !== 'unchanged') {
    void queryClient.invalidateQueries({ queryKey: jobKeys.issueDetails(jobId) });
  }
}

/** A 409 means our copy of the issue is stale: load it again so the person sees what changed. */
function isStaleIssueError(error: unknown): boolean {
  return error instanceof ApiError && error.statusCode === 409;
}

/** After a failed decision: on a 409, the issue and its job are loaded again. */
export function reloadIfStale(
  queryClient: QueryClient,
  error: unknown,
  issue: { id: string; jobId: string },
): void {
  if (!isStaleIssueError(error)) return;
  void queryClient.invalidateQueries({ queryKey: jobKeys.issue(issue.jobId, issue.id) });
  void queryClient.invalidateQueries({ queryKey: jobKeys.detail(issue.jobId), exact: true });
}
