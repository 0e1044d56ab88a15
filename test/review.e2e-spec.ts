import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ApiClient,
  readCsv,
  type AuditEntryBody,
  type ContactBody,
  type ErrorBody,
  type IssueBody,
  type JobBody,
  type PageBody,
} from './support/api-client.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

const FILE = [
  'email,first_name,last_name,company,team',
  'pat@example.com,Pat,Lee,Acme,red',
  'pat@example.com,Patricia,Leigh,,blue',
  'oops,Bad,Row,,green',
  'sam@example.com,Sam,Ray,Initech,gold',
].join('\n');

describe('reviewing: reopen, merge, the audit trail and the contacts list', () => {
  let stack: TestStack;
  let api: ApiClient;
  let email: string;
  let job: JobBody;
  let duplicate: IssueBody;
  let invalid: IssueBody;

  beforeAll(async () => {
    stack = await startTestStack();
    api = new ApiClient(stack.baseUrl);
    email = (await api.signUp()).email;
    const upload = await api.upload('team.csv', FILE);
    job = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    [duplicate, invalid] = (await api.issues(job.id)).items;
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('reopens a decision, refusing a stale version and an issue already open', async () => {
    const [first, second] = duplicate.rows;
    const chosen = await api.post<IssueBody>(`/api/issues/${duplicate.id}/resolve`, {
      action: 'choose',
      rowId: first.rowId,
      version: 1,
    });
    expect(chosen.body).toMatchObject({ status: 'RESOLVED', version: 2 });
    expect((await api.get<JobBody>(`/api/jobs/${job.id}`)).body.counts.openBlockingIssues).toBe(1);

    const stale = await api.post<ErrorBody>(`/api/issues/${duplicate.id}/reopen`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

    const reopened = await api.post<IssueBody>(`/api/issues/${duplicate.id}/reopen`, {
      version: 2,
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'OPEN', version: 3, resolution: null });
    expect(reopened.body.rows.map((r) => r.rowId)).toEqual([first.rowId, second.rowId]);
    expect((await api.get<JobBody>(`/api/jobs/${job.id}`)).body.counts.openBlockingIssues).toBe(2);

    const twice = await api.post<ErrorBody>(`/api/issues/${duplicate.id}/reopen`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_STATE');
  });

  it('merges field by field, then finalizes; nothing can be reopened afterwards', async () => {
    const [first, second] = duplicate.rows;
    const merged = await api.post<IssueBody>(`/api/issues/${duplicate.id}/resolve`, {
      action: 'merge',
      fields: { first_name: second.rowId, last_name: second.rowId, company: first.rowId },
      version: 3,
    });
    expect(merged.status).toBe(200);
    const foreign = await api.post<ErrorBody>(`/api/issues/${invalid.id}/resolve`, {
      action: 'choose',
      rowId: first.rowId,
      version: 1,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('INVALID_RESOLUTION');
    expect(
      (await api.post(`/api/issues/${invalid.id}/resolve`, { action: 'exclude', version: 1 }))
        .status,
    ).toBe(200);

    expect((await api.post<JobBody>(`/api/jobs/${job.id}/finalize`)).body.status).toBe('COMPLETED');
    const late = await api.post<ErrorBody>(`/api/issues/${duplicate.id}/reopen`);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'INVALID_STATE', details: { status: 'COMPLETED' } });
  });

  it('lists the final contacts in file order, in keyset pages, with the other columns', async () => {
    const first = await api.get<PageBody<ContactBody>>(`/api/jobs/${job.id}/contacts?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({
        email: 'pat@example.com',
        first_name: 'Patricia',
        last_name: 'Leigh',
        company: 'Acme',
        // The other columns only, as in the export.
        data: { team: 'red' },
      }),
    ]);
    const second = await api.get<PageBody<ContactBody>>(
      `/api/jobs/${job.id}/contacts?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((c) => c.email)).toEqual(['sam@example.com']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('records every decision and the finalize with who, when and what, newest first', async () => {
    const page1 = await api.get<PageBody<AuditEntryBody>>(`/api/jobs/${job.id}/audit?limit=3`);
    const page2 = await api.get<PageBody<AuditEntryBody>>(
      `/api/jobs/${job.id}/audit?limit=3&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.nextCursor).toBeNull();
    const entries = [...page1.body.items, ...page2.body.items];
    expect(entries.map((e) => [e.action, e.issueId, e.details.action ?? null])).toEqual([
      ['finalize', null, null],
      ['resolve', invalid.id, 'exclude'],
      ['resolve', duplicate.id, 'merge'],
      ['reopen', duplicate.id, null],
      ['resolve', duplicate.id, 'choose'],
    ]);
    expect(entries[0]?.details).toEqual({ finalContacts: 2 });
    expect(entries.every((e) => e.actor.email === email)).toBe(true);
    expect(entries[3]?.details.previous).toMatchObject({ action: 'choose' });
    const times = entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('lists rejected rows with row, line and reasons: invalid rows and excluded groups', async () => {
    const upload = await api.upload(
      'rejects.csv',
      'email,first_name,notes\nkim@example.com,Kim,"=SUM(1)"\n,Nobody,x\n\nkim@example.com,Kimberly,y\nok@example.com,Ok,z\n',
    );
    const inReview = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    // The file has no last-name column: every row also carries a MISSING_LAST_NAME warning.
    const issues = (await api.issues(inReview.id)).items;
    const group = issues.find((i) => i.type === 'DUPLICATE_EMAIL');
    const missing = issues.find((i) => i.type === 'MISSING_EMAIL');

    // Known from review on: the invalid row is listed before any decision.
    const before = readCsv((await api.get<string>(`/api/jobs/${inReview.id}/rejects.csv`)).text);
    expect(before).toEqual([
      ['row_number', 'line_number', 'reasons', 'email', 'first_name', 'notes'],
      ['2', '3', 'MISSING_EMAIL', '', 'Nobody', 'x'],
    ]);

    await api.post(`/api/issues/${group!.id}/resolve`, { action: 'exclude', version: 1 });
    await api.post(`/api/issues/${missing!.id}/resolve`, { action: 'exclude', version: 1 });
    expect(
      (await api.post<JobBody>(`/api/jobs/${inReview.id}/finalize`)).body.counts.finalContacts,
    ).toBe(1);

    const after = await api.get<string>(`/api/jobs/${inReview.id}/rejects.csv`);
    expect(after.headers.get('content-disposition')).toContain('rejects-rejects.csv');
    expect(readCsv(after.text)).toEqual([
      ['row_number', 'line_number', 'reasons', 'email', 'first_name', 'notes'],
      ['1', '2', 'DUPLICATE_EMAIL: excluded by reviewer', 'kim@example.com', 'Kim', "'=SUM(1)"],
      ['2', '3', 'MISSING_EMAIL: excluded by reviewer', '', 'Nobody', 'x'],
      ['3', '5', 'DUPLICATE_EMAIL: excluded by reviewer', 'kim@example.com', 'Kimberly', 'y'],
    ]);
  });

  it('gives a fixed row no invalid-email reason: not listed, then listed for its excluded group only', async () => {
    const upload = await api.upload(
      'fixed-rejects.csv',
      'email,first_name,last_name\nk@example.com,Kim,One\nk@example.com,Kimberly,Two\nnot-valid,Fixed,Person\n',
    );
    const inReview = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    const rejects = async () =>
      readCsv((await api.get<string>(`/api/jobs/${inReview.id}/rejects.csv`)).text);
    const header = ['row_number', 'line_number', 'reasons', 'email', 'first_name', 'last_name'];
    const [, invalidRow] = (await api.issues(inReview.id)).items;
    expect(await rejects()).toEqual([
      header,
      ['3', '4', 'INVALID_EMAIL_FORMAT', 'not-valid', 'Fixed', 'Person'],
    ]);

    // The fix makes row 3 valid and a candidate of the k@example.com group.
    const fixed = await api.post(`/api/issues/${invalidRow.id}/resolve`, {
      action: 'fix',
      email: 'k@example.com',
      version: invalidRow.version,
    });
    expect(fixed.status).toBe(200);
    expect(await rejects()).toEqual([header]);

    const group = (await api.issues(inReview.id)).items.find((i) => i.type === 'DUPLICATE_EMAIL');
    expect(group?.rows.map((r) => r.rowNumber)).toEqual([1, 2, 3]);
    await api.post(`/api/issues/${group!.id}/resolve`, {
      action: 'exclude',
      version: group!.version,
    });
    const excluded = 'DUPLICATE_EMAIL: excluded by reviewer';
    // The file's columns as read: row 3's email is the one in the file.
    expect(await rejects()).toEqual([
      header,
      ['1', '2', excluded, 'k@example.com', 'Kim', 'One'],
      ['2', '3', excluded, 'k@example.com', 'Kimberly', 'Two'],
      ['3', '4', excluded, 'not-valid', 'Fixed', 'Person'],
    ]);
  });

  it('shows the latest decision first after a bulk decision of more than a page', async () => {
    const lines = ['email,first_name'];
    for (let i = 0; i < 120; i += 1) lines.push(`not-an-email-${i},Row${i}`);
    const upload = await api.upload('many-bad.csv', lines.join('\n'));
    const inReview = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    expect((await api.resolveBulk(inReview.id, 'INVALID_EMAIL_FORMAT', 'exclude')).body).toEqual({
      resolved: 120,
    });
    const [issue] = (await api.issues(inReview.id, '?limit=1')).items as [IssueBody];
    const reopened = await api.post<IssueBody>(`/api/issues/${issue.id}/reopen`, {
      version: issue.version,
    });
    expect(reopened.status).toBe(200);

    // The first page a reviewer sees (the default 50) starts with the reopen.
    const audit = `/api/jobs/${inReview.id}/audit`;
    const first = await api.get<PageBody<AuditEntryBody>>(audit);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toMatchObject({ action: 'reopen', issueId: issue.id });
    // Paging on reaches every entry once.
    const entries = [...first.body.items];
    for (let cursor = first.body.nextCursor; cursor !== null;) {
      const page = await api.get<PageBody<AuditEntryBody>>(`${audit}?cursor=${cursor}`);
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(entries).toHaveLength(121);
    const resolvedIssues = new Set(entries.slice(1).map((e) => e.issueId));
    expect(resolvedIssues.size).toBe(120);
    expect(entries.slice(1).every((e) => e.action === 'resolve' && e.details.bulk === true)).toBe(
      true,
    );
  });

  it('resolves all issues of a type at once, recording each in the audit trail', async () => {
    const lines = ['email,first_name,last_name'];
    for (let g = 0; g < 3; g += 1)
      lines.push(`g${g}@example.com,First${g},A`, `g${g}@example.com,Second${g},B`);
    lines.push(',No,Email', 'bad-email,Bad,Email', 'also bad,Bad,Again');
    const upload = await api.upload('bulk.csv', lines.join('\n'));
    const inReview = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    expect(inReview.counts.openBlockingIssues).toBe(6);

    const wrong = await api.post<ErrorBody>(`/api/jobs/${inReview.id}/issues/resolve-bulk`, {
      type: 'MISSING_EMAIL',
      action: 'choose_first',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('INVALID_RESOLUTION');

    const bulk = (type: string, action: string) => api.resolveBulk(inReview.id, type, action);
    expect((await bulk('DUPLICATE_EMAIL', 'choose_first')).body).toEqual({ resolved: 3 });
    expect((await bulk('INVALID_EMAIL_FORMAT', 'exclude')).body).toEqual({ resolved: 2 });
    expect((await bulk('MISSING_EMAIL', 'exclude')).body).toEqual({ resolved: 1 });
    expect((await bulk('MISSING_EMAIL', 'exclude')).body).toEqual({ resolved: 0 });
    expect(
      (await api.get<JobBody>(`/api/jobs/${inReview.id}`)).body.counts.openBlockingIssues,
    ).toBe(0);

    const done = await api.post<JobBody>(`/api/jobs/${inReview.id}/finalize`);
    expect(done.body.counts.finalContacts).toBe(3);
    const rows = readCsv((await api.get<string>(`/api/jobs/${inReview.id}/export.csv`)).text);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['First0', 'First1', 'First2']);

    const audit = (
      await api.get<PageBody<AuditEntryBody>>(`/api/jobs/${inReview.id}/audit?limit=500`)
    ).body.items;
    // The finalize, then one entry per issue the bulk actions resolved.
    expect(audit.map((e) => e.action)).toEqual(['finalize', ...Array<string>(6).fill('resolve')]);
    const chosen = audit.filter((e) => e.details.action === 'choose');
    expect(chosen).toHaveLength(3);
    expect(
      chosen.every((e) => e.details.bulk === true && typeof e.details.rowId === 'string'),
    ).toBe(true);
  });

  it("answers 404 for another user's job and issues, and 409 for contacts before finalize", async () => {
    const other = new ApiClient(stack.baseUrl);
    await other.signUp();
    expect((await other.post(`/api/issues/${duplicate.id}/reopen`)).status).toBe(404);
    expect((await other.get(`/api/jobs/${job.id}/audit`)).status).toBe(404);
    expect((await other.get(`/api/jobs/${job.id}/contacts`)).status).toBe(404);
    expect((await other.get(`/api/jobs/${job.id}/rejects.csv`)).status).toBe(404);
    const bulk = await other.post(`/api/jobs/${job.id}/issues/resolve-bulk`, {
      type: 'DUPLICATE_EMAIL',
      action: 'choose_first',
    });
    expect(bulk.status).toBe(404);
    const review = await other.upload(
      'y.csv',
      'email,first_name\nz@example.com,A\nz@example.com,B\n',
    );
    const inReview = await other.waitForJob(review.body.id, ['NEEDS_REVIEW']);
    const refused = await other.get<ErrorBody>(`/api/jobs/${inReview.id}/contacts`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_STATE');
  });

  it('lists issues in review order under every filter, a page at a time', async () => {
    const upload = await api.upload(
      'filters.csv',
      [
        'email,first_name,last_name',
        'ann@example.com,Ann,One', // row 1: its group's first row
        ',No,Email', // row 2
        'bad,Bad,Email', // row 3
        'ann@example.com,Anne,Other', // row 4: conflicts with row 1
        'cy@example.com,,Five', // row 5
        ',Six,', // row 6: two issues
      ].join('\n'),
    );
    const inReview = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    const all = (await api.issues(inReview.id)).items;
    const name = (issue: IssueBody) => `${issue.type}@${issue.rows[0].rowNumber}`;
    expect(all.map(name)).toEqual([
      'DUPLICATE_EMAIL@1',
      'MISSING_EMAIL@2',
      'INVALID_EMAIL_FORMAT@3',
      'MISSING_FIRST_NAME@5',
      'MISSING_EMAIL@6',
      'MISSING_LAST_NAME@6',
    ]);
    for (const issue of [all[1], all[2]]) {
      const resolved = await api.post(`/api/issues/${issue.id}/resolve`, {
        action: 'exclude',
        version: issue.version,
      });
      expect(resolved.status).toBe(200);
    }

    // Pages of two, followed by their cursors to the end.
    const pages = async (filter: string) => {
      const names: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = await api.issues(inReview.id, `?limit=2${filter}&cursor=${cursor}`);
        expect(page.items.length).toBeLessThanOrEqual(2);
        names.push(...page.items.map(name));
        // A cursor that did not move on would page forever.
        expect(names.length).toBeLessThanOrEqual(all.length);
        cursor = page.nextCursor;
      }
      return names;
    };
    expect(await pages('')).toEqual(all.map(name));
    expect(await pages('&status=OPEN')).toEqual([
      'DUPLICATE_EMAIL@1',
      'MISSING_FIRST_NAME@5',
      'MISSING_EMAIL@6',
      'MISSING_LAST_NAME@6',
    ]);
    expect(await pages('&status=RESOLVED')).toEqual(['MISSING_EMAIL@2', 'INVALID_EMAIL_FORMAT@3']);
    expect(await pages('&type=MISSING_EMAIL')).toEqual(['MISSING_EMAIL@2', 'MISSING_EMAIL@6']);
    expect(await pages('&status=OPEN&type=MISSING_EMAIL')).toEqual(['MISSING_EMAIL@6']);
    expect(await pages('&status=RESOLVED&type=DUPLICATE_EMAIL')).toEqual([]);
    // A filter that names no status or type is refused, not read as no filter.
    for (const filter of ['type=NOT_A_TYPE', 'status=open']) {
      const refused = await api.get<ErrorBody>(`/api/jobs/${inReview.id}/issues?${filter}`);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses with 400 a cursor it did not give out, on every list, whatever its parts', async () => {
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const attempts: [string, unknown[]][] = [
      ['/api/jobs', ['x', 'y']],
      ['/api/jobs', ['2026-02-30T00:00:00.000Z', job.id]],
      [`/api/jobs/${job.id}/issues`, ['x']],
      [`/api/jobs/${job.id}/issues`, [1.5]],
      [`/api/jobs/${job.id}/contacts`, ['x']],
      [`/api/jobs/${job.id}/audit`, ['x', 'y']],
    ];
    for (const [path, key] of attempts) {
      const res = await api.get<ErrorBody>(`${path}?cursor=${forged(key)}`);
      expect([path, key, res.status, res.body.code]).toEqual([path, key, 400, 'VALIDATION_FAILED']);
    }
  });

  it('refuses null where a resolution names a row, a field or an email, and changes nothing', async () => {
    const upload = await api.upload(
      'nulls.csv',
      'email,first_name,last_name\nkim@example.com,Kim,One\nkim@example.com,Kimberly,Two\noops,Bad,Row\n',
    );
    const review = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW']);
    const [dup, bad] = (await api.issues(review.id)).items;
    const attempts: [IssueBody, Record<string, unknown>, number, string][] = [
      [dup, { action: 'choose', rowId: null }, 400, 'VALIDATION_FAILED'],
      [dup, { action: 'merge', fields: null }, 400, 'VALIDATION_FAILED'],
      [dup, { action: 'merge', fields: { first_name: null } }, 422, 'INVALID_RESOLUTION'],
      [dup, { action: 'merge', fields: { first_name: 5 } }, 422, 'INVALID_RESOLUTION'],
      [bad, { action: 'fix', email: null }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [issue, body, status, code] of attempts) {
      const res = await api.post<ErrorBody>(`/api/issues/${issue.id}/resolve`, {
        ...body,
        version: issue.version,
      });
      expect([body, res.status, res.body.code]).toEqual([body, status, code]);
    }
    const reopen = await api.post<ErrorBody>(`/api/issues/${dup.id}/reopen`, { version: null });
    expect([reopen.status, reopen.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const after = await api.issues(review.id);
    expect(after.items.map((i) => [i.type, i.status, i.version])).toEqual([
      ['DUPLICATE_EMAIL', 'OPEN', 1],
      ['INVALID_EMAIL_FORMAT', 'OPEN', 1],
    ]);
  });
});
