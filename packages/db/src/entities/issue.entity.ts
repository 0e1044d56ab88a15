import type { IssueType } from '@intake/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintNumber } from './bigint-number.transformer.js';

/** An issue's statuses, in the order lists name them (the entity's check allows these). */
export const ISSUE_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/**
 * What the reviewer decided; its shape depends on the action (spec §9). Rows are named by row
 * number: the API shows them as row ids (row-id.ts), and finalize joins on the primary key.
 */
export type IssueResolution =
  | { action: 'choose'; rowNumber: number }
  | { action: 'merge'; fieldRowNumbers: Record<string, number> }
  | { action: 'exclude' }
  // previousEmail restores the row when the fix is reopened.
  | { action: 'fix'; email: string; previousEmail: string };

@Entity({ name: 'issues' })
@Check('chk_issues_status', `"status" IN ('OPEN', 'RESOLVED')`)
// One DUPLICATE_EMAIL issue per email, the only issues looked up by key (a fix joining a group).
// A row issue's key needs no index of its own: the worker derives its id from the row and type
// (record-issues.ts), so the primary key already refuses a second one, and each index costs
// every issue of a large job its own insert.
@Index('uq_issues_job_duplicate_email', ['jobId', 'key'], {
  unique: true,
  where: `"type" = 'DUPLICATE_EMAIL'`,
})
// The review list's one index: each filter's page is merged from its (status, type) parts in
// seq order (issuePageSql in review.service.ts), so no filter needs an index of its own.
@Index('idx_issues_job_status_type_seq', ['jobId', 'status', 'type', 'seq'])
export class Issue {
  /**
   * Random for an issue a review action opens; derived from the job, row and type for the
   * issues a job's processing records (issueIdSql in row-id.ts), so that they reach the index in
   * order and keep their ids when the job is processed again.
   */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order (issues are inserted in row order): the stable keyset for review lists. */
  @Column({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: bigintNumber,
  })
  seq: number;

  /**
   * No foreign key: its check would run for each of the tens of thousands of issues a large
   * job inserts at once. Issues are written only by the worker's job transaction and by
   * review actions under the job's lock, and jobs are never deleted apart from them.
   */
  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ type: 'varchar', length: 32 })
  type: IssueType;

  @Column({ type: 'boolean' })
  blocking: boolean;

  /** The group's email for DUPLICATE_EMAIL; `row-<rowNumber>` for a row issue. */
  @Column({ type: 'text' })
  key: string;

  /**
   * The rows the issue is about, in row order: the one row of a row issue, or the candidates
   * (the group's valid rows) of a DUPLICATE_EMAIL issue.
   */
  @Column({ name: 'row_numbers', type: 'int', array: true })
  rowNumbers: number[];

  @Column({ type: 'varchar', length: 16 })
  status: IssueStatus;

  /** Optimistic-concurrency version: every resolve or reopen increments it. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'jsonb', nullable: true })
  resolution: IssueResolution | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
