import type { RowIssueType } from '@intake/domain';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Job } from './job.entity.js';

/** Every data row of a job's file, as parsed, normalized and validated by the worker. */
@Entity({ name: 'raw_rows' })
@Index('uq_raw_rows_job_row', ['jobId', 'rowNumber'], { unique: true })
@Index('idx_raw_rows_job_email', ['jobId', 'email', 'rowNumber'])
export class RawRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @ManyToOne(() => Job, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job: Relation<Job>;

  @Column({ name: 'row_number', type: 'int' })
  rowNumber: number;

  @Column({ name: 'line_number', type: 'int' })
  lineNumber: number;

  /** Every column of the record under its header key (values trimmed, NFC). */
  @Column({ type: 'jsonb' })
  data: Record<string, string>;

  /** Normalized email: the duplicate key. A fix replaces it (the original stays in `data`). */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName: string;

  @Column({ type: 'text' })
  company: string;

  @Column({ type: 'text' })
  phone: string;

  @Column({ name: 'identity_key', type: 'text' })
  identityKey: string;

  /** Row issue types found by validation, blocking ones and warnings. */
  @Column({ name: 'issue_types', type: 'text', array: true })
  issueTypes: RowIssueType[];

  @Column({ name: 'is_valid', type: 'boolean' })
  isValid: boolean;

  @Column({ type: 'boolean', default: false })
  excluded: boolean;
}
