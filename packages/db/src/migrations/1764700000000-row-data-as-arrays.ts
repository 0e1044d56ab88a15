import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `table`'s data from objects to arrays in the order of its job's columns, or back. */
const toArrays = (table: string) => `
  UPDATE ${table} t
     SET data = (SELECT coalesce(json_agg(coalesce(t.data->>c.key, '') ORDER BY c.n), '[]'::json)
                   FROM jsonb_array_elements_text(j.columns) WITH ORDINALITY AS c(key, n))
    FROM jobs j
   WHERE j.id = t.job_id AND json_typeof(t.data) = 'object' AND jsonb_array_length(j.columns) > 0`;

const toObjects = (table: string) => `
  UPDATE ${table} t
     SET data = (SELECT coalesce(json_object_agg(c.key, coalesce(t.data->>(c.n::int - 1), '') ORDER BY c.n), '{}'::json)
                   FROM jsonb_array_elements_text(j.columns) WITH ORDINALITY AS c(key, n))
    FROM jobs j
   WHERE j.id = t.job_id AND json_typeof(t.data) = 'array'`;

export class RowDataAsArrays1764700000000 implements MigrationInterface {
  name = 'RowDataAsArrays1764700000000';

  // A row's data becomes the array of its values in the order of its job's columns (jobs.columns)
  // instead of an object keyed by them: the worker writes it with JSON.stringify of an array,
  // about an eighth of the load's instructions less than building and writing an object per row,
  // and each row no longer repeats every header. Only jobs that have their columns hold rows
  // (the load records them in the transaction that writes the rows).
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(toArrays('raw_rows'));
    await queryRunner.query(toArrays('final_contacts'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(toObjects('raw_rows'));
    await queryRunner.query(toObjects('final_contacts'));
  }
}
