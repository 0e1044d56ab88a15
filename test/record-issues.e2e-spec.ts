import { describe, expect, it } from '@jest/globals';
import { recordIssues } from '../worker/src/ingestion/record-issues.js';
import { SeenFilter } from '../worker/src/ingestion/seen-filter.js';
import { withDataSource } from './support/test-stack.js';

const JOB_ID = '0193a4c2-7d2e-7c3b-9f1a-2b3c4d5e6f71';

// [email, first name, valid]: rows 1-9 of a job, as the load stores them.
const ROWS: [string, string, boolean][] = [
  ['a@x.io', 'Ann', true],
  ['b@x.io', 'Bo', true],
  ['a@x.io', 'Ann', true], // a: same identity so far
  ['', '', false],
  ['b@x.io', 'Ben', true], // b: conflicting
  ['c@x.io', 'Cy', true],
  ['a@x.io', 'Al', true], // a: now conflicting, three rows
  ['c@x.io', 'Cy', true], // c: same identity, no issue
  ['d@x.io', 'Di', true],
];

interface Outcome {
  grouping: string;
  duplicateGroups: number;
  issues: { type: string; key: string; row_numbers: number[] }[];
}

/**
 * recordIssues on real PostgreSQL, on temporary tables shaped like raw_rows and issues (which its
 * unqualified names resolve to in this session), with the load's seen answers and first rows
 * as `firstRows` says: the issues must not depend on how the groups were found.
 */
async function run(
  firstRows: (load: readonly number[] | null) => readonly number[] | null,
): Promise<Outcome> {
  return withDataSource(async (dataSource) => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('CREATE TEMP TABLE raw_rows (LIKE public.raw_rows INCLUDING ALL)');
      await runner.query('CREATE TEMP TABLE issues (LIKE public.issues INCLUDING ALL)');
      const seen = new SeenFilter();
      const emailSeen = ROWS.map(([email, , valid], i) => valid && seen.checkAndAdd(email, i + 1));
      await runner.query(
        `INSERT INTO raw_rows (job_id, row_number, line_number, data, email, first_name, last_name,
                               company, phone, identity_key, issue_types, is_valid, email_seen)
         SELECT $1, r.n, r.n + 1, '[]', r.email, r.first, '', '', '', lower(r.first),
                CASE WHEN r.valid THEN '{}'::text[] ELSE '{MISSING_EMAIL}' END, r.valid, r.seen
           FROM unnest($2::text[], $3::text[], $4::bool[], $5::bool[])
                WITH ORDINALITY AS r(email, first, valid, seen, n)`,
        [
          JOB_ID,
          ROWS.map(([email]) => email),
          ROWS.map(([, first]) => first),
          ROWS.map(([, , valid]) => valid),
          emailSeen,
        ],
      );
      const { duplicateGroups, grouping } = await recordIssues(
        runner,
        JOB_ID,
        firstRows(seen.firstRows()),
        () => undefined,
        () => Promise.resolve(),
      );
      const issues = (await runner.query(
        'SELECT type, key, row_numbers FROM issues ORDER BY seq',
      )) as Outcome['issues'];
      return { grouping, duplicateGroups, issues };
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
}

const EXPECTED = {
  duplicateGroups: 3,
  issues: [
    { type: 'DUPLICATE_EMAIL', key: 'a@x.io', row_numbers: [1, 3, 7] },
    { type: 'DUPLICATE_EMAIL', key: 'b@x.io', row_numbers: [2, 5] },
    { type: 'MISSING_EMAIL', key: 'row-4', row_numbers: [4] },
  ],
};

describe('recordIssues', () => {
  it("groups through the load's first rows when it knows them all", async () => {
    const outcome = await run((load) => load);
    expect(outcome).toEqual({ grouping: 'first rows', ...EXPECTED });
  });

  it('scans for the groups when the load knows no first rows (its table overflowed)', async () => {
    expect(await run(() => null)).toEqual({ grouping: 'scan', ...EXPECTED });
  });

  it('scans for the groups when a first row is missing (a fingerprint collision hid it)', async () => {
    // Without row 2, b's group holds only its repeat: the check must notice and scan.
    const outcome = await run((load) => (load ?? []).filter((row) => row !== 2));
    expect(outcome).toEqual({ grouping: 'scan', ...EXPECTED });
  });
});
