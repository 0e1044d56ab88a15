import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ApiClient,
  readCsv,
  type ErrorBody,
  type IssueBody,
  type JobBody,
  type AuditEntryBody,
  type PageBody,
} from './support/api-client.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Spec §9: a row refused for its email is fixed with a new one and joins that email's group.
const FILE = [
  'email,first_name,last_name,company',
  'ada@example.com,Ada,Lovelace,Engines', // 1
  'grace@example.com,Grace,Hopper,Navy', // 2
  ',Alan,Turing,Bletchley', // 3: missing email, fixed to a new address
  'not-an-email,Ada,Lovelace,', // 4: fixed to Ada's address, same person: merged silently
  'broken@,Grace,Kelly,Monaco', // 5: fixed to Grace's address, another person: a conflict
  'bad@@example.com,Linus,Torvalds,', // 6: an invalid fix is refused
  'sam@example.com,Sam,Ray,Acme', // 7
  'sam@example.com,Samuel,Ray,Globex', // 8: a conflict found on ingest
  'oops,Samantha,Ray,Initech', // 9: fixed into Sam's open conflict
].join('\n');

describe('fixing an email (spec §9)', () => {
  let stack: TestStack;
  let api: ApiClient;
  let job: JobBody;
  let rowIssue: Map<number, IssueBody>;

  const getJob = async () => (await api.get<JobBody>(`/api/jobs/${job.id}`)).body;
  const getIssue = (id: string) => api.get<IssueBody | ErrorBody>(`/api/issues/${id}`);
  const duplicateFor = async (email: string) =>
    (await api.issues(job.id, '?type=DUPLICATE_EMAIL')).items.find((i) => i.key === email);
  const fix = (issue: IssueBody, email: string, version = issue.version) =>
    api.post<IssueBody & ErrorBody>(`/api/issues/${issue.id}/resolve`, {
      action: 'fix',
      email,
      version,
    });

  beforeAll(async () => {
    stack = await startTestStack();
    api = new ApiClient(stack.baseUrl);
    await api.signUp();
    const upload = await api.upload('fixes.csv', FILE);
    job = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    const { items } = await api.issues(job.id, '?limit=100');
    rowIssue = new Map(
      items.filter((i) => i.type !== 'DUPLICATE_EMAIL').map((i) => [i.rows[0].rowNumber, i]),
    );
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('starts with five invalid rows and one conflicting group', () => {
    expect(job.counts).toMatchObject({
      totalRows: 9,
      validRows: 4,
      invalidRows: 5,
      duplicateGroups: 1,
      openBlockingIssues: 6,
    });
    expect([...rowIssue.keys()].sort()).toEqual([3, 4, 5, 6, 9]);
  });

  it('refuses an invalid fix with 422 and changes nothing', async () => {
    const issue = rowIssue.get(6)!;
    for (const email of ['still bad@', '', 'a@b']) {
      const refused = await fix(issue, email);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('INVALID_RESOLUTION');
    }
    expect((await fix(issue, 'ada@@example.com')).body.message).toBe(
      '"ada@@example.com" is not a valid email address.',
    );
    const missing = await api.post<ErrorBody>(`/api/issues/${issue.id}/resolve`, {
      action: 'fix',
      version: 1,
    });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toContain('"email"');

    const duplicate = await duplicateFor('sam@example.com');
    const wrongType = await fix(duplicate!, 'sam@example.com');
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.message).toBe('Only a row with a missing or invalid email can be fixed.');

    expect((await getIssue(issue.id)).body).toMatchObject({ status: 'OPEN', version: 1 });
    expect((await getJob()).counts).toMatchObject({ validRows: 4, openBlockingIssues: 6 });
  });

  it('fixes a missing email to a new address: the row becomes a valid contact on its own', async () => {
    const fixed = await fix(rowIssue.get(3)!, '  Alan@Example.COM ');
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      status: 'RESOLVED',
      version: 2,
      resolution: { action: 'fix', email: 'alan@example.com', previousEmail: '' },
    });
    expect(fixed.body.rows[0].normalized.email).toBe('alan@example.com');
    // The original cell is kept as read.
    expect(fixed.body.rows[0].data.email).toBe('');
    expect(await duplicateFor('alan@example.com')).toBeUndefined();
    expect((await getJob()).counts).toMatchObject({
      validRows: 5,
      invalidRows: 4,
      duplicateGroups: 1,
      openBlockingIssues: 5,
    });
  });

  it('fixes a row to the address of the same person: no issue, the group merges', async () => {
    const fixed = await fix(rowIssue.get(4)!, 'ADA@example.com');
    expect(fixed.status).toBe(200);
    expect(await duplicateFor('ada@example.com')).toBeUndefined();
    expect((await getJob()).counts).toMatchObject({
      validRows: 6,
      duplicateGroups: 2,
      openBlockingIssues: 4,
    });
  });

  it("fixes a row to another person's address: a duplicate issue opens and blocks finalize", async () => {
    const fixed = await fix(rowIssue.get(5)!, 'grace@example.com');
    expect(fixed.status).toBe(200);
    const opened = await duplicateFor('grace@example.com');
    expect(opened).toMatchObject({ status: 'OPEN', blocking: true, version: 1 });
    expect(opened!.rows.map((r) => [r.rowNumber, r.normalized.last_name])).toEqual([
      [2, 'Hopper'],
      [5, 'Kelly'],
    ]);
    expect((await getJob()).counts).toMatchObject({
      validRows: 7,
      duplicateGroups: 3,
      openBlockingIssues: 4,
    });
    const { counts } = await api.issues(job.id);
    expect(counts).toEqual({
      byType: { DUPLICATE_EMAIL: 2, INVALID_EMAIL_FORMAT: 4, MISSING_EMAIL: 1 },
      byStatus: { OPEN: 4, RESOLVED: 3 },
      openByType: { DUPLICATE_EMAIL: 2, INVALID_EMAIL_FORMAT: 2 },
    });
    const refused = await api.post<ErrorBody>(`/api/jobs/${job.id}/finalize`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'OPEN_ISSUES_REMAIN',
      details: { openBlockingIssues: 4 },
    });
  });

  it('reopening that fix withdraws the issue it opened and restores the row', async () => {
    const issue = rowIssue.get(5)!;
    const opened = await duplicateFor('grace@example.com');
    const reopened = await api.post<IssueBody>(`/api/issues/${issue.id}/reopen`, { version: 2 });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'OPEN', version: 3, resolution: null });
    expect(reopened.body.rows[0].normalized.email).toBe('broken@');
    expect((await getIssue(opened!.id)).status).toBe(404);
    expect((await getJob()).counts).toMatchObject({
      validRows: 6,
      invalidRows: 3,
      duplicateGroups: 2,
      openBlockingIssues: 4,
    });
  });

  it('fixes a row into an open conflict: it becomes a candidate, and stale versions lose', async () => {
    const before = await duplicateFor('sam@example.com');
    const fixed = await fix(rowIssue.get(9)!, 'sam@example.com');
    expect(fixed.status).toBe(200);
    const after = await duplicateFor('sam@example.com');
    expect(after!.id).toBe(before!.id);
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.rows.map((r) => r.rowNumber)).toEqual([7, 8, 9]);

    const stale = await api.post<ErrorBody>(`/api/issues/${after!.id}/resolve`, {
      action: 'choose',
      rowId: after!.rows[2].rowId,
      version: before!.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const chosen = await api.post<IssueBody>(`/api/issues/${after!.id}/resolve`, {
      action: 'choose',
      rowId: after!.rows[2].rowId,
      version: after!.version,
    });
    expect(chosen.status).toBe(200);
  });

  it('will not take a row out of a decided group until that decision is reopened', async () => {
    const issue = rowIssue.get(9)!;
    const duplicate = await duplicateFor('sam@example.com');
    const refused = await api.post<ErrorBody>(`/api/issues/${issue.id}/reopen`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'INVALID_STATE',
      details: { duplicateIssueId: duplicate!.id },
    });
    expect((await getIssue(issue.id)).body).toMatchObject({ status: 'RESOLVED' });

    // Reopen the decision and the fix, then fix and choose again: the group survives (7 and 8
    // still differ), with its candidates back to the file's rows.
    expect((await api.post(`/api/issues/${duplicate!.id}/reopen`)).status).toBe(200);
    expect((await api.post(`/api/issues/${issue.id}/reopen`)).status).toBe(200);
    const kept = await duplicateFor('sam@example.com');
    expect(kept!.rows.map((r) => r.rowNumber)).toEqual([7, 8]);
    const refixed = await fix((await getIssue(issue.id)).body as IssueBody, 'sam@example.com');
    expect(refixed.status).toBe(200);
    const again = await duplicateFor('sam@example.com');
    expect(
      (
        await api.post(`/api/issues/${again!.id}/resolve`, {
          action: 'choose',
          rowId: again!.rows.find((r) => r.rowNumber === 9)!.rowId,
          version: again!.version,
        })
      ).status,
    ).toBe(200);
  });

  it('finalizes fixed rows into the contacts and leaves them out of the rejects', async () => {
    for (const n of [5, 6]) {
      const current = (await getIssue(rowIssue.get(n)!.id)).body as IssueBody;
      expect(
        (
          await api.post(`/api/issues/${current.id}/resolve`, {
            action: 'exclude',
            version: current.version,
          })
        ).status,
      ).toBe(200);
    }
    const done = await api.post<JobBody>(`/api/jobs/${job.id}/finalize`);
    expect(done.status).toBe(200);
    expect(done.body.counts.finalContacts).toBe(4);

    const exported = readCsv((await api.get<string>(`/api/jobs/${job.id}/export.csv`)).text);
    expect(exported).toEqual([
      ['email', 'first_name', 'last_name', 'company', 'phone'],
      ['ada@example.com', 'Ada', 'Lovelace', 'Engines', ''],
      ['grace@example.com', 'Grace', 'Hopper', 'Navy', ''],
      ['alan@example.com', 'Alan', 'Turing', 'Bletchley', ''],
      ['sam@example.com', 'Samantha', 'Ray', 'Initech', ''],
    ]);
    const rejects = readCsv((await api.get<string>(`/api/jobs/${job.id}/rejects.csv`)).text);
    expect(rejects.slice(1).map((r) => r[0])).toEqual(['5', '6']);
  });

  it('records the fixes, the reopens and the finalize in the audit trail', async () => {
    const audit = (await api.get<PageBody<AuditEntryBody>>(`/api/jobs/${job.id}/audit?limit=100`))
      .body;
    const fixes = audit.items.filter((e) => e.details.action === 'fix');
    // Newest first.
    expect(fixes.map((e) => e.details.email)).toEqual([
      'sam@example.com',
      'sam@example.com',
      'grace@example.com',
      'ada@example.com',
      'alan@example.com',
    ]);
    expect(audit.items.filter((e) => e.action === 'reopen')).toHaveLength(3);
    expect(audit.items[0]).toMatchObject({
      action: 'finalize',
      issueId: null,
      details: { finalContacts: 4 },
    });
  });

  // Reviewers acting at once, on a job of its own.
  it('lets exactly one of two decisions on one issue win, and queues decisions on different issues', async () => {
    const lines = ['email,first_name,last_name'];
    for (let i = 0; i < 20; i += 1)
      lines.push(`p${i}@example.com,Pat,A${i}`, `p${i}@example.com,Sam,B${i}`);
    for (let i = 0; i < 20; i += 1) lines.push(`broken-${i},Row,C${i}`);
    const upload = await api.upload('together.csv', lines.join('\n'));
    const job = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    expect(job.counts.openBlockingIssues).toBe(40);
    const { items } = await api.issues(job.id, '?limit=100');
    const duplicates = items.filter((i) => i.type === 'DUPLICATE_EMAIL');
    const invalid = items.filter((i) => i.type === 'INVALID_EMAIL_FORMAT');

    // Same issue, same version, two different decisions: one wins, the other is told why.
    const [target] = duplicates as [IssueBody];
    const race = await Promise.all(
      target.rows.map((row) =>
        api.post<IssueBody & ErrorBody>(`/api/issues/${target.id}/resolve`, {
          action: 'choose',
          rowId: row.rowId,
          version: target.version,
        }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = race.find((r) => r.status === 200)!;
    expect(race.find((r) => r.status === 409)!.body.code).toBe('VERSION_CONFLICT');
    expect((await api.get<IssueBody>(`/api/issues/${target.id}`)).body.resolution).toEqual(
      winner.body.resolution,
    );

    // Every other issue at once, fixes included (each takes the job's lock first, so none
    // deadlocks with another): all succeed and the counts add up.
    const answers = await Promise.all([
      ...duplicates.slice(1).map((issue) =>
        api.post(`/api/issues/${issue.id}/resolve`, {
          action: 'exclude',
          version: issue.version,
        }),
      ),
      ...invalid.map((issue, n) =>
        api.post(`/api/issues/${issue.id}/resolve`, {
          action: 'fix',
          email: `fixed-${n}@example.com`,
          version: issue.version,
        }),
      ),
    ]);
    expect(answers.filter((r) => r.status !== 200)).toEqual([]);
    const done = (await api.get<JobBody>(`/api/jobs/${job.id}`)).body;
    expect(done.counts).toMatchObject({ openBlockingIssues: 0, validRows: 60, invalidRows: 0 });
    const finalized = await api.post<JobBody>(`/api/jobs/${job.id}/finalize`);
    // One chosen duplicate and twenty fixed rows; nineteen groups excluded.
    expect(finalized.body.counts.finalContacts).toBe(21);
  });
});
