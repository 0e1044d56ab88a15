import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeanIssueIndexes1764300000000 implements MigrationInterface {
  name = 'LeanIssueIndexes1764300000000';

  // Only DUPLICATE_EMAIL issues are looked up by key; a row issue's id, derived from its row and
  // type, makes the primary key refuse a second one (issue.entity.ts). One index less for each
  // of the tens of thousands of issues a large job inserts at once.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_issues_job_type_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_issues_job_duplicate_email" ON "issues"  ("job_id", "key") WHERE "type" = 'DUPLICATE_EMAIL'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_issues_job_duplicate_email"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_issues_job_type_key" ON "issues" USING btree ("job_id", "type", "key")`,
    );
  }
}
