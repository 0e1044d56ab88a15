import { FinalContact, Job } from '@intake/db';
import { CONTACT_FIELDS, toCsvLine } from '@intake/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, Transform } from 'node:stream';
import { DataSource, MoreThan } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../common/pagination/keyset-cursor.js';
import type { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';

export interface ContactView {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  /** The other columns of the file, by header. */
  data: Record<string, string>;
  rowNumber: number;
}

interface ContactRecord {
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  data: Record<string, string>;
}

@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The final contacts in file order, keyset-paginated on the row each came from. */
  async list(userId: string, jobId: string, query: PageQueryDto): Promise<Page<ContactView>> {
    await this.completedJob(userId, jobId);
    const cursor = decodeCursor(query.cursor, 1);
    const rows = await this.dataSource.getRepository(FinalContact).find({
      where: { jobId, ...(cursor ? { rowNumber: MoreThan(Number(cursor[0])) } : {}) },
      order: { rowNumber: 'ASC' },
      take: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      (contact) => ({
        id: contact.id,
        email: contact.email,
        first_name: contact.firstName,
        last_name: contact.lastName,
        company: contact.company,
        phone: contact.phone,
        data: contact.data,
        rowNumber: contact.rowNumber,
      }),
      (contact) => [contact.rowNumber],
    );
  }

  private async completedJob(userId: string, jobId: string): Promise<Job> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId, userId });
    if (!job) throw notFound('Job');
    if (job.status !== 'COMPLETED') {
      throw new DomainError(
        'INVALID_STATE',
        `The job is ${job.status}; its contacts exist once it is finalized.`,
        { status: job.status },
      );
    }
    return job;
  }

  /**
   * The final contacts as CSV, streamed from a server-side cursor: memory stays flat however
   * many contacts there are. The stream releases its connection when it ends or is destroyed.
   */
  async exportCsv(
    userId: string,
    jobId: string,
    spreadsheetSafe: boolean,
  ): Promise<{ filename: string; stream: Readable }> {
    const job = await this.completedJob(userId, jobId);
    const header = [...CONTACT_FIELDS, ...job.otherColumns];
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    let rows: Readable;
    try {
      rows = await runner.stream(
        `SELECT email, first_name, last_name, company, phone, data
           FROM final_contacts WHERE job_id = $1 ORDER BY row_number`,
        [jobId],
      );
    } catch (error) {
      await runner.release();
      throw error;
    }
    const options = { spreadsheetSafe };
    const csv = new Transform({
      writableObjectMode: true,
      transform(record: ContactRecord, _encoding, done) {
        const values = [
          record.email,
          record.first_name,
          record.last_name,
          record.company,
          record.phone,
          ...job.otherColumns.map((key) => record.data[key] ?? ''),
        ];
        done(null, toCsvLine(values, options));
      },
    });
    csv.push(toCsvLine(header, { spreadsheetSafe: false }));
    const release = () => void runner.release();
    csv.once('close', release);
    rows.once('error', (error) => csv.destroy(error));
    rows.pipe(csv);
    const base = job.originalFilename.replace(/\.(csv|tsv|txt)$/i, '');
    return { filename: `${base}-contacts.csv`, stream: csv };
  }
}
