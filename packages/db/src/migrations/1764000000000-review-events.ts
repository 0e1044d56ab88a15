import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewEvents1764000000000 implements MigrationInterface {
  name = 'ReviewEvents1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" DROP CONSTRAINT "FK_d3700eea816f322ce4639fd3548"`,
    );
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" ALTER COLUMN "issue_id" DROP NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" ADD CONSTRAINT "FK_d3700eea816f322ce4639fd3548" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Live job events (GET /api/jobs/:id/events): every committed change of a job's status,
    // progress or counts notifies, whichever process made it; each API instance LISTENs and
    // forwards to its subscribers. NOTIFY is delivered at commit, so no event runs ahead of
    // the data it announces.
    await queryRunner.query(`CREATE FUNCTION "notify_job_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.status, NEW.rows_processed, NEW.total_rows, NEW.valid_rows, NEW.invalid_rows, NEW.duplicate_groups,
      NEW.open_issues, NEW.open_blocking_issues, NEW.final_contacts, NEW.error_code)
     IS DISTINCT FROM
     (OLD.status, OLD.rows_processed, OLD.total_rows, OLD.valid_rows, OLD.invalid_rows, OLD.duplicate_groups,
      OLD.open_issues, OLD.open_blocking_issues, OLD.final_contacts, OLD.error_code) THEN
    PERFORM pg_notify('job_events', NEW.id::text);
  END IF;
  RETURN NULL;
END
$$`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_jobs_notify" AFTER UPDATE ON "jobs" FOR EACH ROW EXECUTE FUNCTION "notify_job_change"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_jobs_notify" ON "jobs"`);
    await queryRunner.query(`DROP FUNCTION "notify_job_change"()`);
    await queryRunner.query(`DELETE FROM "issue_resolutions" WHERE "issue_id" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" DROP CONSTRAINT "FK_d3700eea816f322ce4639fd3548"`,
    );
    await queryRunner.query(`ALTER TABLE "issue_resolutions" ALTER COLUMN "issue_id" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" ADD CONSTRAINT "FK_d3700eea816f322ce4639fd3548" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
