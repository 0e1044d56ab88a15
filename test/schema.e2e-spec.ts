import { MIGRATIONS } from '@intake/db';
import { describe, expect, it } from '@jest/globals';
import type { MigrationInterface } from 'typeorm';
import { withDataSource } from './support/test-stack.js';

describe('migrations', () => {
  it('produce exactly the schema the entities describe (no drift)', async () => {
    await withDataSource(async (dataSource) => {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    });
  });
});

describe('migration 1764700000000 (row data as arrays)', () => {
  it("turns stored data keyed by column into arrays in the job's column order, and back", async () => {
    await withDataSource(async (dataSource) => {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        // Temporary tables with the columns the migration reads, which its unqualified names
        // resolve to in this session; the real tables are left alone.
        await runner.query('CREATE TEMP TABLE jobs (id uuid, columns jsonb)');
        await runner.query('CREATE TEMP TABLE raw_rows (job_id uuid, row_number int, data json)');
        await runner.query('CREATE TEMP TABLE final_contacts (job_id uuid, data json)');
        const job = '6e1b511a-d3a6-4560-a47d-d5a3af879087';
        const noColumns = '7f2c622b-e4b7-4671-b58e-e6b4b098a198';
        await runner.query(`INSERT INTO jobs VALUES ($1, $2), ($3, '[]')`, [
          job,
          JSON.stringify(['email', 'Notes', '__proto__', '_extra_1']),
          noColumns,
        ]);
        await runner.query(
          `INSERT INTO raw_rows VALUES
           ($1, 1, '{"email":"a@b.co","Notes":"n \\"q\\"","__proto__":"p"}'),
           ($1, 2, '["c@d.co","m","","e"]'),
           ($2, 1, '{"email":"x@y.co"}')`,
          [job, noColumns],
        );
        await runner.query(
          `INSERT INTO final_contacts VALUES ($1, '{"_extra_1":"e","email":"a@b.co","Notes":""}')`,
          [job],
        );
        const migration = new (
          MIGRATIONS.find(
            (m) => m.name === 'RowDataAsArrays1764700000000',
          ) as new () => MigrationInterface
        )();
        const dataOf = async (sql: string) =>
          ((await runner.query(sql)) as { data: unknown }[]).map((r) => r.data);
        const stored = async () => ({
          rows: await dataOf('SELECT data FROM raw_rows ORDER BY job_id, row_number'),
          contacts: await dataOf('SELECT data FROM final_contacts'),
        });

        await migration.up(runner);
        expect(await stored()).toEqual({
          rows: [['a@b.co', 'n "q"', 'p', ''], ['c@d.co', 'm', '', 'e'], { email: 'x@y.co' }],
          contacts: [['a@b.co', '', '', 'e']],
        });

        await migration.down(runner);
        const back = { email: 'a@b.co', Notes: 'n "q"', ['__proto__']: 'p', _extra_1: '' };
        expect(JSON.stringify((await stored()).rows[0])).toBe(JSON.stringify(back));
        expect(await stored()).toMatchObject({
          rows: [{}, { email: 'c@d.co', Notes: 'm', _extra_1: 'e' }, { email: 'x@y.co' }],
          contacts: [{ email: 'a@b.co', Notes: '', _extra_1: 'e' }],
        });
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });
});
