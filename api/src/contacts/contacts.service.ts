import { FinalContact, Job, rowIdOf } from '@intake/db';
import { CONTACT_FIELDS, isBlockingIssue, ISSUE_TYPES, toCsvLine } from '@intake/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, Transform } from 'node:stream';
import { DataSource, MoreThan } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../common/pagination/keyset-cursor.js';
import type { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { DomainError } from '../common/errors/domain-error.js';
import { findOwnedJob } from '../common/ownership/find-owned-job.js';

interface ContactFields {
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
}

/** A final contact as stored: the contact fields, and its values in the job's column order. */
interface ContactRecord extends ContactFields {
  data: string[];
}

/** A final contact as listed: the contact fields, then the file's other columns. */
export interface ContactView extends ContactFields {
  /** The other columns of the file, by header. */
  data: Record<string, string>;
  /**
   * The id (as issues show rows) of the first row of the contact's email group, where the contact
   * stands in the file and in this list. A chosen or merged contact's values may come from
   * later rows of the group.
   */
  id: string;
  /** That row's number. */
  rowNumber: number;
}

interface RejectRecord {
  row_number: number;
  line_number: number;
  /** The row's values in the job's column order. */
  data: string[];
  blocking: string[];
  excluded_by: string[];
}

/**
 * A rejected row's reasons: its blocking types, and each issue a reviewer excluded it by. A type
 * that is both (an invalid row excluded) is named once, as excluded.
 */
function rejectReasons({ blocking, excluded_by }: RejectRecord): string {
  return [
    ...blocking.filter((type) => !excluded_by.includes(type)),
    ...excluded_by.map((type) => `${type}: excluded by reviewer`),
  ].join('; ');
}

/** The other columns (the export's tail), each with its place among the job's columns. */
function otherColumnsOf(job: Job): { key: string; index: number }[] {
  return job.otherColumns.map((key) => ({ key, index: job.columns.indexOf(key) }));
}

@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The final contacts in file order, keyset-paginated on their group's first row. */
  async list(userId: string, jobId: string, query: PageQueryDto): Promise<Page<ContactView>> {
    const job = await this.completedJob(userId, jobId);
    const otherColumns = otherColumnsOf(job);
    const cursor = decodeCursor(query.cursor, ['integer']);
    const rows = await this.dataSource.getRepository(FinalContact).find({
      where: { jobId, ...(cursor ? { rowNumber: MoreThan(Number(cursor[0])) } : {}) },
      order: { rowNumber: 'ASC' },
      take: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      (contact) => ({
        id: rowIdOf(jobId, contact.rowNumber),
        email: contact.email,
        first_name: contact.firstName,
        last_name: contact.lastName,
        company: contact.company,
        phone: contact.phone,
        // The stored data holds every column of the rows it came from, the ones read into the
        // contact fields too, and for a merge those can disagree with the merged fields. As in
        // the export: the other columns only.
        data: Object.fromEntries(
          otherColumns.map(({ key, index }) => [key, contact.data[index] ?? '']),
        ),
        rowNumber: contact.rowNumber,
      }),
      (contact) => [contact.rowNumber],
    );
  }

  /** The user's job, if its status is one of `allowed`; otherwise 409 saying `why`. */
  private async jobIn(
    userId: string,
    jobId: string,
    allowed: Job['status'][],
    why: string,
  ): Promise<Job> {
    const job = await findOwnedJob(this.dataSource.manager, userId, jobId);
    if (!allowed.includes(job.status)) {
      throw new DomainError('INVALID_STATE', `The job is ${job.status}; ${why}`, {
        status: job.status,
      });
    }
    return job;
  }

  private completedJob(userId: string, jobId: string): Promise<Job> {
    return this.jobIn(userId, jobId, ['COMPLETED'], 'its contacts exist once it is finalized.');
  }

  /**
   * The final contacts as CSV (spec §11): the contact fields, then the other columns in
   * first-seen order; spreadsheet-safe unless `raw`.
   */
  async exportCsv(
    userId: string,
    jobId: string,
    spreadsheetSafe: boolean,
  ): Promise<{ filename: string; stream: Readable }> {
    const job = await this.completedJob(userId, jobId);
    const otherColumns = otherColumnsOf(job);
    const stream = await this.streamCsv<ContactRecord>(
      `SELECT email, first_name, last_name, company, phone, data
         FROM final_contacts WHERE job_id = $1 ORDER BY row_number`,
      [jobId],
      [...CONTACT_FIELDS, ...job.otherColumns],
      (record) => [
        record.email,
        record.first_name,
        record.last_name,
        record.company,
        record.phone,
        ...otherColumns.map(({ index }) => record.data[index] ?? ''),
      ],
      spreadsheetSafe,
    );
    return { filename: `${baseName(job)}-contacts.csv`, stream };
  }

  /**
   * Every invalid or excluded row with its row number, line number and reasons, then the
   * file's columns as read (spec §11). Available from review on: invalid rows are known then.
   */
  async rejectsCsv(userId: string, jobId: string): Promise<{ filename: string; stream: Readable }> {
    const job = await this.jobIn(
      userId,
      jobId,
      ['NEEDS_REVIEW', 'COMPLETED'],
      'rejected rows are known once it has been processed.',
    );
    const stream = await this.streamCsv<RejectRecord>(
      `WITH excluded AS (
         SELECT unnest(row_numbers) AS row_number, type
           FROM issues
          WHERE job_id = $1 AND status = 'RESOLVED' AND resolution->>'action' = 'exclude'
       )
       SELECT r.row_number, r.line_number, r.data,
              -- A fixed row is valid again: the types it was loaded with are history, not reasons.
              ARRAY(SELECT t FROM unnest(r.issue_types) t
                     WHERE NOT r.is_valid AND t = ANY($2::text[])) AS blocking,
              coalesce(array_agg(DISTINCT e.type) FILTER (WHERE e.type IS NOT NULL), '{}') AS excluded_by
         FROM raw_rows r LEFT JOIN excluded e ON e.row_number = r.row_number
        WHERE r.job_id = $1
        GROUP BY r.job_id, r.row_number
       HAVING NOT r.is_valid OR count(e.type) > 0
        ORDER BY r.row_number`,
      [jobId, ISSUE_TYPES.filter(isBlockingIssue)],
      ['row_number', 'line_number', 'reasons', ...job.columns],
      (record) => [
        String(record.row_number),
        String(record.line_number),
        rejectReasons(record),
        ...job.columns.map((_key, index) => record.data[index] ?? ''),
      ],
      true,
    );
    return { filename: `${baseName(job)}-rejects.csv`, stream };
  }

  /**
   * Runs `sql` on a server-side cursor and streams its rows as CSV lines: memory stays flat
   * however many rows there are. The connection is released when the stream ends or is
   * destroyed (a client that goes away).
   */
  private async streamCsv<R>(
    sql: string,
    params: unknown[],
    header: string[],
    toValues: (record: R) => string[],
    spreadsheetSafe: boolean,
  ): Promise<Readable> {
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    let rows: Readable;
    try {
      rows = await runner.stream(sql, params);
    } catch (error) {
      await runner.release();
      throw error;
    }
    const options = { spreadsheetSafe };
    const csv = new Transform({
      writableObjectMode: true,
      transform(record: R, _encoding, done) {
        done(null, toCsvLine(toValues(record), options));
      },
    });
    // Header names come from the uploaded file too: a column named "=cmd()" is as dangerous.
    csv.push(toCsvLine(header, { spreadsheetSafe }));
    csv.once('close', () => void runner.release());
    rows.once('error', (error) => csv.destroy(error));
    rows.pipe(csv);
    return csv;
  }
}

function baseName(job: Job): string {
  return job.originalFilename.replace(/\.(csv|tsv|txt)$/i, '');
}
