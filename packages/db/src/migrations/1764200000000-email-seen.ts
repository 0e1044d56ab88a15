import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailSeen1764200000000 implements MigrationInterface {
  name = 'EmailSeen1764200000000';

  // The Bloom filter's answer per row (raw-row.entity.ts). A constant default: PostgreSQL adds the
  // column without rewriting the table, and rows of jobs already processed never need it.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "raw_rows" ADD "email_seen" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "raw_rows" DROP COLUMN "email_seen"`);
  }
}
