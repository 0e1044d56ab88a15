import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per email group of a finalized job (spec §10): what the export contains. Keyed by
 * the job and the group's first row, so a contact's id derives from that row (row-id.ts)
 * like the row's own: a generated uuid would put each of a million inserts on a random page
 * of one more index. No foreign key to jobs, like raw_rows: finalize holds the job locked, and
 * the check cost seconds per million contacts.
 */
@Entity({ name: 'final_contacts' })
@Index('uq_final_contacts_job_email', ['jobId', 'email'], { unique: true })
export class FinalContact {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  /** Row number of the group's first row: the export keeps the file's order. */
  @PrimaryColumn({ name: 'row_number', type: 'int' })
  rowNumber: number;

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

  /**
   * The values of its row (or, for a group merged silently, of its rows) in the order of the
   * job's columns, as raw_rows.data; read for the other columns (job.otherColumns). `json`, like
   * raw_rows.data: copied as is, where jsonb would re-encode every row at finalize.
   */
  @Column({ type: 'json' })
  data: string[];
}
