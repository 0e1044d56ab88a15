import type { EntityManager } from 'typeorm';

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
            open_blocking_issues = c.open_blocking_issues,
            updated_at = now()
       FROM (SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS open_issues,
                    count(*) FILTER (WHERE status = 'OPEN' AND blocking)::int AS open_blocking_issues
               FROM issues WHERE job_id = $1) c
      WHERE j.id = $1
  RETURNING j.open_issues AS "openIssues", j.open_blocking_issues AS "openBlockingIssues"`,
    [jobId],
  );
  return counts ?? { openIssues: 0, openBlockingIssues: 0 };
}
