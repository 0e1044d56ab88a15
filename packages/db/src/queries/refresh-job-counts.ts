import type { EntityManager } from 'typeorm';
import type { Job } from '../entities/job.entity.js';

/**
 * Recomputes a job's issue counts from the issues themselves. Counts are derived, never
 * incremented, so no sequence of resolves, reopens and retries can make them drift.
 */
export async function refreshIssueCounts(
  manager: EntityManager,
  jobId: string,
): Promise<{ openIssues: number; openBlockingIssues: number }> {
  const [[counts]] = await manager.query<
    [{ openIssues: number; openBlockingIssues: number }[], number]
  >(
    `UPDATE jobs j
        SET open_issues = c.open_issues,
            open_blocking_issues = c.open_blocking_issues
       FROM (SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS open_issues,
                    count(*) FILTER (WHERE status = 'OPEN' AND blocking)::int AS open_blocking_issues
               FROM issues WHERE job_id = $1) c
      WHERE j.id = $1
  RETURNING j.open_issues AS "openIssues", j.open_blocking_issues AS "openBlockingIssues"`,
    [jobId],
  );
  return counts ?? { openIssues: 0, openBlockingIssues: 0 };
}

/**
 * A job's counts when nothing of its file is kept: a new attempt starts from them, a failed one
 * ends with them, and so does a run cancelled half way.
 */
export const NO_JOB_COUNTS = {
  totalRows: 0,
  validRows: 0,
  invalidRows: 0,
  duplicateGroups: 0,
  openIssues: 0,
  openBlockingIssues: 0,
  finalContacts: 0,
} as const satisfies Partial<Job>;

/** NO_JOB_COUNTS as the SET list of a raw `UPDATE jobs` (the columns are the snake_case names). */
export const NO_JOB_COUNTS_SQL = Object.keys(NO_JOB_COUNTS)
  .map((property) => `${property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = 0`)
  .join(', ');
