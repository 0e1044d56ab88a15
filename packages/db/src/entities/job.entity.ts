import type { Encoding, JobStatus } from '@intake/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { bigintNumber } from './bigint-number.transformer.js';
import { User } from './user.entity.js';

@Entity({ name: 'jobs' })
@Check(
  'chk_jobs_status',
  `"status" IN ('PENDING', 'PROCESSING', 'NEEDS_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED')`,
)
@Index('idx_jobs_user_created', ['userId', 'createdAt', 'id'])
@Index('idx_jobs_user_status_created', ['userId', 'status', 'createdAt', 'id'])
export class Job {
  /** Chosen by the API before the upload starts: it names the stored object. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  @Column({ name: 'original_filename', type: 'text' })
  originalFilename: string;

  @Column({ name: 'file_key', type: 'text' })
  fileKey: string;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintNumber })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding: Encoding | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  delimiter: string | null;

  /** Incremented each time a worker claims the job; fences out a worker holding an older claim. */
  @Column({ type: 'int', default: 0 })
  attempt: number;

  @Column({ name: 'rows_processed', type: 'int', default: 0 })
  rowsProcessed: number;

  @Column({ name: 'total_rows', type: 'int', default: 0 })
  totalRows: number;

  @Column({ name: 'valid_rows', type: 'int', default: 0 })
  validRows: number;

  @Column({ name: 'invalid_rows', type: 'int', default: 0 })
  invalidRows: number;

  @Column({ name: 'duplicate_groups', type: 'int', default: 0 })
  duplicateGroups: number;

  @Column({ name: 'open_issues', type: 'int', default: 0 })
  openIssues: number;

  @Column({ name: 'open_blocking_issues', type: 'int', default: 0 })
  openBlockingIssues: number;

  @Column({ name: 'final_contacts', type: 'int', default: 0 })
  finalContacts: number;

  /** Every column key of the file in order, extra fields (`_extra_N`) last: the rejects file's header. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  columns: string[];

  /** Keys of the columns not mapped to a contact field, in first-seen order: the export's tail. */
  @Column({ name: 'other_columns', type: 'jsonb', default: () => "'[]'" })
  otherColumns: string[];

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'error_line', type: 'int', nullable: true })
  errorLine: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  // Whatever a statement sets, a trigger makes it the clock's time of every update (migration
  // 1764400000000): raw SQL need not set it.
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}
