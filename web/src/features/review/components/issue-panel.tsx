import { useEffect, useId, useRef, useState } from 'react';
import { Alert } from '../../../components/alert';
import { Spinner } from '../../../components/spinner';
import { ApiError } from '../../../lib/api-client';
import { errorMessage, type MessagesByCode } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../../lib/session';
import type { Issue, IssueDecision, IssueRow, MergeField } from '../../../types/api';
import { useIssue } from '../api/get-issue';
import { useReopenIssue } from '../api/reopen-issue';
import { useResolveIssue } from '../api/resolve-issue';
import {
  defaultMergeFields,
  describeDecision,
  FIELD_LABELS,
  isMergeField,
  ISSUE_STATUS_LABELS,
  issueTitle,
  type ContactField,
} from '../utils/issue-labels';
import { EmailFixForm } from './email-fix-form';
import { IssueRowsTable, type CellOutcome } from './issue-rows-table';

// The API's own messages say what is wrong for the other codes (e.g. "already resolved").
const ISSUE_MESSAGES: MessagesByCode = {
  VERSION_CONFLICT:
    'Someone else changed this issue while you were looking at it. It has been reloaded with ' +
    'their change: check it before deciding again.',
};

type DecisionFailure = {
  action: IssueDecision['action'] | 'reopen';
  error: unknown;
};

/** What the decision did to each normalized cell, for a resolved issue. */
function outcomeOf(
  issue: Issue,
): ((row: IssueRow, field: ContactField) => CellOutcome) | undefined {
  const { resolution } = issue;
  switch (resolution?.action) {
    case 'choose':
      return (row) => (row.rowId === resolution.rowId ? 'kept' : 'dropped');
    case 'merge':
      return (row, field) =>
        isMergeField(field)
          ? resolution.fields[field] === row.rowId
            ? 'kept'
            : 'dropped'
          : undefined;
    case 'exclude':
      return () => 'dropped';
    default:
      return undefined;
  }
}

type DuplicateDecisionProps = {
  issue: Issue;
  pending: boolean;
  onDecide: (decision: IssueDecision) => void;
};

function DuplicateDecision({ issue, pending, onDecide }: DuplicateDecisionProps) {
  const [fields, setFields] = useState<Record<MergeField, string>>(() =>
    defaultMergeFields(issue.rows),
  );
  const name = useId();
  return (
    <>
      <p className="muted small">
        Keep one row as the contact; or pick, field by field, the value that wins and merge; or
        leave the whole group out.
      </p>
      <IssueRowsTable
        rows={issue.rows}
        renderColumnAction={(row) => (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={pending}
            onClick={() => onDecide({ action: 'choose', rowId: row.rowId })}
          >
            Keep row {row.rowNumber}
          </button>
        )}
        renderFieldCell={(row, field) => {
          if (!isMergeField(field)) return null;
          const value = row.normalized[field] ?? '';
          return (
            <label className="merge-choice">
              <input
                type="radio"
                name={`${name}-${field}`}
                value={row.rowId}
                checked={fields[field] === row.rowId}
                onChange={() => setFields((current) => ({ ...current, [field]: row.rowId }))}
              />
              <span className="visually-hidden">
                Use {FIELD_LABELS[field].toLowerCase()} from row {row.rowNumber}:{' '}
              </span>
              {value || <span className="muted">empty</span>}
            </label>
          );
        }}
      />
      <div className="issue-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={pending}
          onClick={() => onDecide({ action: 'merge', fields })}
        >
          Merge chosen values
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={pending}
          onClick={() => onDecide({ action: 'exclude' })}
        >
          Exclude all {issue.rows.length} rows
        </button>
      </div>
    </>
  );
}

type ResolvedDecisionProps = {
  issue: Issue;
  editable: boolean;
  pending: boolean;
  onReopen: () => void;
};

function ResolvedDecision({ issue, editable, pending, onReopen }: ResolvedDecisionProps) {
  const session = useSession();
  const myId = session.status === 'signed-in' ? session.user?.id : undefined;
  const { resolution } = issue;
  return (
    <div className="decision" data-testid="issue-decision">
      <p className="decision__text">
        <strong>Decision:</strong>{' '}
        <span data-testid="issue-decision-text">{describeDecision(issue)}</span>
      </p>
      {resolution && (
        <p className="muted small">
          By {resolution.resolvedBy === myId ? 'you' : 'another reviewer'},{' '}
          {formatDateTime(resolution.resolvedAt)}
        </p>
      )}
      {editable && (
        <button
          type="button"
          className="button button--secondary"
          disabled={pending}
          onClick={onReopen}
        >
          {pending ? 'Reopening…' : 'Reopen'}
        </button>
      )}
    </div>
  );
}

type IssuePanelProps = {
  jobId: string;
  issueId: string;
  /** The issue as the list shows it, so opening it needs no request. */
  listIssue?: Issue;
  listUpdatedAt?: number;
  /** Decisions can change only while the job is in review. */
  editable: boolean;
  onPrevious?: () => void;
  onNext?: () => void;
  /**
   * The panel came from its Previous or Next button: the panel before it, with the button just
   * pressed, is gone, so the keyboard lands on the same button here (or the heading, at an end).
   */
  focusOnShow?: 'previous' | 'next';
};

/** One issue: its rows side by side and what can be decided about it. */
export function IssuePanel({
  jobId,
  issueId,
  listIssue,
  listUpdatedAt,
  editable,
  onPrevious,
  onNext,
  focusOnShow,
}: IssuePanelProps) {
  const issueQuery = useIssue({
    jobId,
    issueId,
    initialIssue: listIssue,
    initialIssueUpdatedAt: listUpdatedAt,
  });
  const resolve = useResolveIssue();
  const reopen = useReopenIssue();
  const [failure, setFailure] = useState<DecisionFailure | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previousRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const focusedOnShow = useRef(false);
  const shown = issueQuery.isSuccess;
  const id = useId();

  useEffect(() => {
    if (!focusOnShow || !shown || focusedOnShow.current) return;
    focusedOnShow.current = true;
    const button = focusOnShow === 'next' ? nextRef.current : previousRef.current;
    (button && !button.disabled ? button : headingRef.current)?.focus();
  }, [focusOnShow, shown]);

  if (issueQuery.isPending) return <Spinner label="Loading the issue…" />;
  if (issueQuery.isError) {
    return (
      <Alert data-testid="issue-load-error">
        {errorMessage(issueQuery.error, {
          // A duplicate issue goes away when the fix that made its group is taken back.
          NOT_FOUND: 'This issue no longer exists: the rows that made it have changed.',
        })}
      </Alert>
    );
  }

  const issue = issueQuery.data;
  const pending = resolve.isPending || reopen.isPending;
  // The button just pressed is gone once the decision shows, or disabled while it was sent and
  // the refusal shows: either way, keep the keyboard in the panel. (A refused fix then goes on
  // to its input: EmailFixForm.)
  const focusHeading = () => headingRef.current?.focus();
  const refused = (action: DecisionFailure['action'], error: unknown) => {
    setFailure({ action, error });
    focusHeading();
  };

  const decide = (decision: IssueDecision) => {
    setFailure(null);
    resolve.mutate(
      { issue, body: { ...decision, version: issue.version } },
      {
        onSuccess: focusHeading,
        onError: (error) => refused(decision.action, error),
      },
    );
  };
  const takeBack = () => {
    setFailure(null);
    reopen.mutate(
      { issue },
      { onSuccess: focusHeading, onError: (error) => refused('reopen', error) },
    );
  };

  const fixError =
    failure?.action === 'fix' &&
    failure.error instanceof ApiError &&
    failure.error.code === 'INVALID_RESOLUTION'
      ? failure.error.message
      : null;
  const generalError = failure && !fixError ? failure.error : null;
  const [firstRow] = issue.rows;

  let body;
  if (issue.status === 'RESOLVED') {
    body = (
      <>
        <ResolvedDecision
          issue={issue}
          editable={editable}
          pending={reopen.isPending}
          onReopen={takeBack}
        />
        <IssueRowsTable rows={issue.rows} outcome={outcomeOf(issue)} />
      </>
    );
  } else if (!issue.blocking) {
    body = (
      <>
        <p className="note" data-testid="issue-warning-note">
          A warning: the row is imported as it is. Nothing needs to be decided.
        </p>
        <IssueRowsTable rows={issue.rows} />
      </>
    );
  } else if (!editable) {
    body = <IssueRowsTable rows={issue.rows} />;
  } else if (issue.type === 'DUPLICATE_EMAIL') {
    body = <DuplicateDecision issue={issue} pending={pending} onDecide={decide} />;
  } else {
    // The blocking row issues, a missing or invalid email: exclude the row or fix its email.
    body = (
      <>
        <IssueRowsTable rows={issue.rows} />
        <div className="issue-actions">
          <button
            type="button"
            className="button button--danger"
            disabled={pending}
            onClick={() => decide({ action: 'exclude' })}
          >
            Exclude row{firstRow ? ` ${firstRow.rowNumber}` : ''}
          </button>
        </div>
        <EmailFixForm
          // A reloaded issue (another reviewer's change) starts the form afresh.
          key={issue.version}
          initialEmail={firstRow?.normalized.email ?? ''}
          pending={pending}
          error={fixError}
          onFix={(email) => decide({ action: 'fix', email })}
        />
      </>
    );
  }

  return (
    <article
      className="issue-panel"
      aria-labelledby={`${id}-title`}
      aria-busy={pending}
      data-testid="issue-panel"
      data-issue-id={issue.id}
      data-issue-type={issue.type}
      data-issue-status={issue.status}
      data-version={issue.version}
    >
      <header className="issue-panel__header">
        <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="issue-panel__title">
          {issueTitle(issue)}
        </h3>
        <span
          className={`badge badge--issue-${issue.status.toLowerCase()}`}
          data-testid="issue-panel-status"
        >
          {ISSUE_STATUS_LABELS[issue.status] ?? issue.status}
        </span>
        {issue.blocking ? (
          <span className="tag">blocking</span>
        ) : (
          <span className="tag tag--warning">warning</span>
        )}
        <nav className="issue-panel__nav" aria-label="Issues">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onPrevious}
            disabled={!onPrevious}
            ref={previousRef}
          >
            ← Previous
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onNext}
            disabled={!onNext}
            ref={nextRef}
          >
            Next →
          </button>
        </nav>
      </header>
      {issueQuery.isFetching && !pending && (
        <p className="muted small" role="status">
          Reloading the issue…
        </p>
      )}
      {generalError !== null && (
        <Alert data-testid="issue-error">{errorMessage(generalError, ISSUE_MESSAGES)}</Alert>
      )}
      {body}
    </article>
  );
}
