import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { EventSource } from 'eventsource';
import { useEffect, useState } from 'react';
import { buildUrl, fetchWithAuth } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import { JOB_STATUSES, type Job } from '../../../types/api';
import { isJobFinal } from '../utils/job-status';
import { setJobIfNotOlder } from './get-job';

export const jobEventsPath = (jobId: string): string => `/jobs/${encodeURIComponent(jobId)}/events`;

/**
 * - `connecting`: not (yet, or again) receiving; the library retries after a dropped connection.
 * - `live`: events arrive; the job in the cache is current without polling.
 * - `closed`: the server refused the stream (e.g. an API without it), or the job can no longer
 *   change; the job query's own polling, if any is needed, keeps the page current.
 */
export type JobEventsState = 'connecting' | 'live' | 'closed';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Enough of a check that a malformed event cannot replace a good job with garbage.
function parseJob(data: unknown): Job | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (
      isRecord(value) &&
      typeof value.id === 'string' &&
      JOB_STATUSES.some((status) => status === value.status) &&
      isRecord(value.counts) &&
      isRecord(value.progress)
    ) {
      // The event carries the job exactly as GET /api/jobs/:id answers it.
      return value as Job;
    }
  } catch {
    // Not JSON: ignored like any event we do not understand.
  }
  return null;
}

function sameCounts(a: Job['counts'], b: Job['counts']): boolean {
  return (Object.keys(b) as (keyof Job['counts'])[]).every((key) => a[key] === b[key]);
}

/** Puts a job from the stream in the cache, and marks what its change makes stale. */
export function applyJobEvent(queryClient: QueryClient, job: Job): void {
  const previous = queryClient.getQueryData<Job>(jobKeys.detail(job.id));
  // An event read before the answer to one of our own changes is stale: nothing to apply.
  if (!setJobIfNotOlder(queryClient, job)) return;
  if (previous?.status !== job.status) {
    void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
  }
  if (previous && !sameCounts(previous.counts, job.counts)) {
    // Someone decided something (maybe in another tab, or another reviewer): the counts, the
    // trail, the issue on screen and the list shown are reloaded, so that a reviewer sees a
    // decision before contradicting it and the list agrees with the counts above it. Only the
    // list on screen is fetched again (its loaded pages, a hundred issues each); lists under
    // other filters are marked stale. The review is not on screen while the job is processed,
    // when counts change at every progress beat.
    void queryClient.invalidateQueries({ queryKey: jobKeys.issueCounts(job.id) });
    void queryClient.invalidateQueries({ queryKey: jobKeys.audit(job.id) });
    void queryClient.invalidateQueries({ queryKey: jobKeys.issueDetails(job.id) });
    void queryClient.invalidateQueries({ queryKey: jobKeys.issueLists(job.id) });
  }
}

type UseJobEventsOptions = {
  jobId: string;
};

/**
 * Follows `GET /api/jobs/:id/events` (server-sent events: `event: job`, the job as data) and
 * keeps the job's query current with it. The `eventsource` package is used instead of the
 * browser's EventSource because that one cannot send the Authorization header.
 */
export function useJobEvents({ jobId }: UseJobEventsOptions): JobEventsState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<JobEventsState>('connecting');

  useEffect(() => {
    setState('connecting');
    const source = new EventSource(buildUrl(jobEventsPath(jobId)), { fetch: fetchWithAuth });
    source.addEventListener('job', (event: MessageEvent) => {
      const job = parseJob(event.data);
      if (!job || job.id !== jobId) return;
      applyJobEvent(queryClient, job);
      if (isJobFinal(job)) {
        // Nothing about it can change any more: no connection held open for nothing.
        source.close();
        setState('closed');
      } else {
        setState('live');
      }
    });
    source.addEventListener('error', () => {
      // CLOSED: refused for good (a 404 or another non-stream answer); the library does not
      // retry, so the page falls back to polling. Otherwise it reconnects by itself.
      setState(source.readyState === source.CLOSED ? 'closed' : 'connecting');
    });
    return () => source.close();
  }, [jobId, queryClient]);

  return state;
}
