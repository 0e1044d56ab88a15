import { issueIdSql, jobIdPrefix } from '@intake/db';
import { isBlockingIssue, ISSUE_TYPES } from '@intake/domain';
import type { QueryRunner } from 'typeorm';

const BLOCKING_TYPES = ISSUE_TYPES.filter(isBlockingIssue);

// Derived from the job, first row and type (row-id.ts): in the insert's row order, the ids reach
// the primary key's index in order rather than at random places.
const ISSUE_ID = issueIdSql('$3::text', 'first_row', 'type');

/**
 * An email group's columns in email_groups, over raw_rows as `r`. Identities differ exactly
 * when min <> max.
 */
const groupColumns = (r: string) =>
  `${r}.email, min(${r}.row_number) AS first_row, ` +
  `min(${r}.identity_key) <> max(${r}.identity_key) AS conflicting, ` +
  `array_agg(${r}.row_number ORDER BY ${r}.row_number) AS row_numbers`;

/** Planner settings for the grouping by first rows only (why: groupKnownRows). */
const KNOWN_ROWS_PLAN: Readonly<Record<string, string>> = {
  enable_seqscan: 'off',
  enable_indexscan: 'off',
};

/** Planner settings for the grouping statement by seen emails only (why: groupBySeenEmails). */
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
 * Issues are inserted in the order of their first row: the review order. `firstRows` are the
 * load's SeenFilter.firstRows (null when unknown). `lap` is called after each step ('groupMs',
 * 'issueInsertMs'), for the job's timings.
 * Returns the number of duplicate groups (emails on two or more valid rows), and how they were
 * found, for the job's log.
 */
export async function recordIssues(
  runner: QueryRunner,
  jobId: string,
  firstRows: readonly number[] | null,
  lap: (step: 'groupMs' | 'issueInsertMs') => void,
  onGroups: (found: { groups: number; conflicting: number }) => Promise<void>,
): Promise<{ duplicateGroups: number; grouping: 'first rows' | 'scan' }> {
  await runner.query(`SET LOCAL work_mem = '256MB'`);
  let grouping: 'first rows' | 'scan' = 'first rows';
  if (!firstRows || !(await groupKnownRows(runner, jobId, firstRows))) {
    grouping = 'scan';
    await groupBySeenEmails(runner, jobId);
  }
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
    [jobId, BLOCKING_TYPES, jobIdPrefix(jobId)],
  );
  await runner.query('RESET work_mem');
  lap('issueInsertMs');
  return { duplicateGroups: found.groups, grouping };
}

/**
 * Groups the job's rows answered "seen" by the load (email_seen) together with the rows their
 * emails first appeared on (SeenFilter.firstRows) into email_groups, without joining the job's
 * other rows on email. A group is complete when it holds one of those first rows: its email's
 * first row is then known, and every later row of that email was answered seen. When a
 * fingerprint collision in the filter hid a first row, some group lacks one; then nothing is
 * kept and the answer is false, for the scan of groupBySeenEmails.
 */
async function groupKnownRows(
  runner: QueryRunner,
  jobId: string,
  firstRows: readonly number[],
): Promise<boolean> {
  // The job's rows through a bitmap of its primary-key range: the rows of the two sets are
  // spread over nearly every page of the job, and a bitmap reads each page once, in order, with
  // read-ahead. The planner's other choices are worse at every real size: a sequential scan
  // reads every job's rows (it picks one when statistics make this job the whole table), and a
  // plain index scan reads the pages one at a time (it picks one when statistics predate this
  // job's rows, which were loaded in this transaction): on the 1M-row benchmark after the 100k
  // job, 0.6 s against 1.0 s.
  await runner.query(setLocal(KNOWN_ROWS_PLAN));
  await runner.query(
    `CREATE TEMP TABLE email_groups ON COMMIT DROP AS
       SELECT ${groupColumns('r')}, bool_or(r.row_number = ANY($2::int[])) AS has_first
         FROM raw_rows r
        WHERE r.job_id = $1 AND r.is_valid AND (r.email_seen OR r.row_number = ANY($2::int[]))
        GROUP BY r.email`,
    // The array literal written here rather than by node-postgres, which quotes every element:
    // for the 1M benchmark's 95,998 first rows, 3.5 ms and 661 kB against 26-30 ms and 853 kB.
    [jobId, `{${firstRows.join(',')}}`],
  );
  await runner.query(reset(KNOWN_ROWS_PLAN));
  // A group of one that holds a first row comes only from a fingerprint collision, whose other
  // email's group lacks its first row: counted with the incomplete ones, it never stays.
  const [{ incomplete }] = (await runner.query(
    'SELECT count(*)::int AS incomplete FROM email_groups WHERE NOT has_first OR cardinality(row_numbers) < 2',
  )) as [{ incomplete: number }];
  if (incomplete > 0) {
    await runner.query('DROP TABLE email_groups');
    return false;
  }
  return true;
}

/**
 * Groups every valid row whose email is the email of a row answered "seen" into email_groups:
 * exact without knowing where the emails first appeared, at the cost of reading all the job's
 * valid rows.
 */
async function groupBySeenEmails(runner: QueryRunner, jobId: string): Promise<void> {
  // Grouping every valid row by email is a hash aggregate of nearly a group per row: about a
  // second per million rows, for a few percent of groups of two or more. Only the emails of
  // rows the load's filter marked (email_seen, raw-row.entity.ts) can repeat, and every
  // repeated email has such a row; so the rows of those emails are found with one hash join
  // and grouped exactly. `s.email_seen` is the
  // predicate of the partial index the marked rows are read through (raw-row.entity.ts).
  // The rows were loaded in this transaction, so statistics do not count them yet: the planner
  // would expect one row on each side and pick a nested loop, which at a million rows never
  // ends. Hashing is right at any real size.
  // The worker's own CPU is idle meanwhile, so the statement may use parallel workers: at the
  // default costs the planner keeps it on one process; at zero, on the 1M-row benchmark's rows,
  // it hashes and sorts in three and takes 0.53 s instead of 0.83 s. Parallel workers see the
  // rows this transaction loaded. (A materialized CTE would pin the scan to one process.)
  await runner.query(setLocal(GROUPING_PLAN));
  await runner.query(
    `CREATE TEMP TABLE email_groups ON COMMIT DROP AS
       SELECT ${groupColumns('v')}
         FROM raw_rows v
        WHERE v.job_id = $1 AND v.is_valid
          AND v.email IN (SELECT s.email FROM raw_rows s WHERE s.job_id = $1 AND s.is_valid AND s.email_seen)
        GROUP BY v.email
       HAVING count(*) > 1`,
    [jobId],
  );
  await runner.query(reset(GROUPING_PLAN));
}
