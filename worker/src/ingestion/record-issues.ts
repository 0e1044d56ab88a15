import { isBlockingIssue, ISSUE_TYPES } from '@intake/domain';
import type { QueryRunner } from 'typeorm';

const BLOCKING_TYPES = ISSUE_TYPES.filter(isBlockingIssue);

/**
 * Spec §6-§7 in two set-based statements over the rows just copied:
 * - one issue per row issue type (blocking or warning), keyed `row-<n>`;
 * - one DUPLICATE_EMAIL issue per group of valid rows sharing an email whose identities
 *   differ, with the group's row numbers as its candidates. Groups whose identities agree
 *   need no issue: finalize merges them.
 * Identities differ exactly when min <> max, which a hash aggregate computes in one pass,
 * unlike count(DISTINCT …). Issues are inserted in the order of their first row: the review order.
 * Returns the number of duplicate groups (emails on two or more valid rows).
 */
export async function recordIssues(
  runner: QueryRunner,
  jobId: string,
): Promise<{ duplicateGroups: number }> {
  // One hash aggregate over the job's valid rows; enough memory that it need not spill.
  await runner.query(`SET LOCAL work_mem = '256MB'`);
  await runner.query(
    `CREATE TEMP TABLE email_groups ON COMMIT DROP AS
       SELECT email, min(row_number) AS first_row, min(identity_key) <> max(identity_key) AS conflicting
         FROM raw_rows
        WHERE job_id = $1 AND is_valid
        GROUP BY email
       HAVING count(*) > 1`,
    [jobId],
  );
  await runner.query(
    `INSERT INTO issues (job_id, type, blocking, key, row_numbers, status)
     SELECT $1::uuid, type, blocking, key, row_numbers, 'OPEN'
       FROM (
         SELECT t.type, t.type = ANY($2::text[]) AS blocking, 'row-' || r.row_number AS key,
                ARRAY[r.row_number] AS row_numbers, r.row_number AS first_row
           FROM raw_rows r CROSS JOIN LATERAL unnest(r.issue_types) AS t(type)
          WHERE r.job_id = $1 AND cardinality(r.issue_types) > 0
         UNION ALL
         SELECT 'DUPLICATE_EMAIL', true, g.email, c.row_numbers, g.first_row
           FROM email_groups g
           JOIN (SELECT r.email, array_agg(r.row_number ORDER BY r.row_number) AS row_numbers
                   FROM raw_rows r JOIN email_groups g2 ON g2.email = r.email AND g2.conflicting
                  WHERE r.job_id = $1 AND r.is_valid
                  GROUP BY r.email) c ON c.email = g.email
          WHERE g.conflicting
       ) found
      ORDER BY first_row, type`,
    [jobId, BLOCKING_TYPES],
  );
  const [groups] = (await runner.query('SELECT count(*)::int AS n FROM email_groups')) as {
    n: number;
  }[];
  await runner.query('DROP TABLE email_groups');
  await runner.query('RESET work_mem');
  return { duplicateGroups: groups?.n ?? 0 };
}
