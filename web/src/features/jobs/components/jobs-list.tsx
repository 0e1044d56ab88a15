import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert } from '../../../components/alert';
import { Spinner } from '../../../components/spinner';
import { paths } from '../../../config/paths';
import { errorMessage } from '../../../lib/error-message';
import { formatBytes, formatDateTime, formatNumber } from '../../../lib/format';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { JOB_STATUSES, type Job, type JobStatus } from '../../../types/api';
import { useJobs, type JobFilters } from '../api/get-jobs';
import { isJobActive, JOB_STATUS_LABELS } from '../utils/job-status';
import { JobStatusBadge } from './job-status-badge';

const SEARCH_DEBOUNCE_MS = 300;

function toJobStatus(value: string): JobStatus | undefined {
  return JOB_STATUSES.find((status) => status === value);
}

function rowsLabel(job: Job): string {
  // While it runs, a job's counts are of the rows read so far: the total is not known yet.
  const total = isJobActive(job) ? '—' : formatNumber(job.counts.totalRows);
  return `${formatNumber(job.progress.rowsProcessed)} / ${total}`;
}

/** `params` with `name` set to `value`, or without it when `value` is empty. */
function withParam(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}

export function JobsList() {
  // The filters live in the address: a reload, a shared link or Back shows the same list.
  const [searchParams, setSearchParams] = useSearchParams();
  const status = toJobStatus(searchParams.get('status') ?? '');
  const addressQ = searchParams.get('q') ?? '';
  const [search, setSearch] = useState(addressQ);
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  // The box follows the address when something else changes it (the Jobs link, Back)...
  const [seenAddressQ, setSeenAddressQ] = useState(addressQ);
  if (addressQ !== seenAddressQ) {
    setSeenAddressQ(addressQ);
    if (addressQ !== q) setSearch(addressQ);
  }
  // ...and the address follows the box once typing pauses, only then.
  const typedQ = useRef(q);
  useEffect(() => {
    if (typedQ.current === q) return;
    typedQ.current = q;
    setSearchParams((params) => withParam(params, 'q', q), { replace: true });
  }, [q, setSearchParams]);
  const setStatus = (next: JobStatus | undefined) =>
    setSearchParams((params) => withParam(params, 'status', next ?? ''), { replace: true });
  const filters = useMemo<JobFilters>(() => ({ status, q: q || undefined }), [status, q]);
  const jobsQuery = useJobs({ filters });
  const jobs = jobsQuery.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filters.q ?? filters.status);
  const id = useId();

  return (
    <section className="card jobs" aria-labelledby={`${id}-title`}>
      <div className="jobs__header">
        <h2 id={`${id}-title`}>Jobs</h2>
        {jobsQuery.isFetching && !jobsQuery.isPending && (
          <span className="muted small" aria-live="polite">
            Updating…
          </span>
        )}
      </div>

      <div className="filters" role="search">
        <div className="field field--inline">
          <label htmlFor={`${id}-q`}>Search file names</label>
          <input
            id={`${id}-q`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="e.g. leads"
            data-testid="jobs-search"
          />
        </div>
        <div className="field field--inline">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={status ?? ''}
            onChange={(event) => setStatus(toJobStatus(event.target.value))}
            data-testid="jobs-status-filter"
          >
            <option value="">All statuses</option>
            {JOB_STATUSES.map((value) => (
              <option key={value} value={value}>
                {JOB_STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </div>

      {jobsQuery.isPending ? (
        <Spinner label="Loading jobs…" />
      ) : jobsQuery.isError ? (
        <Alert data-testid="jobs-error">
          {errorMessage(jobsQuery.error)}{' '}
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void jobsQuery.refetch()}
          >
            Try again
          </button>
        </Alert>
      ) : jobs.length === 0 ? (
        <p className="empty" data-testid="jobs-empty">
          {filtered ? 'No jobs match these filters.' : 'No jobs yet. Upload a CSV file to start.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="jobs-table" aria-busy={jobsQuery.isFetching}>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Rows processed / total
                </th>
                <th scope="col" className="num">
                  Valid
                </th>
                <th scope="col" className="num">
                  Invalid
                </th>
                <th scope="col" className="num">
                  Duplicate groups
                </th>
                <th scope="col" className="num">
                  Open blocking issues
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr
                  key={job.id}
                  data-testid="job-row"
                  data-job-id={job.id}
                  data-status={job.status}
                >
                  <td className="table__file">
                    <Link to={paths.job(job.id)} data-testid="job-link">
                      {job.originalFilename}
                    </Link>
                  </td>
                  <td>
                    <JobStatusBadge status={job.status} />
                  </td>
                  <td className="num" data-testid="job-size">
                    {formatBytes(job.sizeBytes)}
                  </td>
                  <td className="num" data-testid="job-rows">
                    {rowsLabel(job)}
                  </td>
                  <td className="num" data-testid="job-valid-rows">
                    {formatNumber(job.counts.validRows)}
                  </td>
                  <td className="num" data-testid="job-invalid-rows">
                    {formatNumber(job.counts.invalidRows)}
                  </td>
                  <td className="num" data-testid="job-duplicate-groups">
                    {formatNumber(job.counts.duplicateGroups)}
                  </td>
                  <td className="num" data-testid="job-open-blocking-issues">
                    {formatNumber(job.counts.openBlockingIssues)}
                  </td>
                  <td className="nowrap">
                    <time dateTime={job.createdAt} data-testid="job-created-at">
                      {formatDateTime(job.createdAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {jobsQuery.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void jobsQuery.fetchNextPage()}
          disabled={jobsQuery.isFetchingNextPage}
          data-testid="jobs-load-more"
        >
          {jobsQuery.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
