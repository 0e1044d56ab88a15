import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@intake/platform';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient, type ErrorBody, type JobBody } from './support/api-client.js';
import { generateContactsCsv } from './support/contacts-csv.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

describe('cancel and retry (spec §8)', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    api = new ApiClient(stack.baseUrl);
    await api.signUp();
  });

  afterAll(async () => {
    await stack.stop();
  });

  const rowsOf = async (jobId: string) => {
    const [{ rows, issues }] = await stack.dataSource.query<{ rows: number; issues: number }[]>(
      `SELECT (SELECT count(*)::int FROM raw_rows WHERE job_id = $1) AS rows,
              (SELECT count(*)::int FROM issues WHERE job_id = $1) AS issues`,
      [jobId],
    );
    return { rows, issues };
  };

  it('cancels a job while the worker processes it: the worker stops and keeps nothing', async () => {
    const upload = await api.upload('big.csv', generateContactsCsv(200_000, 3));
    let job = upload.body;
    while (!(job.status === 'PROCESSING' && job.progress.rowsProcessed > 0)) {
      job = (await api.get<JobBody>(`/api/jobs/${job.id}`)).body;
      expect(['PENDING', 'PROCESSING']).toContain(job.status);
    }
    const cancelled = await api.post<JobBody>(`/api/jobs/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    // It had counts of the rows read so far; none of them is kept.
    expect(job.counts.totalRows).toBeGreaterThan(0);
    expect(cancelled.body.counts).toMatchObject({
      totalRows: 0,
      validRows: 0,
      invalidRows: 0,
      openBlockingIssues: 0,
    });

    // The worker notices, rolls back and takes the next job: a small file now completes.
    const next = await api.upload('small.csv', 'email,first_name,last_name\na@example.com,A,B\n');
    expect((await api.waitForJob(next.body.id, ['COMPLETED'])).status).toBe('COMPLETED');
    const after = (await api.get<JobBody>(`/api/jobs/${job.id}`)).body;
    expect(after.status).toBe('CANCELLED');
    expect(after.counts.totalRows).toBe(0);
    expect(await rowsOf(job.id)).toEqual({ rows: 0, issues: 0 });
  });

  it('cancels a job in review, and refuses to cancel it twice', async () => {
    const upload = await api.upload(
      'dupes.csv',
      'email,first_name\nx@example.com,Ann\nx@example.com,Bob\n',
    );
    const job = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    expect((await api.post<JobBody>(`/api/jobs/${job.id}/cancel`)).body.status).toBe('CANCELLED');
    const again = await api.post<ErrorBody>(`/api/jobs/${job.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'INVALID_STATE', details: { status: 'CANCELLED' } });
    // A cancelled job is no longer reviewable.
    const finalize = await api.post<ErrorBody>(`/api/jobs/${job.id}/finalize`);
    expect(finalize.body.code).toBe('INVALID_STATE');
  });

  it('retries a FAILED job on its stored file, and only a FAILED one', async () => {
    const upload = await api.upload('no-email.csv', 'name,phone\nAda,1\n');
    const failed = await api.waitForJob(upload.body.id, ['FAILED']);
    expect(failed.error?.code).toBe('MISSING_EMAIL_COLUMN');
    expect(failed).toMatchObject({ encoding: 'UTF-8', delimiter: ',' });

    const retried = await api.post<JobBody>(`/api/jobs/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    // Nothing of the failed attempt's reading is left: the new attempt detects it again.
    expect(retried.body).toMatchObject({
      status: 'PENDING',
      error: null,
      encoding: null,
      delimiter: null,
    });
    const again = await api.waitForJob(failed.id, ['FAILED']);
    expect(again.error?.code).toBe('MISSING_EMAIL_COLUMN');
    expect(again).toMatchObject({ encoding: 'UTF-8', delimiter: ',' });
    const [{ attempt }] = await stack.dataSource.query<{ attempt: number }[]>(
      'SELECT attempt FROM jobs WHERE id = $1',
      [failed.id],
    );
    expect(attempt).toBe(2);

    const completed = await api.upload('ok.csv', 'email\nb@example.com\n');
    await api.waitForJob(completed.body.id, ['COMPLETED']);
    const refused = await api.post<ErrorBody>(`/api/jobs/${completed.body.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_STATE');
  });

  it("answers 404 for another user's job", async () => {
    const other = new ApiClient(stack.baseUrl);
    await other.signUp();
    const upload = await api.upload('mine.csv', 'email\nc@example.com\n');
    await api.waitForJob(upload.body.id, ['COMPLETED']);
    expect((await other.post<ErrorBody>(`/api/jobs/${upload.body.id}/cancel`)).status).toBe(404);
    expect((await other.post<ErrorBody>(`/api/jobs/${upload.body.id}/retry`)).status).toBe(404);
  });
});

describe('a retry whose message cannot be published', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    api = new ApiClient(stack.baseUrl);
    await api.signUp();
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('answers 503 and leaves the job FAILED exactly as it was', async () => {
    // Two rows read, then a quote that never closes.
    const upload = await api.upload('broken.csv', 'email\na@example.com\nb@example.com\n"c\n');
    const failed = await api.waitForJob(upload.body.id, ['FAILED']);
    expect(failed.error).toMatchObject({ code: 'MALFORMED_CSV', line: 4 });
    expect(failed.progress.rowsProcessed).toBe(2);
    expect(failed.startedAt).not.toBeNull();

    // The queue goes away: publishing the retry's message fails.
    await stack.worker?.stop();
    stack.worker = null;
    const sqs = createSqsClient({
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL,
    });
    try {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: stack.queueUrl }));
    } finally {
      sqs.destroy();
    }

    const refused = await api.post<ErrorBody>(`/api/jobs/${failed.id}/retry`);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    const after = (await api.get<JobBody>(`/api/jobs/${failed.id}`)).body;
    // Everything but the time of the last change.
    expect({ ...after, updatedAt: failed.updatedAt }).toEqual(failed);
  });
});
