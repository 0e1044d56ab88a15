import { useId } from 'react';
import { Alert } from '../../../components/alert';
import { Spinner } from '../../../components/spinner';
import { errorMessage, type MessagesByCode } from '../../../lib/error-message';
import { formatNumber } from '../../../lib/format';
import type { IssueType } from '../../../types/api';
import { useFinalizeJob } from '../api/finalize-job';
import { useJobIssues } from '../api/get-job-issues';

const ISSUE_TYPE_LABELS: Record<IssueType, string> = {
  DUPLICATE_EMAIL: 'Duplicate email',
  MISSING_EMAIL: 'Missing email',
  INVALID_EMAIL_FORMAT: 'Invalid email',
  MISSING_FIRST_NAME: 'Missing first name',
  MISSING_LAST_NAME: 'Missing last name',
};

// OPEN_ISSUES_REMAIN keeps the API's own message, which says how many issues are open.
const FINALIZE_MESSAGES: MessagesByCode = {
  INVALID_STATE: 'This job is no longer waiting for review, so it cannot be finalized.',
};

type ReviewIssuesSectionProps = {
  jobId: string;
  openBlockingIssues: number;
};

/** Placeholder for the review screen: the first page of issues and the finalize action. */
export function ReviewIssuesSection({ jobId, openBlockingIssues }: ReviewIssuesSectionProps) {
  const issuesQuery = useJobIssues({ jobId });
  const finalize = useFinalizeJob();
  const id = useId();
  const issues = issuesQuery.data?.items ?? [];
  const byStatus = issuesQuery.data?.counts.byStatus;

  return (
    <section className="card review" aria-labelledby={`${id}-title`} data-testid="review-section">
      <h2 id={`${id}-title`}>Review issues</h2>
      <p className="muted">
        {openBlockingIssues > 0
          ? `${formatNumber(openBlockingIssues)} blocking ${openBlockingIssues === 1 ? 'issue is' : 'issues are'} still open. Finalizing is possible once none are.`
          : 'No blocking issues are open: the job can be finalized.'}
      </p>

      {issuesQuery.isPending ? (
        <Spinner label="Loading issues…" />
      ) : issuesQuery.isError ? (
        <Alert data-testid="issues-error">{errorMessage(issuesQuery.error)}</Alert>
      ) : issues.length === 0 ? (
        <p className="empty">No issues.</p>
      ) : (
        <>
          {byStatus && (
            <p className="small" data-testid="issue-counts">
              Open: {formatNumber(byStatus.OPEN ?? 0)} · Resolved:{' '}
              {formatNumber(byStatus.RESOLVED ?? 0)}
            </p>
          )}
          <div className="table-wrap">
            <table className="table" data-testid="issues-table">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Key</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {issues.map((issue) => (
                  <tr
                    key={issue.id}
                    data-testid="issue-row"
                    data-issue-id={issue.id}
                    data-issue-type={issue.type}
                    data-issue-status={issue.status}
                  >
                    <td>
                      {ISSUE_TYPE_LABELS[issue.type] ?? issue.type}
                      {issue.blocking && <span className="tag">blocking</span>}
                    </td>
                    <td>
                      <code>{issue.key}</code>
                    </td>
                    <td>
                      <span
                        className={`badge badge--issue-${issue.status.toLowerCase()}`}
                        data-testid="issue-status-badge"
                        data-status={issue.status}
                      >
                        {issue.status === 'OPEN' ? 'Open' : 'Resolved'}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {issuesQuery.data.nextCursor !== null && (
            <p className="muted small">Showing the first {issues.length} issues.</p>
          )}
        </>
      )}

      <div className="review__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => finalize.mutate({ jobId })}
          disabled={finalize.isPending}
          data-testid="finalize-job"
        >
          {finalize.isPending ? 'Finalizing…' : 'Finalize'}
        </button>
      </div>
      {finalize.isError && (
        <Alert data-testid="finalize-error">
          {errorMessage(finalize.error, FINALIZE_MESSAGES)}
        </Alert>
      )}
    </section>
  );
}
