import { createApp, loadApiConfig } from '@intake/api';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { EventSource } from 'eventsource';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, type ErrorBody, type IssueBody, type JobBody } from './support/api-client.js';
import { generateContactsCsv } from './support/contacts-csv.js';
import { openHoldingTransaction, type HoldingTransaction } from './support/holding-transaction.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

const TIMEOUT_MS = 120_000;

/** A subscriber to GET /api/jobs/:id/events, as the web app opens it (a bearer token). */
class JobEvents {
  readonly jobs: JobBody[] = [];
  private readonly source: EventSource;
  private waiters: { test: (job: JobBody) => boolean; resolve: (job: JobBody) => void }[] = [];

  constructor(baseUrl: string, jobId: string, token: string) {
    this.source = new EventSource(`${baseUrl}/api/jobs/${jobId}/events`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } }),
    });
    this.source.addEventListener('job', (event) => {
      const job = JSON.parse(event.data as string) as JobBody;
      this.jobs.push(job);
      this.waiters = this.waiters.filter((w) => (w.test(job) ? (w.resolve(job), false) : true));
    });
  }

  /** The first event, past or future, that passes `test`; fails after `timeoutMs`. */
  next(test: (job: JobBody) => boolean, what: string, timeoutMs = 20_000): Promise<JobBody> {
    const seen = this.jobs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no event with ${what}; got ${JSON.stringify(this.jobs.at(-1))}`)),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: (job) => {
          clearTimeout(timer);
          resolve(job);
        },
      });
    });
  }

  close(): void {
    this.source.close();
  }
}

describe('live job events (GET /api/jobs/:id/events)', () => {
  let stack: TestStack;
  let second: INestApplication;
  let secondUrl: string;
  let api: ApiClient;

  beforeAll(async () => {
    // No worker yet: the job waits in PENDING until a test starts one.
    stack = await startTestStack({ worker: false, env: { PROGRESS_INTERVAL_MS: '100' } });
    // A second API instance on the same database: events must not depend on which instance
    // made the change.
    second = await createApp(loadApiConfig(stack.env));
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${((second.getHttpServer() as Server).address() as AddressInfo).port}`;
    api = new ApiClient(stack.baseUrl);
    await api.signUp();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await second.close();
    await stack.stop();
  }, TIMEOUT_MS);

  it(
    'streams status, progress and counts from the worker, then review changes, on either instance',
    async () => {
      const upload = await api.upload('live.csv', generateContactsCsv(60_000, 7));
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;
      const first = new JobEvents(stack.baseUrl, jobId, api.token!);
      const other = new JobEvents(secondUrl, jobId, api.token!);
      try {
        // Sent at once: the job as it is.
        expect((await first.next(() => true, 'any job')).status).toBe('PENDING');
        expect((await other.next(() => true, 'any job')).status).toBe('PENDING');

        await stack.startWorker();
        const ready = await first.next((j) => j.status === 'NEEDS_REVIEW', 'NEEDS_REVIEW');
        await other.next((j) => j.status === 'NEEDS_REVIEW', 'NEEDS_REVIEW on the second API');
        const current = (await api.get<JobBody>(`/api/jobs/${jobId}`)).body;
        expect(ready.counts).toEqual(current.counts);
        expect(ready.counts.totalRows).toBe(60_000);

        for (const seen of [first.jobs, other.jobs]) {
          // In commit order: PENDING, PROCESSING with progress that only grows, then review.
          const statuses = seen.map((j) => j.status).filter((s, i, all) => s !== all[i - 1]);
          expect(statuses).toEqual(['PENDING', 'PROCESSING', 'NEEDS_REVIEW']);
          const progress = seen
            .filter((j) => j.status === 'PROCESSING')
            .map((j) => j.progress.rowsProcessed);
          expect(progress.some((n) => n > 0 && n < 60_000)).toBe(true);
          expect([...progress].sort((a, b) => a - b)).toEqual(progress);
          // The counts move with the rows read (issue 3), not only at the end.
          const partial = seen.filter(
            (j) =>
              j.status === 'PROCESSING' && j.counts.totalRows > 0 && j.counts.totalRows < 60_000,
          );
          expect(partial.length).toBeGreaterThan(0);
          for (const j of partial) {
            expect(j.counts.totalRows).toBe(j.progress.rowsProcessed);
            expect(j.counts.validRows + j.counts.invalidRows).toBe(j.counts.totalRows);
            expect(j.counts.openBlockingIssues).toBeGreaterThanOrEqual(j.counts.invalidRows);
          }
        }

        // A decision taken through the first instance reaches the subscriber of the second.
        const [issue] = (await api.issues(jobId, '?type=DUPLICATE_EMAIL&limit=1')).items as [
          IssueBody,
        ];
        const resolved = await api.post(`/api/issues/${issue.id}/resolve`, {
          action: 'exclude',
          version: issue.version,
        });
        expect(resolved.status).toBe(200);
        const afterResolve = await other.next(
          (j) => j.counts.openBlockingIssues === ready.counts.openBlockingIssues - 1,
          'one blocking issue fewer',
        );
        expect(afterResolve.counts.openIssues).toBe(ready.counts.openIssues - 1);

        await api.resolveBulk(jobId, 'DUPLICATE_EMAIL', 'choose_first');
        for (const type of ['MISSING_EMAIL', 'INVALID_EMAIL_FORMAT']) {
          await api.resolveBulk(jobId, type, 'exclude');
        }
        await first.next((j) => j.counts.openBlockingIssues === 0, 'no blocking issue open');
        const finalized = await api.post<JobBody>(`/api/jobs/${jobId}/finalize`);
        expect(finalized.status).toBe(200);
        const completed = await other.next((j) => j.status === 'COMPLETED', 'COMPLETED');
        expect(completed.counts.finalContacts).toBe(finalized.body.counts.finalContacts);
        expect(completed.counts.finalContacts).toBeGreaterThan(0);
      } finally {
        first.close();
        other.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'answers 401 without a token and 404 for a job of another user, before streaming',
    async () => {
      const upload = await api.upload('mine.csv', 'email\nme@example.com\n');
      const anonymous = await fetch(`${stack.baseUrl}/api/jobs/${upload.body.id}/events`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as ErrorBody).code).toBe('UNAUTHENTICATED');

      const stranger = new ApiClient(stack.baseUrl);
      await stranger.signUp();
      const foreign = await stranger.get<ErrorBody>(`/api/jobs/${upload.body.id}/events`);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      expect(foreign.headers.get('content-type')).toContain('application/json');
    },
    TIMEOUT_MS,
  );
});

describe('progress once every row is read', () => {
  it(
    'shows all rows processed, and the counts so far, while the job, still PROCESSING, records its issues',
    async () => {
      const stack = await startTestStack({ worker: false });
      let blocker: HoldingTransaction | undefined;
      try {
        const api = new ApiClient(stack.baseUrl);
        await api.signUp();
        const csv = [
          'email,first_name,last_name',
          'dup@example.com,Ann,Lee',
          'one@example.com,Bob,Ray',
          'dup@example.com,Anna,Lee',
          'two@example.com,Cy,Oz',
          'not-an-email,Dee,Fox',
        ].join('\n');
        const upload = await api.upload('held.csv', csv);
        expect(upload.status).toBe(202);
        const jobId = upload.body.id;

        // The job's DUPLICATE_EMAIL issue, inserted first and left uncommitted: the worker's own
        // insert of it, after the load, waits on this transaction (the unique index on a job's
        // duplicate emails), which holds the job in the phase after the rows are read.
        blocker = await openHoldingTransaction(stack.dataSource);
        await blocker.runner.query(
          `INSERT INTO issues (job_id, type, blocking, key, row_numbers, status)
           VALUES ($1, 'DUPLICATE_EMAIL', true, 'dup@example.com', '{1,3}', 'OPEN')`,
          [jobId],
        );
        await stack.startWorker();
        await blocker.waitForWaiter('the worker to reach the issue insert');

        // Read, grouped, and now writing its issues: the counts so far are on the job already.
        const held = (await api.get<JobBody>(`/api/jobs/${jobId}`)).body;
        expect(held.status).toBe('PROCESSING');
        expect(held.progress.rowsProcessed).toBe(5);
        const expected = {
          totalRows: 5,
          validRows: 4,
          invalidRows: 1,
          duplicateGroups: 1,
          openIssues: 2,
          openBlockingIssues: 2,
        };
        expect(held.counts).toMatchObject(expected);

        await blocker.release();
        const done = await api.waitForJob(jobId, ['NEEDS_REVIEW', 'COMPLETED', 'FAILED']);
        expect(done.status).toBe('NEEDS_REVIEW');
        expect(done.counts).toMatchObject(expected);
        expect(done.progress.rowsProcessed).toBe(5);
      } finally {
        await blocker?.release();
        await stack.stop();
      }
    },
    TIMEOUT_MS,
  );
});
