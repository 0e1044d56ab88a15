import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RawRowPartialIndexes1764500000000 implements MigrationInterface {
  name = 'RawRowPartialIndexes1764500000000';

  // After a job's load, its issues are found from two small sets of its rows: the rows with row
  // issues, and the rows the Bloom filter marked. Without an index, each is a scan of every row
  // of the job (record-issues.ts).
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_raw_rows_with_issues" ON "raw_rows" ("job_id", "row_number") WHERE cardinality(issue_types) > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_raw_rows_email_seen" ON "raw_rows" ("job_id", "row_number") WHERE email_seen`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_raw_rows_email_seen"`);
    await queryRunner.query(`DROP INDEX "public"."idx_raw_rows_with_issues"`);
  }
}
