import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FastFinalize1764100000000 implements MigrationInterface {
  name = 'FastFinalize1764100000000';

  // Finalize at a million rows: no uuid key, no foreign-key check per contact, no json to jsonb
  // re-encoding (final-contact.entity.ts); and an index for the review list's first page.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "final_contacts" DROP CONSTRAINT "FK_5b260b06c693a7c19ad521b983c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_final_contacts_job_row"`);
    await queryRunner.query(
      `ALTER TABLE "final_contacts" DROP CONSTRAINT "PK_de0c065b9a3e232d722a9aa5293"`,
    );
    await queryRunner.query(`ALTER TABLE "final_contacts" DROP COLUMN "id"`);
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ADD CONSTRAINT "PK_4af0e5a6a7c90772b3d210938de" PRIMARY KEY ("job_id", "row_number")`,
    );
    // Converted in place, not dropped and re-added as the schema builder would: finalized jobs
    // keep their contacts.
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ALTER COLUMN "data" TYPE json USING "data"::json`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_issues_job_status_seq" ON "issues"  ("job_id", "status", "seq")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_issues_job_status_seq"`);
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ALTER COLUMN "data" TYPE jsonb USING "data"::jsonb`,
    );
    await queryRunner.query(
      `ALTER TABLE "final_contacts" DROP CONSTRAINT "PK_4af0e5a6a7c90772b3d210938de"`,
    );
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ADD "id" uuid NOT NULL DEFAULT gen_random_uuid()`,
    );
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ADD CONSTRAINT "PK_de0c065b9a3e232d722a9aa5293" PRIMARY KEY ("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_final_contacts_job_row" ON "final_contacts" USING btree ("job_id", "row_number")`,
    );
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ADD CONSTRAINT "FK_5b260b06c693a7c19ad521b983c" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
