import { issueIdOf } from '@intake/db';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ApiClient,
  readCsv,
  type ErrorBody,
  type IssueBody,
  type JobBody,
} from './support/api-client.js';
import { generateContactsCsv } from './support/contacts-csv.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Ten rows: a duplicate email whose identities conflict (rows 1, 3), one whose identities agree
// (rows 2, 5: filled from each other), an invalid and a missing email, a formula-looking cell.
const CONTACTS = [
  'E-mail;First Name;Surname;Organisation;Phone;Notes',
  'ada@example.com;Ada;Lovelace;Analytical Engines;;first',
  ' Grace@Example.com ;Grace;Hopper;;+1 555 0100;',
  'ADA@example.com;Ada;Byron;Poetry Ltd;;second',
  'not-an-email;Bob;Broken;;;',
  'grace@example.com;grace;HOPPER;US Navy;;',
  ';Nobody;Home;;;',
  '"quoted@example.com";"Jean; Paul";"Sartre";"=HYPERLINK(""x"")";;"multi',
  'line"',
].join('\r\n');

describe('the pipeline, over HTTP, on real PostgreSQL and the S3/SQS emulator', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack();
    api = new ApiClient(stack.baseUrl);
    await api.signUp();
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('takes an upload through review, finalize and export', async () => {
    const upload = await api.upload('contacts.csv', CONTACTS);
    expect(upload.status).toBe(202);
    expect(upload.body.status).toBe('PENDING');
    expect(upload.body.originalFilename).toBe('contacts.csv');

    const job = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW', 'FAILED']);
    expect(job.status).toBe('NEEDS_REVIEW');
    expect(job.encoding).toBe('UTF-8');
    expect(job.delimiter).toBe(';');
    expect(job.counts).toMatchObject({
      totalRows: 7,
      validRows: 5,
      invalidRows: 2,
      duplicateGroups: 2,
      openBlockingIssues: 3,
    });
    expect(job.progress.rowsProcessed).toBe(7);

    const { items, counts } = await api.issues(job.id);
    expect(counts.byType).toEqual({
      DUPLICATE_EMAIL: 1,
      INVALID_EMAIL_FORMAT: 1,
      MISSING_EMAIL: 1,
    });
    expect(items.map((i) => [i.type, i.key])).toEqual([
      ['DUPLICATE_EMAIL', 'ada@example.com'],
      ['INVALID_EMAIL_FORMAT', 'row-4'],
      ['MISSING_EMAIL', 'row-6'],
    ]);
    // Derived from the job, first row and type: the same whenever the job is processed.
    expect(items.map((i) => i.id)).toEqual([
      issueIdOf(job.id, 1, 'DUPLICATE_EMAIL'),
      issueIdOf(job.id, 4, 'INVALID_EMAIL_FORMAT'),
      issueIdOf(job.id, 6, 'MISSING_EMAIL'),
    ]);
    const duplicate = items[0];
    expect(duplicate.rows.map((r) => [r.rowNumber, r.lineNumber, r.normalized.last_name])).toEqual([
      [1, 2, 'Lovelace'],
      [3, 4, 'Byron'],
    ]);
    expect(items[2].rows[0]).toMatchObject({ rowNumber: 6, lineNumber: 7 });

    // Finalizing with open blocking issues is refused, saying how many.
    const early = await api.post<ErrorBody>(`/api/jobs/${job.id}/finalize`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'OPEN_ISSUES_REMAIN',
      details: { openBlockingIssues: 3 },
    });

    const byron = duplicate.rows[1];
    const chosen = await api.post<IssueBody>(`/api/issues/${duplicate.id}/resolve`, {
      action: 'choose',
      rowId: byron.rowId,
      version: duplicate.version,
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      status: 'RESOLVED',
      version: 2,
      resolution: { action: 'choose', rowId: byron.rowId },
    });

    const stale = await api.post<ErrorBody>(`/api/issues/${duplicate.id}/resolve`, {
      action: 'exclude',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    for (const issue of items.slice(1)) {
      const excluded = await api.post(`/api/issues/${issue.id}/resolve`, {
        action: 'exclude',
        version: issue.version,
      });
      expect(excluded.status).toBe(200);
    }

    const finalized = await api.post<JobBody>(`/api/jobs/${job.id}/finalize`);
    expect(finalized.status).toBe(200);
    expect(finalized.body.status).toBe('COMPLETED');
    expect(finalized.body.counts.finalContacts).toBe(3);

    const again = await api.post<ErrorBody>(`/api/jobs/${job.id}/finalize`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');

    const exported = await api.get<string>(`/api/jobs/${job.id}/export.csv`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.headers.get('content-disposition')).toContain('contacts-contacts.csv');
    const rows = readCsv(exported.text);
    expect(rows).toEqual([
      ['email', 'first_name', 'last_name', 'company', 'phone', 'Notes'],
      ['ada@example.com', 'Ada', 'Byron', 'Poetry Ltd', '', 'second'],
      // Same identity, case aside: merged silently, the empty company filled from row 5.
      // Spreadsheet-safe by default: a cell starting with + gets a leading quote (spec §11).
      ['grace@example.com', 'Grace', 'Hopper', 'US Navy', "'+1 555 0100", ''],
      ['quoted@example.com', 'Jean; Paul', 'Sartre', `'=HYPERLINK("x")`, '', 'multi\r\nline'],
    ]);

    const raw = await api.get<string>(`/api/jobs/${job.id}/export.csv?format=raw`);
    expect(readCsv(raw.text)[3][3]).toBe('=HYPERLINK("x")');
  });

  it('dates a processed job after its start and after every progress it showed', async () => {
    // A user of its own: the job list cases below count this user's jobs.
    const own = new ApiClient(stack.baseUrl);
    await own.signUp();
    // Long enough to publish progress a few times on the way.
    const upload = await own.upload('timed.csv', generateContactsCsv(150_000, 5));
    expect(upload.status).toBe(202);
    let job = upload.body;
    let newestWhileProcessing = 0;
    while (job.status === 'PENDING' || job.status === 'PROCESSING') {
      if (job.status === 'PROCESSING') {
        newestWhileProcessing = Math.max(newestWhileProcessing, Date.parse(job.updatedAt));
      }
      await sleep(50);
      job = (await own.get<JobBody>(`/api/jobs/${job.id}`)).body;
    }
    expect(job.status).toBe('NEEDS_REVIEW');
    expect(newestWhileProcessing).toBeGreaterThan(0);
    // The web keeps a job's newest state by updatedAt: the result must not look older than the
    // progress before it, or a page following the job's events stays on "Processing".
    expect(Date.parse(job.updatedAt)).toBeGreaterThan(newestWhileProcessing);
    expect(Date.parse(job.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(job.startedAt!));
  });

  it('completes a file with no blocking issue without review', async () => {
    const upload = await api.upload(
      'clean.csv',
      'email,first_name,last_name\na@example.com,A,One\nb@example.com,,Two\n',
    );
    const job = await api.waitForJob(upload.body.id, ['COMPLETED', 'NEEDS_REVIEW', 'FAILED']);
    expect(job.status).toBe('COMPLETED');
    // The missing first name is a warning: open, but not blocking.
    expect(job.counts).toMatchObject({
      totalRows: 2,
      finalContacts: 2,
      openIssues: 1,
      openBlockingIssues: 0,
    });
    const rows = readCsv((await api.get<string>(`/api/jobs/${job.id}/export.csv`)).text);
    expect(rows.slice(1)).toEqual([
      ['a@example.com', 'A', 'One', '', ''],
      ['b@example.com', '', 'Two', '', ''],
    ]);
  });

  it('fails a file without an email column, naming the headers it found', async () => {
    const upload = await api.upload('names.csv', 'name,phone\nAda,1\n');
    const job = await api.waitForJob(upload.body.id, ['FAILED', 'COMPLETED', 'NEEDS_REVIEW']);
    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('MISSING_EMAIL_COLUMN');
    expect(job.error?.message).toContain('name, phone');
  });

  it('fails an unterminated quote with MALFORMED_CSV and its line', async () => {
    const upload = await api.upload(
      'broken.csv',
      'email,first_name\na@example.com,Ada\nb@example.com,"Open\n',
    );
    const job = await api.waitForJob(upload.body.id, ['FAILED', 'COMPLETED', 'NEEDS_REVIEW']);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatchObject({ code: 'MALFORMED_CSV', line: 3 });
    // One row was read before the broken record; nothing of the file is kept.
    expect(job.progress.rowsProcessed).toBe(1);
    expect(job.counts).toMatchObject({ totalRows: 0, validRows: 0, openIssues: 0 });
  });

  it('lists jobs newest first, filtered by status and by file name, with keyset pages', async () => {
    const list = await api.get<{ items: JobBody[]; nextCursor: string | null }>(
      '/api/jobs?limit=2',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((j) => j.originalFilename)).toEqual(['broken.csv', 'names.csv']);
    const next = await api.get<{ items: JobBody[]; nextCursor: string | null }>(
      `/api/jobs?limit=2&cursor=${list.body.nextCursor}`,
    );
    expect(next.body.items.map((j) => j.originalFilename)).toEqual(['clean.csv', 'contacts.csv']);
    expect(next.body.nextCursor).toBeNull();
    const failed = await api.get<{ items: JobBody[] }>('/api/jobs?status=FAILED');
    expect(failed.body.items.map((j) => j.originalFilename).sort()).toEqual([
      'broken.csv',
      'names.csv',
    ]);
    const named = await api.get<{ items: JobBody[] }>('/api/jobs?q=CLEAN');
    expect(named.body.items.map((j) => j.originalFilename)).toEqual(['clean.csv']);
    // PostgreSQL text cannot hold NUL: a 400, not a 500.
    const nul = await api.get<ErrorBody>('/api/jobs?q=a%00b');
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe('VALIDATION_FAILED');
  });

  it("names the export after the file, exactly, in RFC 5987's filename*", async () => {
    const upload = await api.upload("café (1)'s list.csv", 'email\na@example.com\n');
    const job = await api.waitForJob(upload.body.id, ['COMPLETED', 'NEEDS_REVIEW', 'FAILED']);
    expect(job.status).toBe('COMPLETED');
    const res = await api.get<string>(`/api/jobs/${job.id}/export.csv`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="caf_ (1)'s list-contacts.csv"; ` +
        "filename*=UTF-8''caf%C3%A9%20%281%29%27s%20list-contacts.csv",
    );
  });

  it('records the detected encoding and delimiter on a job that fails', async () => {
    // "Zoë" in Windows-1252: not UTF-8. Semicolons, and no email column.
    const bytes = Buffer.concat([
      Buffer.from('name;phone\nZo'),
      Buffer.from([0xeb]),
      Buffer.from(';1\n'),
    ]);
    const upload = await api.upload('zoe.csv', bytes);
    const job = await api.waitForJob(upload.body.id, ['FAILED', 'COMPLETED', 'NEEDS_REVIEW']);
    expect(job).toMatchObject({
      status: 'FAILED',
      encoding: 'WINDOWS-1252',
      delimiter: ';',
      error: { code: 'MISSING_EMAIL_COLUMN' },
    });
  });

  it('names an extra field beside a column called _extra_1 the same in the rows and the export', async () => {
    // A re-imported export: its header has _extra_1, and one record has a field beyond it.
    const upload = await api.upload(
      'reimport.csv',
      'email,first_name,last_name,_extra_1\na@example.com,A,One,kept,more\nb@example.com,B,Two,x\n',
    );
    const job = await api.waitForJob(upload.body.id, ['COMPLETED', 'NEEDS_REVIEW', 'FAILED']);
    expect(job.status).toBe('COMPLETED');
    const rows = readCsv((await api.get<string>(`/api/jobs/${job.id}/export.csv`)).text);
    expect(rows).toEqual([
      ['email', 'first_name', 'last_name', 'company', 'phone', '_extra_1', '_extra_1 (2)'],
      ['a@example.com', 'A', 'One', '', '', 'kept', 'more'],
      ['b@example.com', 'B', 'Two', '', '', 'x', ''],
    ]);
  });

  it('reads a file again as Windows-1252 when a byte past the first 64 KiB is not UTF-8, BOM and all', async () => {
    // The UTF-8 BOM and the first 64 KiB say UTF-8; the 0xE9 ("é" in Windows-1252) near the end
    // says otherwise, after the worker has already copied the rows before it.
    const lines = ['email,first_name,last_name'];
    for (let i = 1; i <= 2500; i++) lines.push(`person${i}@example.com,Pat,Lee`);
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${lines.join('\n')}\nrene@example.com,Ren`, 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(',Dupont\n', 'latin1'),
    ]);
    expect(bytes.indexOf(0xe9)).toBeGreaterThan(64 * 1024);

    const upload = await api.upload('late-1252.csv', bytes);
    const job = await api.waitForJob(upload.body.id, ['COMPLETED', 'NEEDS_REVIEW', 'FAILED']);
    expect(job.status).toBe('COMPLETED');
    expect(job.encoding).toBe('WINDOWS-1252');
    // The first reading's rows were rolled back: every row once.
    expect(job.counts).toMatchObject({ totalRows: 2501, validRows: 2501, finalContacts: 2501 });
    const rows = readCsv((await api.get<string>(`/api/jobs/${job.id}/export.csv`)).text);
    expect(rows[0]).toEqual(['email', 'first_name', 'last_name', 'company', 'phone']);
    expect(rows).toHaveLength(2502);
    expect(rows[2501]).toEqual(['rene@example.com', 'René', 'Dupont', '', '']);
  });
});
