import { buildRow, mapHeader } from '@intake/domain';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RAW_ROW_COPY_SQL, RawRowEncoder } from '../worker/src/ingestion/copy-binary.js';
import type { DataRow } from '../worker/src/ingestion/parse-file.js';
import { testInfrastructure } from './support/test-stack.js';

const JOB_ID = '0193a4c2-7d2e-7c3b-9f1a-2b3c4d5e6f70';

interface StoredRow {
  job_id: string;
  row_number: number;
  line_number: number;
  data: string[];
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  identity_key: string;
  issue_types: string[];
  is_valid: boolean;
  email_seen: boolean;
}

/**
 * The worker's binary COPY, written into PostgreSQL for real: every value must come back as
 * the row rules made it, whatever characters it holds. Loaded into a temporary table shaped
 * like raw_rows, which the COPY's unqualified table name resolves to in this session.
 */
describe('RawRowEncoder into PostgreSQL', () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: testInfrastructure().databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  async function load(encoder: RawRowEncoder, batches: (() => void)[]): Promise<StoredRow[]> {
    await client.query('BEGIN');
    try {
      await client.query('CREATE TEMP TABLE raw_rows (LIKE public.raw_rows INCLUDING ALL)');
      // Batches taken as the load takes them, then the rest and the trailer.
      const chunks: Buffer[] = [];
      for (const addBatch of batches) {
        addBatch();
        chunks.push(encoder.take());
      }
      chunks.push(encoder.finish());
      await pipeline(Readable.from(chunks), client.query(copyFrom(RAW_ROW_COPY_SQL)));
      const { rows } = await client.query<StoredRow>(
        'SELECT * FROM pg_temp.raw_rows ORDER BY row_number',
      );
      return rows;
    } finally {
      await client.query('ROLLBACK');
    }
  }

  const mapping = mapHeader(['Email', 'First Name', 'Last Name', 'Company', 'Phone', 'Notes']);
  const dataRow = (record: string[], rowNumber: number, lineNumber: number): DataRow => ({
    row: buildRow(record, mapping),
    rowNumber,
    lineNumber,
    extraFields: Math.max(0, record.length - 6),
  });

  it('stores every value as the rules made it: escapes, NULL markers, any script, extras', async () => {
    const rows = [
      dataRow(['Ada@Example.COM', 'Ada', 'Lovelace', 'Analytical', '+44 1', 'plain'], 1, 2),
      dataRow(['tab@x.org', 'T\tab', 'New\nLine', 'C:\\dir\\new', '"quoted"', 'a\r\nb'], 2, 3),
      // `\N` is COPY text's NULL and `\.` its end of data: plain text here.
      dataRow(['n@x.org', '\\N', '\\.', 'Zoë Müller ☕ 𝄞', 'Ｆｕｌｌ', '{a,b}'], 3, 5),
      dataRow(['', '', '', '', '', 'no email, no names'], 4, 6),
      dataRow(['bad@', 'Bad', 'Email', '', '', '', 'extra one', 'extra two'], 5, 9),
    ];
    const encoder = new RawRowEncoder(JOB_ID, 16);
    const stored = await load(encoder, [
      () => rows.slice(0, 2).forEach((row, i) => encoder.add(row, i === 1)),
      () => rows.slice(2).forEach((row) => encoder.add(row, false)),
    ]);

    expect(stored).toEqual(
      rows.map(({ row, rowNumber, lineNumber }, i) => ({
        job_id: JOB_ID,
        row_number: rowNumber,
        line_number: lineNumber,
        data: row.values,
        ...row.normalized,
        identity_key: row.identityKey,
        issue_types: row.issues,
        is_valid: row.valid,
        email_seen: i === 1,
      })),
    );
    // The cases above, spelled out where the rules leave the text alone.
    // data: the values in column order (Notes is the sixth column).
    expect(stored[1].data[5]).toBe('a\r\nb');
    expect(stored[1].data[1]).toBe('T\tab');
    expect(stored[2].first_name).toBe('\\N');
    expect(stored[2].company).toBe('Zoë Müller ☕ 𝄞');
    expect(stored[3].issue_types).toEqual([
      'MISSING_EMAIL',
      'MISSING_FIRST_NAME',
      'MISSING_LAST_NAME',
    ]);
    expect(stored[4].issue_types).toEqual(['INVALID_EMAIL_FORMAT']);
    expect(stored[4].data.slice(6)).toEqual(['extra one', 'extra two']);
  });

  it('grows past its buffer for a record far larger than it', async () => {
    const notes = 'ø'.repeat(200_000);
    const encoder = new RawRowEncoder(JOB_ID, 64);
    const stored = await load(encoder, [
      () => encoder.add(dataRow(['big@x.org', 'Big', 'Notes', '', '', notes], 1, 2), true),
    ]);
    expect(stored).toHaveLength(1);
    expect(stored[0].data[5]).toBe(notes);
    expect(stored[0].email).toBe('big@x.org');
  });

  it('loads nothing, without error, for a file with no data rows', async () => {
    expect(await load(new RawRowEncoder(JOB_ID), [])).toEqual([]);
  });

  it('refuses a job id that is not a UUID', () => {
    expect(() => new RawRowEncoder('job-1')).toThrow('not a UUID');
  });
});
