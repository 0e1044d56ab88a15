import { Job } from '@intake/db';
import { CONTACT_FIELDS, toCsvLine } from '@intake/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '../common/errors/domain-error.js';

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

  /**
   * The final contacts as CSV, streamed from a server-side cursor: memory stays flat however
   * many contacts there are. The stream releases its connection when it ends or is destroyed.
   */
  async exportCsv(
    userId: string,
    jobId: string,
    spreadsheetSafe: boolean,
  ): Promise<{ filename: string; stream: Readable }> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId, userId });
    if (!job) throw notFound('Job');
    if (job.status !== 'COMPLETED') {
      throw new DomainError(
        'INVALID_STATE',
        `The job is ${job.status}; contacts can be exported once it is finalized.`,
        {
          status: job.status,
        },
      );
    }
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
