import type { RowIssueType } from '@intake/domain';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every data row of a job's file, as parsed, normalized and validated by the worker. Written
 * with COPY at up to millions of rows a job, so the table is shaped for loading:
 * - the key is (job_id, row_number), which a load appends to at the index's right edge (job
 *   ids are time-ordered UUIDv7s, so a new job's keys sort after every older job's);
 * - the public rowId is derived from the key (see row-id.ts), not stored or generated per row;
 * - no foreign key to jobs: its check would run once per loaded row. Rows are written only by
 *   the worker's job transaction, and jobs are never deleted apart from their rows;
 * - no index on email: a load would insert into it at random places. Duplicate groups are found
 *   by set-based SQL per job, and each DUPLICATE_EMAIL issue records its candidates;
 * - two partial indexes, appended to in row order like the key: the rows with row issues and
 *   the rows the load's seen filter marked, the two small sets of a job's rows its issues are found
 *   from after its load (record-issues.ts, whose conditions must match their predicates).
 */
@Entity({ name: 'raw_rows' })
@Index('idx_raw_rows_with_issues', ['jobId', 'rowNumber'], {
  where: 'cardinality(issue_types) > 0',
})
@Index('idx_raw_rows_email_seen', ['jobId', 'rowNumber'], { where: 'email_seen' })
export class RawRow {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @PrimaryColumn({ name: 'row_number', type: 'int' })
  rowNumber: number;

  @Column({ name: 'line_number', type: 'int' })
  lineNumber: number;

  /**
   * Every value of the record (trimmed, NFC), in the order of the job's columns (jobs.columns):
   * the header's, then the extra fields, which a short record leaves out at the end. An array, not
   * an object keyed by column, which would repeat every header key on every row and cost the
   * load about an eighth of its instructions to build. `json`, not `jsonb`: it is stored as
   * written, which loads several times faster, and is only ever read whole.
   */
  @Column({ type: 'json' })
  data: string[];

  /** Normalized email: the duplicate key. */
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

  /**
   * A valid row whose email an earlier valid row of the load may have had: the answer of the
   * worker's seen filter (seen-filter.ts), never false for a repeat. Duplicate grouping looks
   * only at these rows and the rows their emails first appeared on; nothing else reads it.
   */
  @Column({ name: 'email_seen', type: 'boolean', default: false })
  emailSeen: boolean;
}
