import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient, type ErrorBody, type IssueBody, type JobBody } from './support/api-client.js';
import { expectHiddenLikeUnknown, type ForeignCall } from './support/access-assertions.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Two rows share an email with different names: one blocking DUPLICATE_EMAIL issue, so the job
// waits in NEEDS_REVIEW with something another user could try to resolve, finalize or export.
const CONTACTS = [
  'email,first_name,last_name',
  'ada@example.com,Ada,Lovelace',
  'ada@example.com,Ada,Byron',
].join('\n');

describe('a user sees and acts on only their own jobs and issues', () => {
  let stack: TestStack;
  let owner: ApiClient;
  let other: ApiClient;
  let job: JobBody;
  let issue: IssueBody;

  beforeAll(async () => {
    stack = await startTestStack();
    owner = new ApiClient(stack.baseUrl);
    other = new ApiClient(stack.baseUrl);
    await owner.signUp();
    await other.signUp();

    const upload = await owner.upload('private-contacts.csv', CONTACTS);
    expect(upload.status).toBe(202);
    job = await owner.waitForJob(upload.body.id, ['NEEDS_REVIEW', 'COMPLETED', 'FAILED']);
    expect(job.status).toBe('NEEDS_REVIEW');
    const issues = await owner.issues(job.id);
    expect(issues.items).toHaveLength(1);
    issue = issues.items[0]!;
    expect(issue).toMatchObject({ type: 'DUPLICATE_EMAIL', status: 'OPEN', version: 1 });
  });

  afterAll(async () => {
    await stack.stop();
  });

  const resolveBody = () => ({ action: 'exclude', version: 1 });

  // Each call on the owner's resource, and the same call on an id that exists nowhere.
  const calls: [string, ForeignCall][] = [
    ['GET /api/jobs/:id', (j) => other.get<ErrorBody>(`/api/jobs/${j}`)],
    ['GET /api/jobs/:id/issues', (j) => other.get<ErrorBody>(`/api/jobs/${j}/issues`)],
    ['GET /api/issues/:id', (_j, i) => other.get<ErrorBody>(`/api/issues/${i}`)],
    [
      'POST /api/issues/:id/resolve',
      (_j, i) => other.post<ErrorBody>(`/api/issues/${i}/resolve`, resolveBody()),
    ],
    ['POST /api/jobs/:id/finalize', (j) => other.post<ErrorBody>(`/api/jobs/${j}/finalize`)],
    ['GET /api/jobs/:id/export.csv', (j) => other.get<ErrorBody>(`/api/jobs/${j}/export.csv`)],
  ];

  it.each(calls)(
    "%s on another user's job answers 404 NOT_FOUND, exactly as for an unknown id",
    async (_name, call) => {
      await expectHiddenLikeUnknown(call, job.id, issue.id);
    },
  );

  it("does not list another user's job, not even when searching for its name", async () => {
    const mine = await owner.get<{ items: JobBody[] }>('/api/jobs');
    expect(mine.body.items.map((j) => j.id)).toContain(job.id);

    const theirs = await other.get<{ items: JobBody[]; nextCursor: string | null }>('/api/jobs');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((j) => j.id)).not.toContain(job.id);
    const searched = await other.get<{ items: JobBody[] }>('/api/jobs?q=private-contacts');
    expect(searched.body.items).toEqual([]);
    const byStatus = await other.get<{ items: JobBody[] }>('/api/jobs?status=NEEDS_REVIEW');
    expect(byStatus.body.items).toEqual([]);
  });

  it.each([
    ['GET', '/api/jobs/not-a-uuid'],
    ['GET', '/api/jobs/123/issues'],
    ['GET', '/api/issues/not-a-uuid'],
    ['POST', '/api/issues/not-a-uuid/resolve'],
    ['POST', '/api/jobs/not-a-uuid/finalize'],
    ['GET', '/api/jobs/not-a-uuid/export.csv'],
  ])('answers 404 NOT_FOUND to %s %s (an id that is not a UUID)', async (method, path) => {
    const res = await owner.request<ErrorBody>(
      method,
      path,
      method === 'POST' ? resolveBody() : undefined,
    );
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(res.body.details).toEqual({});
  });

  // Declared last: it checks that none of the attempts above changed anything.
  it("leaves the owner's job and issue as they were", async () => {
    const after = await owner.get<JobBody>(`/api/jobs/${job.id}`);
    expect(after.status).toBe(200);
    expect(after.body.status).toBe('NEEDS_REVIEW');
    expect(after.body.counts).toEqual(job.counts);

    const seen = await owner.get<IssueBody>(`/api/issues/${issue.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'OPEN', version: 1, resolution: null });
    expect(seen.body.rows.map((r) => r.rowId)).toEqual(issue.rows.map((r) => r.rowId));

    // And the owner can still act on it: the resources were hidden, not broken.
    const resolved = await owner.post<IssueBody>(`/api/issues/${issue.id}/resolve`, resolveBody());
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', version: 2 });
  });
});
