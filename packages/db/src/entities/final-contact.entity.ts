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

/** One row per email group of a finalized job (spec §10): what the export contains. */
@Entity({ name: 'final_contacts' })
@Index('uq_final_contacts_job_email', ['jobId', 'email'], { unique: true })
@Index('idx_final_contacts_job_row', ['jobId', 'rowNumber'])
export class FinalContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @ManyToOne(() => Job, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job: Relation<Job>;

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

  /** The other columns (job.otherColumns) of the contact. */
  @Column({ type: 'jsonb' })
  data: Record<string, string>;

  /** Row number of the group's first row: the export keeps the file's order. */
  @Column({ name: 'row_number', type: 'int' })
  rowNumber: number;
}
