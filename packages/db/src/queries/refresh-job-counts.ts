import type { EntityManager } from 'typeorm';

/**
 * Recomputes a job's issue counts from the issues themselves. Counts are derived, never
 * incremented, so no sequence of resolves, reopens and retries can make them drift.
 */
export async function refreshIssueCounts(manager: EntityManager, jobId: string): Promise<void> {
  await manager.query(
    `UPDATE jobs j
        SET open_issues = c.open_issues,
            open_blocking_issues = c.open_blocking_issues,
            updated_at = now()
       FROM (SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS open_issues,
                    count(*) FILTER (WHERE status = 'OPEN' AND blocking)::int AS open_blocking_issues
               FROM issues WHERE job_id = $1) c
      WHERE j.id = $1`,
    [jobId],
  );
}
