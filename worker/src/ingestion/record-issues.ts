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
  // One hash aggregate over the job's valid rows, with enough memory not to spill. The rows
  // were loaded in this transaction, so statistics do not count them yet and the planner
  // would sort a million emails, believing there is one; hashing is right at any real size.
  await runner.query(`SET LOCAL work_mem = '256MB'`);
  await runner.query('SET LOCAL enable_sort = off');
  await runner.query(
    `CREATE TEMP TABLE email_groups ON COMMIT DROP AS
       SELECT email, min(row_number) AS first_row, min(identity_key) <> max(identity_key) AS conflicting,
              array_agg(row_number) AS row_numbers
         FROM raw_rows
        WHERE job_id = $1 AND is_valid
        GROUP BY email
       HAVING count(*) > 1`,
    [jobId],
  );
  await runner.query('RESET enable_sort');
  await runner.query(
    `INSERT INTO issues (job_id, type, blocking, key, row_numbers, status)
     SELECT $1::uuid, type, blocking, key, row_numbers, 'OPEN'
       FROM (
         SELECT t.type, t.type = ANY($2::text[]) AS blocking, 'row-' || r.row_number AS key,
                ARRAY[r.row_number] AS row_numbers, r.row_number AS first_row
           FROM raw_rows r CROSS JOIN LATERAL unnest(r.issue_types) AS t(type)
          WHERE r.job_id = $1 AND cardinality(r.issue_types) > 0
         UNION ALL
         -- A hash aggregate cannot order inside array_agg; order the few conflicting groups here.
         SELECT 'DUPLICATE_EMAIL', true, g.email, ARRAY(SELECT unnest(g.row_numbers) ORDER BY 1), g.first_row
           FROM email_groups g
          WHERE g.conflicting
       ) found
      ORDER BY first_row, type`,
    [jobId, BLOCKING_TYPES],
  );
  const [groups] = (await runner.query('SELECT count(*)::int AS n FROM email_groups')) as {
    n: number;
  }[];
  await runner.query('RESET work_mem');
  return { duplicateGroups: groups?.n ?? 0 };
}
