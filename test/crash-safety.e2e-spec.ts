import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from '@jest/globals';
import { forkAndWaitReady, stopChild, type Child } from '@intake/launcher';
import { createDataSource } from '@intake/db';
import { createLogger, createS3Client, createSqsClient, S3ObjectStore } from '@intake/platform';
import {
  ingestJob,
  JOB_PROCESSING_LOCK,
  loadWorkerConfig,
  startWorker,
  type RunningWorker,
} from '@intake/worker';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ApiClient, type JobBody } from './support/api-client.js';
import { generateContactsCsv } from './support/contacts-csv.js';
import { openHoldingTransaction } from './support/holding-transaction.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Spec §8: "Processing a job's message twice, or after a crash half way, gives the same rows,
// issues and counts as processing it once." Each case boots its own stack (own queue + DLQ)
// and compares a disturbed job with an undisturbed run of the same bytes, row by row.

/** The built worker (`npm run test:jest` builds first), run as its own OS process. */
const WORKER_MAIN = fileURLToPath(new URL('../worker/dist/main.js', import.meta.url));

/** Short enough that a message held by a dead worker comes back within seconds. */
const FAST_REDELIVERY = { VISIBILITY_TIMEOUT_SECONDS: '5', HEARTBEAT_SECONDS: '2' };

/**
 * Quick retries after a transient failure. Not 0: the emulator (fauxqs 2.4.1, persisting to
 * disk) loses a message whose visibility is changed to 0 (its SQLite write fails after the
 * message has left the in-flight set), so it would neither come back nor be dead-lettered.
 */
const RETRY_DELAY = '1';

const awsClients = (stack: TestStack) => ({
  AWS_REGION: stack.env.AWS_REGION!,
  AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL!,
});

function forkWorker(stack: TestStack, env: Record<string, string> = {}): Promise<Child> {
  return forkAndWaitReady('worker', WORKER_MAIN, { ...process.env, ...stack.env, ...env });
}

/** Messages in the queue, visible or held by a consumer. */
async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The job queue empties (its message deleted, not held) and nothing was dead-lettered. */
async function expectQueuesDrained(sqs: SQSClient, stack: TestStack, timeoutMs: number) {
  await waitUntil(
    'an empty queue',
    async () => (await queueDepth(sqs, stack.queueUrl)) === 0,
    timeoutMs,
  );
  expect(await queueDepth(sqs, stack.env.SQS_DLQ_URL!)).toBe(0);
}

interface JobRow {
  status: string;
  attempt: number;
  file_key: string;
  error_code: string | null;
}

async function jobRow(stack: TestStack, jobId: string): Promise<JobRow> {
  const [row] = await stack.dataSource.query<JobRow[]>(
    'SELECT status, attempt, file_key, error_code FROM jobs WHERE id = $1',
    [jobId],
  );
  if (!row) throw new Error(`job ${jobId} not found`);
  return row;
}

interface RawRowsDigest {
  rows: number;
  distinctRowNumbers: number;
  firstRow: number | null;
  lastRow: number | null;
  digest: string | null;
}

interface IssuesDigest {
  issues: number;
  distinctIssues: number;
  digest: string | null;
}

/**
 * Everything a job's processing produced, reduced to comparable values: the counts the API
 * shows, and digests of every raw row and every issue (with its id's row-and-type part) in
 * their stored order.
 */
async function snapshot(stack: TestStack, job: JobBody) {
  const [rawRows] = await stack.dataSource.query<RawRowsDigest[]>(
    `SELECT count(*)::int AS rows, count(DISTINCT row_number)::int AS "distinctRowNumbers",
            min(row_number) AS "firstRow", max(row_number) AS "lastRow",
            md5(string_agg(concat_ws('|', row_number, line_number, email, first_name, last_name,
                                     company, phone, identity_key, issue_types::text, is_valid,
                                     data::text),
                           E'\\n' ORDER BY row_number)) AS digest
       FROM raw_rows WHERE job_id = $1`,
    [job.id],
  );
  const [issues] = await stack.dataSource.query<IssuesDigest[]>(
    `SELECT count(*)::int AS issues, count(DISTINCT (type, key))::int AS "distinctIssues",
            md5(string_agg(concat_ws('|', right(id::text, 12), type, key, row_numbers::text, blocking,
                                     status, version),
                           E'\\n' ORDER BY seq)) AS digest
       FROM issues WHERE job_id = $1`,
    [job.id],
  );
  const byType = await stack.dataSource.query<
    { type: string; blocking: boolean; status: string; n: number }[]
  >(
    `SELECT type, blocking, status, count(*)::int AS n FROM issues WHERE job_id = $1
      GROUP BY type, blocking, status ORDER BY type, blocking, status`,
    [job.id],
  );
  return {
    status: job.status,
    encoding: job.encoding,
    delimiter: job.delimiter,
    counts: job.counts,
    rawRows,
    issues: { ...issues, byType },
  };
}

/** A single, undisturbed run of `bytes`, for comparison (a worker must be running). */
async function cleanRun(stack: TestStack, api: ApiClient, bytes: Buffer) {
  const upload = await api.upload('clean.csv', bytes);
  expect(upload.status).toBe(202);
  const job = await api.waitForJob(
    upload.body.id,
    ['NEEDS_REVIEW', 'COMPLETED', 'FAILED'],
    120_000,
  );
  expect((await jobRow(stack, job.id)).attempt).toBe(1);
  return snapshot(stack, job);
}

function expectWhole(snap: Awaited<ReturnType<typeof snapshot>>, rows: number) {
  expect(snap.counts.totalRows).toBe(rows);
  expect(snap.rawRows).toMatchObject({
    rows,
    distinctRowNumbers: rows,
    firstRow: 1,
    lastRow: rows,
  });
  expect(snap.issues.distinctIssues).toBe(snap.issues.issues);
  expect(snap.counts.openIssues).toBe(snap.issues.issues);
}

/**
 * Holds a job's processing lock (JOB_PROCESSING_LOCK), as a delivery that is still working on it
 * does, until `release`.
 */
async function holdJobLock(stack: TestStack, jobId: string) {
  const held = await openHoldingTransaction(stack.dataSource);
  await held.runner.query(JOB_PROCESSING_LOCK, [jobId]);
  return {
    waitForWaiter: held.waitForWaiter,
    /** Ends the holding delivery as a successful one does: the job done, then the commit. */
    async finish(status: 'COMPLETED' | 'NEEDS_REVIEW') {
      await held.runner.query(
        `UPDATE jobs SET status = $2 WHERE id = $1 AND status IN ('PENDING', 'PROCESSING')`,
        [jobId, status],
      );
      await held.runner.commitTransaction();
      await held.release();
    },
    release: held.release,
  };
}

describe('crash safety (spec §8): a message processed twice, or after a crash, counts once', () => {
  it('survives a worker killed with SIGKILL half way through a large file', async () => {
    const ROWS = 300_000;
    const bytes = generateContactsCsv(ROWS, 8);
    const stack = await startTestStack({ worker: false, env: FAST_REDELIVERY });
    const children: Child[] = [];
    const sqs = createSqsClient(awsClients(stack));
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const victim = await forkWorker(stack);
      children.push(victim);
      const upload = await api.upload('big.csv', bytes);
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;

      // Half way: PROCESSING, with some (not all) rows read.
      let seen: JobBody | undefined;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        seen = (await api.get<JobBody>(`/api/jobs/${jobId}`)).body;
        const rows = seen.progress.rowsProcessed;
        // The first published progress: the dead attempt has copied rows and is not done.
        // (Waiting for a fifth of the file missed the window now and then in CI: progress
        // was seen stuck at one value for up to a second, then the job was in review.)
        if (seen.status === 'PROCESSING' && rows > 0) break;
        if (!['PENDING', 'PROCESSING'].includes(seen.status)) break;
        await sleep(25);
      }
      expect(seen?.status).toBe('PROCESSING');
      expect(seen?.progress.rowsProcessed).toBeGreaterThan(0);
      expect(seen?.progress.rowsProcessed).toBeLessThan(ROWS);

      victim.process.kill('SIGKILL');
      await victim.exited;

      // The dead attempt committed its claim and nothing else.
      expect(await jobRow(stack, jobId)).toMatchObject({ status: 'PROCESSING', attempt: 1 });
      const [left] = await stack.dataSource.query<{ rows: number; issues: number }[]>(
        `SELECT (SELECT count(*)::int FROM raw_rows WHERE job_id = $1) AS rows,
                (SELECT count(*)::int FROM issues WHERE job_id = $1) AS issues`,
        [jobId],
      );
      expect(left).toEqual({ rows: 0, issues: 0 });

      // A new worker gets the message back once its visibility timeout has run out.
      const rescuer = await forkWorker(stack);
      children.push(rescuer);
      const recovered = await api.waitForJob(
        jobId,
        ['NEEDS_REVIEW', 'COMPLETED', 'FAILED'],
        120_000,
      );
      expect(recovered.status).toBe('NEEDS_REVIEW');
      expect(recovered.progress.rowsProcessed).toBe(ROWS);
      expect((await jobRow(stack, jobId)).attempt).toBe(2);
      const afterCrash = await snapshot(stack, recovered);
      expectWhole(afterCrash, ROWS);

      const clean = await cleanRun(stack, api, bytes);
      expectWhole(clean, ROWS);
      expect(afterCrash).toEqual(clean);

      await expectQueuesDrained(sqs, stack, 15_000);
    } finally {
      await Promise.all(children.map((child) => stopChild(child, 10_000)));
      sqs.destroy();
      await stack.stop();
    }
  }, 240_000);

  it('processes two deliveries of one message, handled by two workers at once, once', async () => {
    const ROWS = 50_000;
    const bytes = generateContactsCsv(ROWS, 9);
    const stack = await startTestStack({ worker: false, env: FAST_REDELIVERY });
    const children: Child[] = [];
    const sqs = createSqsClient(awsClients(stack));
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('twice.csv', bytes);
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;
      // The same message again, as SQS's at-least-once delivery may hand it out.
      const { file_key: fileKey } = await jobRow(stack, jobId);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.queueUrl,
          MessageBody: JSON.stringify({ jobId, fileKey }),
        }),
      );
      expect(await queueDepth(sqs, stack.queueUrl)).toBe(2);

      children.push(...(await Promise.all([forkWorker(stack), forkWorker(stack)])));
      const done = await api.waitForJob(jobId, ['NEEDS_REVIEW', 'COMPLETED', 'FAILED'], 120_000);
      expect(done.status).toBe('NEEDS_REVIEW');
      // The delivery that lost (superseded or skipped) is dropped too, not left to dead-letter.
      await expectQueuesDrained(sqs, stack, 30_000);
      // Whichever delivery won, the job is done and stays done.
      const after = (await api.get<JobBody>(`/api/jobs/${jobId}`)).body;
      expect(after.status).toBe('NEEDS_REVIEW');
      // One claim: the second delivery waited for the first instead of taking the job from it
      // (the next case holds a delivery's lock to watch that wait), then found the job done.
      expect((await jobRow(stack, jobId)).attempt).toBe(1);
      const twice = await snapshot(stack, after);
      expectWhole(twice, ROWS);

      const clean = await cleanRun(stack, api, bytes);
      expect(twice).toEqual(clean);
    } finally {
      await Promise.all(children.map((child) => stopChild(child, 10_000)));
      sqs.destroy();
      await stack.stop();
    }
  }, 180_000);

  it('waits for a delivery that is still processing the job instead of taking the job from it', async () => {
    const stack = await startTestStack({ worker: false, env: FAST_REDELIVERY });
    let holder: HeldJob | undefined;
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('held.csv', 'email,first_name\na@example.com,Ada\n');
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;
      // A live delivery of this job, as far as the database can tell.
      holder = await holdJobLock(stack, jobId);
      await stack.startWorker();
      await holder.waitForWaiter('the worker to wait for the delivery holding the job');
      // Waiting, it has not claimed the job: the holder keeps it (and would commit its result).
      expect(await jobRow(stack, jobId)).toMatchObject({ status: 'PENDING', attempt: 0 });

      // The holder went away without finishing: now the waiting delivery processes the job.
      await holder.release();
      const done = await api.waitForJob(jobId, ['COMPLETED', 'NEEDS_REVIEW', 'FAILED'], 30_000);
      expect(done.status).toBe('COMPLETED');
      expect(await jobRow(stack, jobId)).toMatchObject({ status: 'COMPLETED', attempt: 1 });
    } finally {
      await holder?.release();
      await stack.stop();
    }
  }, 120_000);

  it('lives on when PostgreSQL cancels its COPY half way; the message returns and the job completes', async () => {
    const ROWS = 300_000;
    const bytes = generateContactsCsv(ROWS, 8);
    const stack = await startTestStack({
      worker: false,
      env: { ...FAST_REDELIVERY, RETRY_DELAY_SECONDS: RETRY_DELAY },
    });
    const children: Child[] = [];
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const worker = await forkWorker(stack);
      children.push(worker);
      const upload = await api.upload('cancelled.csv', bytes);
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;

      // The backend copying this job's rows: the one holding the job's lock, in a COPY.
      await waitUntil(
        "the worker's COPY to be cancelled",
        async () => {
          const [row] = await stack.dataSource.query<{ cancelled: boolean }[]>(
            `SELECT pg_cancel_backend(a.pid) AS cancelled
               FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
              WHERE l.locktype = 'advisory' AND l.granted
                AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)
                AND a.state = 'active' AND a.query LIKE 'COPY raw_rows%'`,
            [jobId],
          );
          return row?.cancelled === true;
        },
        60_000,
      );

      const done = await api.waitForJob(jobId, ['NEEDS_REVIEW', 'COMPLETED', 'FAILED'], 120_000);
      expect(done.status).toBe('NEEDS_REVIEW');
      expect(done.counts.totalRows).toBe(ROWS);
      // The cancelled attempt, then the one that completed, by the same worker process.
      expect((await jobRow(stack, jobId)).attempt).toBe(2);
      expect(worker.process.exitCode).toBeNull();
      expect(worker.process.signalCode).toBeNull();
      expectWhole(await snapshot(stack, done), ROWS);
    } finally {
      await Promise.all(children.map((child) => stopChild(child, 10_000)));
      await stack.stop();
    }
  }, 180_000);

  it("reports why the load's connection was lost, not that the rollback found it released", async () => {
    const stack = await startTestStack({ worker: false });
    const config = loadWorkerConfig(stack.env);
    const dataSource = await createDataSource({
      url: config.DATABASE_URL,
      poolSize: 3,
    }).initialize();
    const s3 = createS3Client(config);
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('terminated.csv', generateContactsCsv(300_000, 9));
      const jobId = upload.body.id;
      // One delivery, run here rather than by a consumer, so that its error can be looked at.
      const attempt = ingestJob(
        {
          dataSource,
          store: new S3ObjectStore(s3, config.S3_BUCKET),
          logger: createLogger('test-worker', 'silent'),
          maxRecordBytes: config.MAX_RECORD_BYTES,
          progressIntervalMs: config.PROGRESS_INTERVAL_MS,
        },
        { jobId, fileKey: (await jobRow(stack, jobId)).file_key },
      );
      const failure = attempt.then(
        () => new Error('the attempt did not fail'),
        (error: unknown) => error as Error,
      );
      await waitUntil(
        "the worker's COPY to be terminated",
        async () => {
          const [row] = await stack.dataSource.query<{ terminated: boolean }[]>(
            `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
              WHERE state = 'active' AND query LIKE 'COPY raw_rows%'`,
          );
          return row?.terminated === true;
        },
        60_000,
      );
      // The socket's own error (EPIPE, ECONNRESET or PostgreSQL's), for the log. Not TypeORM's
      // "Query runner already released" from the rollback, which replaced it in 3 runs of 4.
      const error = await failure;
      expect(error.name).not.toBe('QueryRunnerAlreadyReleasedError');
      expect(error.message).not.toMatch(/already released/i);
      expect(await jobRow(stack, jobId)).toMatchObject({ status: 'PROCESSING', attempt: 1 });
    } finally {
      s3.destroy();
      await dataSource.destroy();
      await stack.stop();
    }
  }, 120_000);

  it('marks a job FAILED with PROCESSING_FAILED once its message is dead-lettered', async () => {
    const stack = await startTestStack({ worker: false, env: FAST_REDELIVERY });
    let worker: RunningWorker | null = null;
    const sqs = createSqsClient(awsClients(stack));
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('unreachable.csv', 'email,first_name\na@example.com,Ada\n');
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;

      // Every attempt fails for a reason unrelated to the file: the bucket is not there. And
      // no SQS_DLQ_URL: the worker finds the dead-letter queue in the queue's redrive policy.
      worker = await startWorker(
        loadWorkerConfig({
          ...stack.env,
          SQS_DLQ_URL: undefined,
          S3_BUCKET: `no-such-bucket-${randomUUID().slice(0, 8)}`,
          RETRY_DELAY_SECONDS: RETRY_DELAY,
        }),
      );
      const failed = await api.waitForJob(jobId, ['FAILED', 'NEEDS_REVIEW', 'COMPLETED'], 60_000);
      expect(failed.status).toBe('FAILED');
      expect(failed.error?.code).toBe('PROCESSING_FAILED');
      expect(failed.error?.message).toMatch(/^Processing failed repeatedly\b.*\bRetry the job\b/);
      expect(failed.error?.line).toBeNull();
      // Three receives, each a claim, then the dead-letter queue.
      expect((await jobRow(stack, jobId)).attempt).toBe(3);
      await waitUntil(
        'empty queues',
        async () =>
          (await queueDepth(sqs, stack.queueUrl)) === 0 &&
          (await queueDepth(sqs, stack.env.SQS_DLQ_URL!)) === 0,
        15_000,
      );
      // Nothing brings it back to PROCESSING afterwards.
      await sleep(1_000);
      expect(await jobRow(stack, jobId)).toMatchObject({
        status: 'FAILED',
        attempt: 3,
        error_code: 'PROCESSING_FAILED',
      });
    } finally {
      await worker?.stop();
      sqs.destroy();
      await stack.stop();
    }
  }, 120_000);

  it('lets a delivery still processing a job finish it before failing the job for its dead-lettered message', async () => {
    const stack = await startTestStack({ worker: false, env: FAST_REDELIVERY });
    const sqs = createSqsClient(awsClients(stack));
    let holder: HeldJob | undefined;
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('late.csv', 'email,first_name\na@example.com,Ada\n');
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;
      // A delivery holds the job (its own message taken off the queue), while another message
      // of the job has been dead-lettered.
      holder = await holdWhileDeadLettered(stack, sqs, jobId);

      await stack.startWorker();
      await holder.waitForWaiter('the dead-letter consumer to wait for the holding delivery');
      expect((await jobRow(stack, jobId)).status).toBe('PENDING');
      await holder.finish('COMPLETED');
      await waitUntil(
        'the dead-lettered message to be consumed',
        async () => (await queueDepth(sqs, stack.env.SQS_DLQ_URL!)) === 0,
        15_000,
      );
      expect(await jobRow(stack, jobId)).toMatchObject({ status: 'COMPLETED', error_code: null });
    } finally {
      await holder?.release();
      sqs.destroy();
      await stack.stop();
    }
  }, 120_000);

  it('keeps no counts on a job the dead-letter queue fails: nothing of its file is kept', async () => {
    const stack = await startTestStack({ worker: false, env: FAST_REDELIVERY });
    const sqs = createSqsClient(awsClients(stack));
    let holder: HeldJob | undefined;
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('dies.csv', 'email,first_name\na@example.com,Ada\n');
      const jobId = upload.body.id;
      // The last delivery holds the job; its message is off the queue, a copy dead-lettered.
      holder = await holdWhileDeadLettered(stack, sqs, jobId);
      // Its progress beat, committed on a connection of its own, had published the counts of
      // the rows read so far.
      await stack.dataSource.query(
        `UPDATE jobs SET status = 'PROCESSING', attempt = 3, rows_processed = 2000,
                total_rows = 2000, valid_rows = 1900, invalid_rows = 100, open_issues = 150,
                open_blocking_issues = 100, duplicate_groups = 7
          WHERE id = $1`,
        [jobId],
      );

      await stack.startWorker();
      await holder.waitForWaiter('the dead-letter consumer to wait for the holding delivery');
      // The delivery dies: its transaction, and every row it wrote, is gone.
      await holder.release();
      const failed = await api.waitForJob(jobId, ['FAILED'], 15_000);
      expect(failed.error?.code).toBe('PROCESSING_FAILED');
      expect(failed.counts).toMatchObject({
        totalRows: 0,
        validRows: 0,
        invalidRows: 0,
        duplicateGroups: 0,
        openIssues: 0,
        openBlockingIssues: 0,
      });
      // How far the last attempt read, as when the worker fails a job itself.
      expect(failed.progress.rowsProcessed).toBe(2000);
    } finally {
      await holder?.release();
      sqs.destroy();
      await stack.stop();
    }
  }, 120_000);

  it('fails a job whose upload was deleted with FILE_NOT_FOUND, at once and without retries', async () => {
    const stack = await startTestStack({
      worker: false,
      // A retry, were there one, would come within a second or two: the wait below would see it.
      env: { ...FAST_REDELIVERY, RETRY_DELAY_SECONDS: RETRY_DELAY },
    });
    const sqs = createSqsClient(awsClients(stack));
    try {
      const api = new ApiClient(stack.baseUrl);
      await api.signUp();
      const upload = await api.upload('gone.csv', 'email,first_name\na@example.com,Ada\n');
      expect(upload.status).toBe(202);
      const jobId = upload.body.id;
      const { status, file_key: fileKey } = await jobRow(stack, jobId);
      expect(status).toBe('PENDING');
      const s3 = createS3Client(awsClients(stack));
      await s3.send(new DeleteObjectCommand({ Bucket: stack.env.S3_BUCKET!, Key: fileKey }));
      s3.destroy();

      const started = Date.now();
      await stack.startWorker();
      const failed = await api.waitForJob(jobId, ['FAILED', 'NEEDS_REVIEW', 'COMPLETED'], 10_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toMatchObject({ code: 'FILE_NOT_FOUND', line: null });
      expect(failed.error?.message).toContain('Upload it again');

      // Permanent: the message is deleted, not retried and not dead-lettered.
      await waitUntil(
        'an empty queue',
        async () => (await queueDepth(sqs, stack.queueUrl)) === 0,
        5_000,
      );
      await sleep(3_000);
      expect(await queueDepth(sqs, stack.queueUrl)).toBe(0);
      expect(await queueDepth(sqs, stack.env.SQS_DLQ_URL!)).toBe(0);
      expect(await jobRow(stack, jobId)).toMatchObject({
        status: 'FAILED',
        attempt: 1,
        error_code: 'FILE_NOT_FOUND',
      });
    } finally {
      sqs.destroy();
      await stack.stop();
    }
  }, 60_000);
});

type HeldJob = Awaited<ReturnType<typeof holdJobLock>>;

/**
 * A delivery holds the job (holdJobLock), its message taken off the queue, while a copy of that
 * message sits in the dead-letter queue: what the dead-letter consumer finds when a delivery
 * outlives its message's receives.
 */
async function holdWhileDeadLettered(
  stack: TestStack,
  sqs: SQSClient,
  jobId: string,
): Promise<HeldJob> {
  const holder = await holdJobLock(stack, jobId);
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, WaitTimeSeconds: 5 }),
  );
  expect(Messages).toHaveLength(1);
  await sqs.send(
    new DeleteMessageCommand({
      QueueUrl: stack.queueUrl,
      ReceiptHandle: Messages![0].ReceiptHandle,
    }),
  );
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: stack.env.SQS_DLQ_URL,
      MessageBody: JSON.stringify({ jobId, fileKey: (await jobRow(stack, jobId)).file_key }),
    }),
  );
  return holder;
}
