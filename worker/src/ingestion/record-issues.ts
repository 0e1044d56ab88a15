import { issueIdSql } from '@intake/db';
import { isBlockingIssue, ISSUE_TYPES } from '@intake/domain';
import type { QueryRunner } from 'typeorm';

const BLOCKING_TYPES = ISSUE_TYPES.filter(isBlockingIssue);

// Derived from the job, first row and type (row-id.ts): in the insert's row order, the ids reach
// the primary key's index in order rather than at random places.
const ISSUE_ID = issueIdSql('$1', 'first_row', 'type');

/** Planner settings for the grouping statement only (why: in recordIssues). */
const GROUPING_PLAN: Readonly<Record<string, string>> = {
  enable_nestloop: 'off',
  enable_mergejoin: 'off',
  parallel_setup_cost: '0',
  parallel_tuple_cost: '0',
};

// One round trip each: without parameters, a query may hold several statements.
const setLocal = (settings: Readonly<Record<string, string>>) =>
  Object.entries(settings)
    .map(([name, value]) => `SET LOCAL ${name} = ${value};`)
    .join(' ');
const reset = (settings: Readonly<Record<string, string>>) =>
  Object.keys(settings)
    .map((name) => `RESET ${name};`)
    .join(' ');

/**
 * Spec §6-§7 in set-based statements over the rows just copied:
 * - one issue per row issue type (blocking or warning), keyed `row-<n>`;
 * - one DUPLICATE_EMAIL issue per group of valid rows sharing an email whose identities
 *   differ, with the group's row numbers as its candidates. Groups whose identities agree
 *   need no issue: finalize merges them.
 * Issues are inserted in the order of their first row: the review order. `lap` is called after
 * each step ('groupMs', 'issueInsertMs'), for the job's timings.
 * Returns the number of duplicate groups (emails on two or more valid rows).
 */
export async function recordIssues(
  runner: QueryRunner,
  jobId: string,
  lap: (step: 'groupMs' | 'issueInsertMs') => void,
  onGroups: (found: { groups: number; conflicting: number }) => Promise<void>,
): Promise<{ duplicateGroups: number }> {
  // Grouping every valid row by email is a hash aggregate of nearly a group per row: about a
  // second per million rows, for a few percent of groups of two or more. Only the emails of
  // rows the load's Bloom filter marked (email_seen, raw-row.entity.ts) can repeat, and every
  // repeated email has such a row; so the rows of those emails are found with one hash join
  // and grouped exactly. Identities differ exactly when min <> max. `s.email_seen` is the
  // predicate of the partial index the marked rows are read through (raw-row.entity.ts).
  // The rows were loaded in this transaction, so statistics do not count them yet: the planner
  // would expect one row on each side and pick a nested loop, which at a million rows never
  // ends. Hashing is right at any real size.
  // The worker's own CPU is idle meanwhile, so the statement may use parallel workers: at the
  // default costs the planner keeps it on one process; at zero, on the 1M-row benchmark's rows,
  // it hashes and sorts in three and takes 0.53 s instead of 0.83 s. Parallel workers see the
  // rows this transaction loaded. (A materialized CTE would pin the scan to one process.)
  await runner.query(`SET LOCAL work_mem = '256MB'; ${setLocal(GROUPING_PLAN)}`);
  await runner.query(
    `CREATE TEMP TABLE email_groups ON COMMIT DROP AS
       SELECT v.email, min(v.row_number) AS first_row,
              min(v.identity_key) <> max(v.identity_key) AS conflicting,
              array_agg(v.row_number ORDER BY v.row_number) AS row_numbers
         FROM raw_rows v
        WHERE v.job_id = $1 AND v.is_valid
          AND v.email IN (SELECT s.email FROM raw_rows s WHERE s.job_id = $1 AND s.is_valid AND s.email_seen)
        GROUP BY v.email
       HAVING count(*) > 1`,
    [jobId],
  );
  await runner.query(reset(GROUPING_PLAN));
  const [found] = (await runner.query(
    `SELECT count(*)::int AS groups, (count(*) FILTER (WHERE conflicting))::int AS conflicting
       FROM email_groups`,
  )) as [{ groups: number; conflicting: number }];
  lap('groupMs');
  // Shown on the job while the issues are written (seconds at a million rows).
  await onGroups(found);
  // `cardinality(r.issue_types) > 0`, as written, is the predicate of the partial index the rows
  // with row issues are read through (raw-row.entity.ts): another way to say it would scan them all.
  await runner.query(
    `INSERT INTO issues (id, job_id, type, blocking, key, row_numbers, status)
     SELECT ${ISSUE_ID}, $1::uuid, type, blocking, key, row_numbers, 'OPEN'
       FROM (
         SELECT t.type, t.type = ANY($2::text[]) AS blocking, 'row-' || r.row_number AS key,
                ARRAY[r.row_number] AS row_numbers, r.row_number AS first_row
           FROM raw_rows r CROSS JOIN LATERAL unnest(r.issue_types) AS t(type)
          WHERE r.job_id = $1 AND cardinality(r.issue_types) > 0
         UNION ALL
         SELECT 'DUPLICATE_EMAIL', true, g.email, g.row_numbers, g.first_row
           FROM email_groups g
          WHERE g.conflicting
       ) found
      ORDER BY first_row, type`,
    [jobId, BLOCKING_TYPES],
  );
  await runner.query('RESET work_mem');
  lap('issueInsertMs');
  return { duplicateGroups: found.groups };
}
