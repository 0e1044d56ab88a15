import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OneIssueListIndex1764600000000 implements MigrationInterface {
  name = 'OneIssueListIndex1764600000000';

  // The review list merges each filter's page from the (job, status, type, seq) index
  // (review.service.ts), so the two indexes that served the unfiltered and the status-only lists
  // go: each cost every issue a job's processing inserts an entry of its own.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_issues_job_seq"`);
    await queryRunner.query(`DROP INDEX "public"."idx_issues_job_status_seq"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_issues_job_status_seq" ON "issues" ("job_id", "status", "seq")`,
    );
    await queryRunner.query(`CREATE INDEX "idx_issues_job_seq" ON "issues" ("job_id", "seq")`);
  }
}
