import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '../../../components/alert';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Spinner } from '../../../components/spinner';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-client';
import { errorMessage } from '../../../lib/error-message';
import { formatBytes, formatDateTime, formatNumber } from '../../../lib/format';
import type { Job } from '../../../types/api';
import { useChangeJob } from '../api/change-job';
import { useDownloadJobFile } from '../api/download-job-file';
import { useJob } from '../api/get-job';
import { useJobEvents } from '../api/use-job-events';
import { canCancelJob, canRetryJob, isJobActive } from '../utils/job-status';
import { takeOwnStatusChange } from '../utils/own-status-change';
import { JobStatusBadge } from './job-status-badge';

const DELIMITER_LABELS: Partial<Record<string, string>> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
  '|': 'Pipe (|)',
};

function delimiterLabel(delimiter: string | null): string {
  if (delimiter === null || delimiter === '') return '—';
  return DELIMITER_LABELS[delimiter] ?? JSON.stringify(delimiter);
}

function JobProgress({ job }: { job: Job }) {
  const { rowsProcessed } = job.progress;
  const { totalRows } = job.counts;
  const active = isJobActive(job);
  // A failed or cancelled job kept nothing: no bar, only how far it was read.
  const stopped = job.status === 'FAILED' || job.status === 'CANCELLED';
  // While the file is read, the counts are those of the rows read so far: the total is known
  // only once the job is done.
  const percent =
    !active && totalRows > 0 ? Math.min(100, Math.round((rowsProcessed / totalRows) * 100)) : null;
  return (
    <div className="job-progress" data-testid="job-progress">
      {active ? (
        <progress aria-label="Rows processed" />
      ) : (
        !stopped && <progress max={100} value={percent ?? 100} aria-label="Rows processed" />
      )}
      <span data-testid="job-rows">
        {formatNumber(rowsProcessed)} rows processed
        {!active && totalRows > 0 && ` of ${formatNumber(totalRows)}`}
        {percent !== null && ` (${percent}%)`}
      </span>
    </div>
  );
}

type DownloadButtonProps = {
  label: string;
  pending: boolean;
  onDownload: () => void;
  variant: 'primary' | 'secondary';
  testId: string;
};

/**
 * A button, not a link: the file needs the access token in a header, which a link opened in a
 * new tab (or its address pasted) would not carry, and would answer 401 there. It is fetched
 * with the token, then saved.
 */
function DownloadButton({ label, pending, onDownload, variant, testId }: DownloadButtonProps) {
  return (
    <button
      type="button"
      onClick={() => {
        if (!pending) onDownload();
      }}
      className={`button button--${variant}`}
      // aria-disabled, not disabled: a disabled button would drop the keyboard to the page.
      aria-disabled={pending}
      data-testid={testId}
    >
      {pending ? 'Preparing download…' : label}
    </button>
  );
}

/** The final contacts once finalized; the rejected rows from review on. */
function JobDownloads({ job }: { job: Job }) {
  const exportDownload = useDownloadJobFile();
  const rejectsDownload = useDownloadJobFile();
  const completed = job.status === 'COMPLETED';
  if (!completed && job.status !== 'NEEDS_REVIEW') return null;
  const input = { jobId: job.id, originalFilename: job.originalFilename };
  return (
    <div className="job-export">
      <div className="job-export__links">
        {completed && (
          <DownloadButton
            label="Download CSV"
            pending={exportDownload.isPending}
            onDownload={() => exportDownload.mutate({ ...input, file: 'contacts' })}
            variant="primary"
            testId="download-export"
          />
        )}
        <DownloadButton
          label="Download rejects CSV"
          pending={rejectsDownload.isPending}
          onDownload={() => rejectsDownload.mutate({ ...input, file: 'rejects' })}
          variant="secondary"
          testId="download-rejects"
        />
      </div>
      {exportDownload.isError && (
        <Alert data-testid="download-error">{errorMessage(exportDownload.error)}</Alert>
      )}
      {rejectsDownload.isError && (
        <Alert data-testid="download-rejects-error">{errorMessage(rejectsDownload.error)}</Alert>
      )}
    </div>
  );
}

/**
 * Spec §8: cancel a job that waits, runs or is in review (asked first: it cannot be undone),
 * retry a failed one on its stored file.
 */
function JobActions({ job }: { job: Job }) {
  const change = useChangeJob();
  const [confirming, setConfirming] = useState(false);
  const cancellable = canCancelJob(job);
  const retriable = canRetryJob(job);
  if (!cancellable && !retriable) return null;
  return (
    <div className="job-actions">
      {retriable && (
        <button
          type="button"
          className="button button--primary"
          disabled={change.isPending}
          onClick={() => change.mutate({ jobId: job.id, change: 'retry' })}
          data-testid="job-retry"
        >
          {change.isPending ? 'Retrying…' : 'Retry'}
        </button>
      )}
      {cancellable && (
        <button
          type="button"
          className="button button--secondary"
          disabled={change.isPending}
          onClick={() => {
            change.reset();
            setConfirming(true);
          }}
          data-testid="job-cancel"
        >
          Cancel job
        </button>
      )}
      {change.isError && <Alert data-testid="job-action-error">{errorMessage(change.error)}</Alert>}
      <ConfirmDialog
        open={confirming}
        title="Cancel this job?"
        confirmLabel="Cancel job"
        dismissLabel="Keep the job"
        busyLabel="Cancelling…"
        busy={change.isPending}
        onConfirm={() =>
          change.mutate(
            { jobId: job.id, change: 'cancel' },
            { onSettled: () => setConfirming(false) },
          )
        }
        onCancel={() => setConfirming(false)}
        data-testid="job-cancel-confirm"
      >
        <p>
          {job.status === 'NEEDS_REVIEW'
            ? 'The review ends here: the job can no longer be finalized or exported.'
            : 'Processing stops and nothing of the file is kept.'}{' '}
          This cannot be undone; the file can be uploaded again.
        </p>
      </ConfirmDialog>
    </div>
  );
}

type CountProps = {
  label: string;
  value: number;
  testId: string;
};

function Count({ label, value, testId }: CountProps) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{formatNumber(value)}</dd>
    </div>
  );
}

type JobDetailProps = {
  jobId: string;
  /** Sections other features add below the job, e.g. the review of its issues. */
  renderAfter?: (job: Job) => ReactNode;
};

export function JobDetail({ jobId, renderAfter }: JobDetailProps) {
  // Until the stream delivers, or when the API refuses it, the job query polls as before.
  const updates = useJobEvents({ jobId });
  const jobQuery = useJob({ jobId, live: updates === 'live' });
  const titleRef = useRef<HTMLHeadingElement>(null);
  const status = jobQuery.data?.status;
  const shownStatus = useRef(status);
  useEffect(() => {
    // This tab's own change of status (Finalize, Cancel, Retry) takes away the button that
    // made it, and the keyboard with it: the job's title takes it then, rather than the top of
    // the page. Once any dialog has closed, hence the next frame.
    const before = shownStatus.current;
    shownStatus.current = status;
    if (before === undefined || before === status || !takeOwnStatusChange(jobId)) return;
    const frame = window.requestAnimationFrame(() => {
      if (document.activeElement === document.body) titleRef.current?.focus();
    });
    return () => window.cancelAnimationFrame(frame);
  }, [jobId, status]);

  if (jobQuery.isPending) {
    return (
      <>
        <title>Job · Intake</title>
        <Spinner label="Loading job…" />
      </>
    );
  }

  // With the job shown already, a failed refetch (the network gone a moment) keeps it on screen:
  // the next poll or event brings it up to date.
  if (jobQuery.isError && jobQuery.data === undefined) {
    const notFound = jobQuery.error instanceof ApiError && jobQuery.error.statusCode === 404;
    return (
      <div className="stack">
        <title>{notFound ? 'Job not found · Intake' : 'Job · Intake'}</title>
        <Alert data-testid="job-load-error">
          {notFound ? 'This job does not exist.' : errorMessage(jobQuery.error)}
        </Alert>
        <Link to={paths.jobs}>Back to jobs</Link>
      </div>
    );
  }

  const job = jobQuery.data;
  const { counts } = job;

  return (
    <div className="stack">
      {/* React puts it in the document's head: each tab, and its history entry, names its job. */}
      <title>{`${job.originalFilename} · Intake`}</title>
      <p>
        <Link to={paths.jobs}>← All jobs</Link>
      </p>
      <article
        className="card job-detail"
        aria-labelledby="job-title"
        data-testid="job-detail"
        data-job-id={job.id}
        data-status={job.status}
        data-updates={updates}
      >
        <header className="job-detail__header">
          <h1 id="job-title" ref={titleRef} className="job-detail__title" tabIndex={-1}>
            {job.originalFilename}
          </h1>
          <JobStatusBadge status={job.status} />
          {updates === 'live' && (
            <span className="live small" data-testid="job-live" title="Changes show as they happen">
              Live
            </span>
          )}
        </header>

        <JobProgress job={job} />
        <JobActions job={job} />

        {job.status === 'FAILED' && (
          <Alert data-testid="job-error">
            {job.error ? (
              <>
                <strong data-testid="job-error-code">{job.error.code}</strong>:{' '}
                <span data-testid="job-error-message">{job.error.message}</span>
                {job.error.line !== null && (
                  <>
                    {' '}
                    (line <span data-testid="job-error-line">{job.error.line}</span>)
                  </>
                )}
              </>
            ) : (
              'The job failed without saying why.'
            )}
          </Alert>
        )}

        <JobDownloads job={job} />

        <h2>Counts</h2>
        <dl className="stats">
          <Count
            label={isJobActive(job) ? 'Rows read so far' : 'Total rows'}
            value={counts.totalRows}
            testId="job-total-rows"
          />
          <Count label="Valid" value={counts.validRows} testId="job-valid-rows" />
          <Count label="Invalid" value={counts.invalidRows} testId="job-invalid-rows" />
          <Count
            label="Duplicate groups"
            value={counts.duplicateGroups}
            testId="job-duplicate-groups"
          />
          <Count label="Open issues" value={counts.openIssues} testId="job-open-issues" />
          <Count
            label="Open blocking issues"
            value={counts.openBlockingIssues}
            testId="job-open-blocking-issues"
          />
          <Count label="Final contacts" value={counts.finalContacts} testId="job-final-contacts" />
        </dl>

        <h2>File</h2>
        <dl className="facts">
          <dt>Size</dt>
          <dd data-testid="job-size">{formatBytes(job.sizeBytes)}</dd>
          <dt>Encoding</dt>
          <dd data-testid="job-encoding">{job.encoding ?? '—'}</dd>
          <dt>Delimiter</dt>
          <dd data-testid="job-delimiter">{delimiterLabel(job.delimiter)}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(job.createdAt)}</dd>
          <dt>Started</dt>
          <dd>{formatDateTime(job.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{formatDateTime(job.finishedAt)}</dd>
        </dl>
      </article>
      {renderAfter?.(job)}
    </div>
  );
}
