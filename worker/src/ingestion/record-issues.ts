import { isBlockingIssue, ISSUE_TYPES } from '@intake/domain';
import type { QueryRunner } from 'typeorm';

const BLOCKING_TYPES = ISSUE_TYPES.filter(isBlockingIssue);

/**
 * Spec §6-§7 in two set-based statements over the rows just copied:
 * - one issue per row issue type (blocking or warning), keyed `row-<n>`;
 * - one DUPLICATE_EMAIL issue per group of valid rows sharing an email whose identities
 *   differ. Groups whose identities agree need no issue: finalize merges them.
 * Issues are inserted in the order of their first row, which is the review order.
 * Returns the number of duplicate groups (emails on two or more valid rows).
 */
export async function recordIssues(
  runner: QueryRunner,
  jobId: string,
): Promise<{ duplicateGroups: number }> {
  await runner.query(
    `INSERT INTO issues (job_id, type, blocking, key, row_id, status)
     SELECT job_id, type, blocking, key, row_id, 'OPEN'
       FROM (
         SELECT r.job_id, t.type, t.type = ANY($2::text[]) AS blocking, 'row-' || r.row_number AS key,
                r.id AS row_id, r.row_number AS first_row
           FROM raw_rows r CROSS JOIN LATERAL unnest(r.issue_types) AS t(type)
          WHERE r.job_id = $1
         UNION ALL
         SELECT $1::uuid, 'DUPLICATE_EMAIL', true, g.email, NULL, g.first_row
           FROM (SELECT email, min(row_number) AS first_row
                   FROM raw_rows
                  WHERE job_id = $1 AND is_valid
                  GROUP BY email
                 HAVING count(DISTINCT identity_key) > 1) g
       ) found
      ORDER BY first_row, type`,
    [jobId, BLOCKING_TYPES],
  );
  const [groups] = (await runner.query(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM raw_rows WHERE job_id = $1 AND is_valid GROUP BY email HAVING count(*) > 1
     ) g`,
    [jobId],
  )) as { n: number }[];
  return { duplicateGroups: groups?.n ?? 0 };
}
