import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email")`);
    await queryRunner.query(
      `CREATE TABLE "jobs" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "original_filename" text NOT NULL, "file_key" text NOT NULL, "size_bytes" bigint NOT NULL, "encoding" character varying(16), "delimiter" character varying(2), "attempt" integer NOT NULL DEFAULT '0', "rows_processed" integer NOT NULL DEFAULT '0', "total_rows" integer NOT NULL DEFAULT '0', "valid_rows" integer NOT NULL DEFAULT '0', "invalid_rows" integer NOT NULL DEFAULT '0', "duplicate_groups" integer NOT NULL DEFAULT '0', "open_issues" integer NOT NULL DEFAULT '0', "open_blocking_issues" integer NOT NULL DEFAULT '0', "final_contacts" integer NOT NULL DEFAULT '0', "columns" jsonb NOT NULL DEFAULT '[]', "other_columns" jsonb NOT NULL DEFAULT '[]', "error_code" character varying(64), "error_message" text, "error_line" integer, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "chk_jobs_status" CHECK ("status" IN ('PENDING', 'PROCESSING', 'NEEDS_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED')), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_jobs_user_status_created" ON "jobs"  ("user_id", "status", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_jobs_user_created" ON "jobs"  ("user_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "final_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job_id" uuid NOT NULL, "email" text NOT NULL, "first_name" text NOT NULL, "last_name" text NOT NULL, "company" text NOT NULL, "phone" text NOT NULL, "data" jsonb NOT NULL, "row_number" integer NOT NULL, CONSTRAINT "PK_de0c065b9a3e232d722a9aa5293" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_final_contacts_job_row" ON "final_contacts"  ("job_id", "row_number")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_final_contacts_job_email" ON "final_contacts"  ("job_id", "email")`,
    );
    await queryRunner.query(
      `CREATE TABLE "issues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "job_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "blocking" boolean NOT NULL, "key" text NOT NULL, "row_numbers" integer array NOT NULL, "status" character varying(16) NOT NULL, "version" integer NOT NULL DEFAULT '1', "resolution" jsonb, "resolved_by" uuid, "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_issues_status" CHECK ("status" IN ('OPEN', 'RESOLVED')), CONSTRAINT "PK_9d8ecbbeff46229c700f0449257" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_issues_job_seq" ON "issues"  ("job_id", "seq")`);
    await queryRunner.query(
      `CREATE INDEX "idx_issues_job_status_type_seq" ON "issues"  ("job_id", "status", "type", "seq")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_issues_job_type_key" ON "issues"  ("job_id", "type", "key")`,
    );
    await queryRunner.query(
      `CREATE TABLE "issue_resolutions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job_id" uuid NOT NULL, "issue_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "details" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a88a47f530c89c15c38d390018c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_issue_resolutions_issue" ON "issue_resolutions"  ("issue_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_issue_resolutions_job_at" ON "issue_resolutions"  ("job_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "raw_rows" ("job_id" uuid NOT NULL, "row_number" integer NOT NULL, "line_number" integer NOT NULL, "data" json NOT NULL, "email" text NOT NULL, "first_name" text NOT NULL, "last_name" text NOT NULL, "company" text NOT NULL, "phone" text NOT NULL, "identity_key" text NOT NULL, "issue_types" text array NOT NULL, "is_valid" boolean NOT NULL, CONSTRAINT "PK_62ca6b7b736a747fb3008acc968" PRIMARY KEY ("job_id", "row_number"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "family_id" uuid NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens"  ("user_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_refresh_tokens_hash" ON "refresh_tokens"  ("token_hash")`,
    );
    await queryRunner.query(
      `ALTER TABLE "jobs" ADD CONSTRAINT "FK_9027c8f0ba75fbc1ac46647d043" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "final_contacts" ADD CONSTRAINT "FK_5b260b06c693a7c19ad521b983c" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" ADD CONSTRAINT "FK_d3700eea816f322ce4639fd3548" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" ADD CONSTRAINT "FK_7a6199faba97c2d2ce11fbe2fee" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" DROP CONSTRAINT "FK_7a6199faba97c2d2ce11fbe2fee"`,
    );
    await queryRunner.query(
      `ALTER TABLE "issue_resolutions" DROP CONSTRAINT "FK_d3700eea816f322ce4639fd3548"`,
    );
    await queryRunner.query(
      `ALTER TABLE "final_contacts" DROP CONSTRAINT "FK_5b260b06c693a7c19ad521b983c"`,
    );
    await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "FK_9027c8f0ba75fbc1ac46647d043"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refresh_tokens_hash"`);
    await queryRunner.query(`DROP INDEX "public"."idx_refresh_tokens_user"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "raw_rows"`);
    await queryRunner.query(`DROP INDEX "public"."idx_issue_resolutions_job_at"`);
    await queryRunner.query(`DROP INDEX "public"."idx_issue_resolutions_issue"`);
    await queryRunner.query(`DROP TABLE "issue_resolutions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_issues_job_type_key"`);
    await queryRunner.query(`DROP INDEX "public"."idx_issues_job_status_type_seq"`);
    await queryRunner.query(`DROP INDEX "public"."idx_issues_job_seq"`);
    await queryRunner.query(`DROP TABLE "issues"`);
    await queryRunner.query(`DROP INDEX "public"."uq_final_contacts_job_email"`);
    await queryRunner.query(`DROP INDEX "public"."idx_final_contacts_job_row"`);
    await queryRunner.query(`DROP TABLE "final_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."idx_jobs_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_jobs_user_status_created"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
