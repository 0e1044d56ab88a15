import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Alert } from '../../../components/alert';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Spinner } from '../../../components/spinner';
import { errorMessage, type MessagesByCode } from '../../../lib/error-message';
import { formatNumber } from '../../../lib/format';
import {
  ISSUE_TYPES,
  type IssueCounts,
  type IssueStatus,
  type IssueType,
  type Job,
} from '../../../types/api';
import { useFinalizeJob } from '../api/finalize-job';
import { useJobIssueCounts, useJobIssues, type IssueFilters } from '../api/get-job-issues';
import { ISSUE_STATUS_LABELS, ISSUE_TYPE_LABELS, matchingIssueCount } from '../utils/issue-labels';
import { AuditTrail } from './audit-trail';
import { BulkActions } from './bulk-actions';
import { IssueList } from './issue-list';
import { IssuePanel } from './issue-panel';

// OPEN_ISSUES_REMAIN keeps the API's own message, which says how many issues are open.
const FINALIZE_MESSAGES: MessagesByCode = {
  INVALID_STATE: 'This job is no longer waiting for review, so it cannot be finalized.',
};

const ISSUE_STATUSES: IssueStatus[] = ['OPEN', 'RESOLVED'];

function toIssueType(value: string): IssueType | undefined {
  return ISSUE_TYPES.find((type) => type === value);
}

function toIssueStatus(value: string): IssueStatus | undefined {
  return ISSUE_STATUSES.find((status) => status === value);
}

function IssueCountsSummary({ counts }: { counts: IssueCounts }) {
  const types = ISSUE_TYPES.filter((type) => (counts.byType[type] ?? 0) > 0);
  return (
    <div className="issue-counts">
      <p className="small" data-testid="issue-counts">
        Open: {formatNumber(counts.byStatus.OPEN ?? 0)} · Resolved:{' '}
        {formatNumber(counts.byStatus.RESOLVED ?? 0)}
      </p>
      {types.length > 0 && (
        <ul className="chips" aria-label="Issues by type" data-testid="issue-type-counts">
          {types.map((type) => {
            // What is left to decide, beside the open and resolved totals just above.
            const open = counts.openByType[type] ?? 0;
            const total = counts.byType[type] ?? 0;
            return (
              <li key={type} className="chip" data-testid="issue-type-count" data-type={type}>
                {ISSUE_TYPE_LABELS[type]}: <strong>{formatNumber(open)}</strong>
                {open !== total && ` open of ${formatNumber(total)}`}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

type ReviewIssuesSectionProps = {
  job: Job;
};

/**
 * The review screen: the job's issues (filtered, counted, loaded page by page as the list
 * scrolls), the chosen one with its rows side by side and its decision, bulk decisions,
 * finalize, and the audit trail. Read-only once the job has left review.
 */
export function ReviewIssuesSection({ job }: ReviewIssuesSectionProps) {
  const jobId = job.id;
  const editable = job.status === 'NEEDS_REVIEW';
  const { openBlockingIssues } = job.counts;
  // In review, what still needs a decision comes first; afterwards, everything.
  const [filters, setFilters] = useState<IssueFilters>(() => (editable ? { status: 'OPEN' } : {}));
  // The issue the reviewer chose, and where it stood in the list when last seen there.
  const [chosen, setChosen] = useState<{ id: string; index: number } | null>(null);
  const [navFocus, setNavFocus] = useState<'previous' | 'next' | undefined>(undefined);
  const countsQuery = useJobIssueCounts({ jobId });
  const issuesQuery = useJobIssues({ jobId, filters });
  const finalize = useFinalizeJob();
  const [confirmingFinalize, setConfirmingFinalize] = useState(false);
  // A refused finalize ("3 blocking issues still open") speaks of the job as it was: once the
  // number of blocking issues changes, it is no longer true.
  const { reset: resetFinalize } = finalize;
  const blockingSeen = useRef(openBlockingIssues);
  useEffect(() => {
    if (blockingSeen.current === openBlockingIssues) return;
    blockingSeen.current = openBlockingIssues;
    resetFinalize();
  }, [openBlockingIssues, resetFinalize]);
  const panelRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const issues = useMemo(
    () => issuesQuery.data?.pages.flatMap((page) => page.items) ?? [],
    [issuesQuery.data],
  );
  // Until the reviewer picks one, the first issue of the list is open.
  const selectedId = chosen?.id ?? issues[0]?.id ?? null;
  const selectedIndex = issues.findIndex((issue) => issue.id === selectedId);
  // A decision can take the chosen issue out of the list (an open issue resolved, in the list
  // of open ones) while the panel still shows it. Previous and Next then go on from the place
  // it had: the issue now in that place is the one that came after it.
  // (A list that lost the pages past that place cannot say what was next to it.)
  const gone =
    selectedIndex < 0 && chosen !== null && chosen.index >= 0 && chosen.index <= issues.length;
  const place = gone ? chosen.index : selectedIndex;
  const previousIndex = place > 0 ? place - 1 : -1;
  // An issue shown from outside the list (the audit trail's "Show issue", its place unknown):
  // Next starts the list.
  const fromOutside = chosen !== null && chosen.index < 0;
  const nextIndex = gone ? place : selectedIndex >= 0 ? selectedIndex + 1 : fromOutside ? 0 : -1;
  useEffect(() => {
    // Remembers the chosen issue's latest place while the list still holds it. The issue shown
    // before any choice becomes the chosen one as soon as it is shown: a decision on it then
    // keeps it in the panel with its outcome, as for an issue the reviewer clicked, instead of
    // the panel moving to whichever issue comes first after it.
    // (Not from a list that a filter change is replacing: its first issue is not the new one's.)
    if (issuesQuery.isPlaceholderData) return;
    if (selectedId !== null && selectedIndex >= 0 && chosen?.index !== selectedIndex) {
      setChosen({ id: selectedId, index: selectedIndex });
    }
  }, [chosen, selectedId, selectedIndex, issuesQuery.isPlaceholderData]);
  const counts = countsQuery.data;
  const total = counts ? matchingIssueCount(counts, filters) : null;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = issuesQuery;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const selectAt = (index: number, from: 'previous' | 'next') => {
    const issue = issues[index];
    if (!issue) return;
    setNavFocus(from);
    setChosen({ id: issue.id, index });
  };

  const choose = (issueId: string) => {
    setNavFocus(undefined);
    setChosen({ id: issueId, index: issues.findIndex((issue) => issue.id === issueId) });
  };

  const showIssue = (issueId: string) => {
    choose(issueId);
    // Bring the panel into view from the audit trail below it, and the keyboard with it.
    window.requestAnimationFrame(() => {
      panelRef.current?.scrollIntoView({ block: 'start' });
      panelRef.current?.focus({ preventScroll: true });
    });
  };

  const setFilter = (next: IssueFilters) => {
    setFilters(next);
    setChosen(null);
  };

  const noIssuesAtAll = counts !== undefined && matchingIssueCount(counts, {}) === 0;

  return (
    <>
      <section className="card review" aria-labelledby={`${id}-title`} data-testid="review-section">
        <h2 id={`${id}-title`}>{editable ? 'Review issues' : 'Issues'}</h2>
        {editable && (
          <p className="muted" id={`${id}-finalize-state`}>
            {openBlockingIssues > 0
              ? `${formatNumber(openBlockingIssues)} blocking ${openBlockingIssues === 1 ? 'issue is' : 'issues are'} still open. Finalizing is possible once none are.`
              : 'No blocking issues are open: the job can be finalized.'}
          </p>
        )}

        {countsQuery.isError ? (
          <Alert data-testid="issue-counts-error">{errorMessage(countsQuery.error)}</Alert>
        ) : (
          counts && <IssueCountsSummary counts={counts} />
        )}

        {editable && counts && <BulkActions jobId={jobId} counts={counts} />}

        {noIssuesAtAll ? (
          <p className="empty">This job has no issues.</p>
        ) : (
          <>
            <div className="filters" role="search" aria-label="Filter issues">
              <div className="field field--inline">
                <label htmlFor={`${id}-type`}>Type</label>
                <select
                  id={`${id}-type`}
                  value={filters.type ?? ''}
                  onChange={(event) =>
                    setFilter({ ...filters, type: toIssueType(event.target.value) })
                  }
                  data-testid="issues-type-filter"
                >
                  <option value="">All types</option>
                  {ISSUE_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {ISSUE_TYPE_LABELS[type]}
                      {/* As many as the list shows once chosen, with the status chosen. */}
                      {counts
                        ? ` (${formatNumber(matchingIssueCount(counts, { status: filters.status, type }))})`
                        : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--inline">
                <label htmlFor={`${id}-status`}>Status</label>
                <select
                  id={`${id}-status`}
                  value={filters.status ?? ''}
                  onChange={(event) =>
                    setFilter({ ...filters, status: toIssueStatus(event.target.value) })
                  }
                  data-testid="issues-status-filter"
                >
                  <option value="">All statuses</option>
                  {ISSUE_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {ISSUE_STATUS_LABELS[status]}
                      {counts
                        ? ` (${formatNumber(matchingIssueCount(counts, { type: filters.type, status }))})`
                        : ''}
                    </option>
                  ))}
                </select>
              </div>
            </div>

            <div className="review__layout">
              <div className="review__list">
                {issuesQuery.isPending ? (
                  <Spinner label="Loading issues…" />
                ) : issuesQuery.isError ? (
                  <Alert data-testid="issues-error">
                    {errorMessage(issuesQuery.error)}{' '}
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      onClick={() => void issuesQuery.refetch()}
                    >
                      Try again
                    </button>
                  </Alert>
                ) : issues.length === 0 ? (
                  <p className="empty" data-testid="issues-empty">
                    {filters.status === 'OPEN' && !filters.type
                      ? 'No open issues: every decision is made.'
                      : 'No issues match these filters.'}
                  </p>
                ) : (
                  <IssueList
                    issues={issues}
                    total={total}
                    selectedId={selectedId}
                    onSelect={choose}
                    hasNextPage={hasNextPage}
                    isFetchingNextPage={isFetchingNextPage}
                    fetchNextPage={loadMore}
                    stale={issuesQuery.isPlaceholderData}
                  />
                )}
              </div>
              <div
                className="review__panel"
                ref={panelRef}
                tabIndex={-1}
                aria-label="Chosen issue"
                role="region"
              >
                {selectedId ? (
                  <IssuePanel
                    key={selectedId}
                    jobId={jobId}
                    issueId={selectedId}
                    listIssue={selectedIndex >= 0 ? issues[selectedIndex] : undefined}
                    listUpdatedAt={issuesQuery.dataUpdatedAt}
                    editable={editable}
                    onPrevious={
                      previousIndex >= 0 ? () => selectAt(previousIndex, 'previous') : undefined
                    }
                    onNext={
                      nextIndex >= 0 && nextIndex < issues.length
                        ? () => selectAt(nextIndex, 'next')
                        : undefined
                    }
                    focusOnShow={navFocus}
                  />
                ) : (
                  <p className="empty">Choose an issue in the list to see its rows.</p>
                )}
              </div>
            </div>
          </>
        )}

        {editable && (
          <>
            <div className="review__actions">
              {/* Not while blocking issues are open: the text above says so. The API still
                  refuses a finalize that another reviewer's reopen made too early. */}
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  finalize.reset();
                  setConfirmingFinalize(true);
                }}
                disabled={openBlockingIssues > 0 || finalize.isPending}
                aria-describedby={`${id}-finalize-state`}
                data-testid="finalize-job"
              >
                {finalize.isPending ? 'Finalizing…' : 'Finalize'}
              </button>
            </div>
            <ConfirmDialog
              open={confirmingFinalize}
              title="Finalize this job?"
              confirmLabel="Finalize"
              busyLabel="Finalizing…"
              busy={finalize.isPending}
              onConfirm={() =>
                finalize.mutate({ jobId }, { onSettled: () => setConfirmingFinalize(false) })
              }
              onCancel={() => setConfirmingFinalize(false)}
              data-testid="finalize-confirm"
            >
              <p>
                The final contacts are written from the decisions made, and the decisions can no
                longer be changed or reopened. This cannot be undone.
              </p>
            </ConfirmDialog>
            {finalize.isError && (
              <Alert data-testid="finalize-error">
                {errorMessage(finalize.error, FINALIZE_MESSAGES)}
              </Alert>
            )}
          </>
        )}
      </section>
      <AuditTrail jobId={jobId} onShowIssue={showIssue} />
    </>
  );
}
