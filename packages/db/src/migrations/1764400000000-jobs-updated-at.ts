import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JobsUpdatedAt1764400000000 implements MigrationInterface {
  name = 'JobsUpdatedAt1764400000000';

  // A job's updated_at is when its row last changed, by the clock: the web keeps a job's newest
  // state by it. Set by each statement, it was now(), the start of the statement's transaction:
  // a worker's load, or a consumer's wait for a job's lock, begins long before its update, which
  // then looked older than the progress committed meanwhile. One trigger sets it for every update,
  // whoever makes it (TypeORM's @UpdateDateColumn value included).
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION "jobs_set_updated_at"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.updated_at := clock_timestamp();
         RETURN NEW;
       END
       $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "jobs_set_updated_at" BEFORE UPDATE ON "jobs"
       FOR EACH ROW EXECUTE FUNCTION "jobs_set_updated_at"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "jobs_set_updated_at" ON "jobs"`);
    await queryRunner.query(`DROP FUNCTION "jobs_set_updated_at"()`);
  }
}
