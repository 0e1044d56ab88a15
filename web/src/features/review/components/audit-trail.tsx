import { useId } from 'react';
import { Alert } from '../../../components/alert';
import { Spinner } from '../../../components/spinner';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { AuditEntry } from '../../../types/api';
import { useJobAudit } from '../api/get-job-audit';
import { describeAuditDecision } from '../utils/issue-labels';

function describeEntry(entry: Pick<AuditEntry, 'action' | 'details'>): string {
  switch (entry.action) {
    case 'reopen': {
      const previous = entry.details.previous;
      return previous ? `Reopened (was: ${describeAuditDecision(previous)})` : 'Reopened';
    }
    case 'finalize': {
      const made = entry.details.finalContacts;
      return typeof made === 'number'
        ? `Finalized: ${formatNumber(made)} ${made === 1 ? 'contact' : 'contacts'}`
        : 'Finalized';
    }
    default:
      return describeAuditDecision(entry.details);
  }
}

type AuditTrailProps = {
  jobId: string;
  /** Opens the issue an entry is about in the review panel. */
  onShowIssue?: (issueId: string) => void;
};

/** Every resolve and reopen of the job's issues: who, when and what, newest first. */
export function AuditTrail({ jobId, onShowIssue }: AuditTrailProps) {
  const auditQuery = useJobAudit({ jobId });
  const id = useId();
  const entries = auditQuery.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="card audit" aria-labelledby={`${id}-title`} data-testid="audit-trail">
      <h2 id={`${id}-title`}>Audit trail</h2>
      {auditQuery.isPending ? (
        <Spinner label="Loading the audit trail…" />
      ) : auditQuery.isError ? (
        <Alert data-testid="audit-error">{errorMessage(auditQuery.error)}</Alert>
      ) : entries.length === 0 ? (
        <p className="empty" data-testid="audit-empty">
          No decisions yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">
                  <span className="visually-hidden">Issue</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ issueId, ...entry }, index) => (
                <tr
                  // Entries have no id of their own, and hold no state: a new one on top only
                  // re-renders the rows below it.
                  key={`${entry.at}-${issueId}-${index}`}
                  data-testid="audit-entry"
                  data-action={entry.action}
                  data-issue-id={issueId ?? undefined}
                >
                  <td className="nowrap">
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>{entry.actor.email}</td>
                  <td>
                    {describeEntry(entry)}
                    {entry.details.bulk === true && <span className="tag tag--muted">bulk</span>}
                  </td>
                  <td className="num">
                    {onShowIssue && issueId !== null && (
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        onClick={() => onShowIssue(issueId)}
                      >
                        Show issue
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {auditQuery.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void auditQuery.fetchNextPage()}
          disabled={auditQuery.isFetchingNextPage}
          data-testid="audit-load-more"
        >
          {auditQuery.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
