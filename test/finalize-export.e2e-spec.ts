import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  ApiClient,
  readCsv,
  type ApiResponse,
  type ErrorBody,
  type IssueBody,
  type JobBody,
  type ContactBody,
  type PageBody,
} from './support/api-client.js';
import { expectHiddenLikeUnknown, type ForeignCall } from './support/access-assertions.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Finalize (spec §10) and export (spec §11), over HTTP, beyond what pipeline, review and access
// already cover: concurrent finalizes, every refusal, the exact export bytes, the outcome of each
// resolution in final_contacts, and the ownership of every review and export call.

interface FinalContactRow {
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  team: string | null;
}

/** A spreadsheet would run a cell that starts with one of these (spec §11). */
const FORMULA_START = /^[=+\-@\t\r]/;

describe('finalize and export (spec §10, §11)', () => {
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

  const finalContactCount = async (jobId: string): Promise<number> => {
    const [{ n }] = await stack.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM final_contacts WHERE job_id = $1',
      [jobId],
    );
    return n;
  };

  /** Every page of the job's contacts, `limit` at a time. */
  const allContacts = async (jobId: string, limit = 50): Promise<ContactBody[]> => {
    const contacts: ContactBody[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res: ApiResponse<PageBody<ContactBody>> = await api.get<PageBody<ContactBody>>(
        `/api/jobs/${jobId}/contacts?${query}`,
      );
      expect(res.status).toBe(200);
      contacts.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (cursor === null) return contacts;
    }
    throw new Error('the contacts list never ended');
  };

  const uploadForReview = async (name: string, content: string): Promise<JobBody> => {
    const upload = await api.upload(name, content);
    expect(upload.status).toBe(202);
    const job = await api.waitForJob(upload.body.id, ['NEEDS_REVIEW', 'COMPLETED', 'FAILED']);
    expect(job.status).toBe('NEEDS_REVIEW');
    return job;
  };

  const resolve = async (issue: IssueBody, body: Record<string, unknown>): Promise<IssueBody> => {
    const res = await api.post<IssueBody>(`/api/issues/${issue.id}/resolve`, {
      version: issue.version,
      ...body,
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  describe('concurrent finalizes', () => {
    it('of 50 at once, exactly one completes the job; the others get 409 INVALID_STATE and one set of contacts exists', async () => {
      const lines = ['email,first_name,last_name'];
      const expected: string[] = [];
      for (let i = 0; i < 150; i += 1) {
        const email = `person${String(i).padStart(3, '0')}@example.com`;
        lines.push(`${email},First${i},Last${i}`);
        expected.push(email);
      }
      lines.push('dup@example.com,Ann,Able', 'dup@example.com,Bob,Baker', 'not-an-email,Bad,Row');
      expected.push('dup@example.com');
      const job = await uploadForReview('race.csv', lines.join('\n'));
      expect(job.counts.openBlockingIssues).toBe(2);
      const bulk = (type: string, action: string) => api.resolveBulk(job.id, type, action);
      expect((await bulk('DUPLICATE_EMAIL', 'choose_first')).body).toEqual({ resolved: 1 });
      expect((await bulk('INVALID_EMAIL_FORMAT', 'exclude')).body).toEqual({ resolved: 1 });

      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          api.post<JobBody | ErrorBody>(`/api/jobs/${job.id}/finalize`),
        ),
      );

      expect(answers.map((a) => a.status).sort()).toEqual([
        200,
        ...Array.from({ length: 49 }, () => 409),
      ]);
      const winner = answers.find((a) => a.status === 200)!.body as JobBody;
      expect(winner).toMatchObject({ id: job.id, status: 'COMPLETED' });
      expect(winner.counts.finalContacts).toBe(151);
      for (const loser of answers.filter((a) => a.status === 409)) {
        expect(loser.body).toMatchObject({
          statusCode: 409,
          code: 'INVALID_STATE',
          details: { status: 'COMPLETED' },
        });
      }

      const after = (await api.get<JobBody>(`/api/jobs/${job.id}`)).body;
      expect(after.status).toBe('COMPLETED');
      expect(after.counts.finalContacts).toBe(151);

      const contacts = await allContacts(job.id, 40);
      expect(contacts).toHaveLength(after.counts.finalContacts);
      expect(new Set(contacts.map((c) => c.email)).size).toBe(contacts.length);
      expect(contacts.map((c) => c.email)).toEqual(expected);
      expect(contacts.at(-1)).toMatchObject({ first_name: 'Ann', last_name: 'Able' });
      expect(await finalContactCount(job.id)).toBe(151);

      // One finalize, so one finalize in the audit trail.
      const audit = await api.get<{ items: { action: string; details: unknown }[] }>(
        `/api/jobs/${job.id}/audit?limit=500`,
      );
      expect(audit.body.items.filter((e) => e.action === 'finalize')).toEqual([
        expect.objectContaining({ details: { finalContacts: 151 } }),
      ]);
    });
  });

  describe('finalize refusals', () => {
    it('refuses while blocking issues are open, saying how many, and keeps nothing until it succeeds', async () => {
      const job = await uploadForReview(
        'open.csv',
        [
          'email,first_name,last_name',
          'a@example.com,Ann,One',
          'a@example.com,Ann,Other',
          'b@example.com,,Two',
          'not-an-email,Bad,Row',
          ',No,Email',
        ].join('\n'),
      );
      expect(job.counts).toMatchObject({ openIssues: 4, openBlockingIssues: 3 });
      const issues = (await api.issues(job.id)).items;
      const byType = (type: string) => issues.find((i) => i.type === type)!;
      const duplicate = byType('DUPLICATE_EMAIL');
      const invalid = byType('INVALID_EMAIL_FORMAT');
      const missing = byType('MISSING_EMAIL');

      const refusedWith = async (open: number) => {
        const res = await api.post<ErrorBody>(`/api/jobs/${job.id}/finalize`);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({
          statusCode: 409,
          code: 'OPEN_ISSUES_REMAIN',
          details: { openBlockingIssues: open },
        });
        expect((await api.get<JobBody>(`/api/jobs/${job.id}`)).body.status).toBe('NEEDS_REVIEW');
        expect(await finalContactCount(job.id)).toBe(0);
      };

      await refusedWith(3);
      await resolve(duplicate, { action: 'choose', rowId: duplicate.rows[0].rowId });
      await refusedWith(2);
      await resolve(invalid, { action: 'exclude' });
      const excluded = await resolve(missing, { action: 'exclude' });
      const reopened = await api.post<IssueBody>(`/api/issues/${missing.id}/reopen`, {
        version: excluded.version,
      });
      expect(reopened.status).toBe(200);
      // A reopened decision blocks again.
      await refusedWith(1);
      await resolve(reopened.body, { action: 'exclude' });

      // The open MISSING_FIRST_NAME warning does not block.
      const done = await api.post<JobBody>(`/api/jobs/${job.id}/finalize`);
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('COMPLETED');
      expect(done.body.counts).toMatchObject({
        openIssues: 1,
        openBlockingIssues: 0,
        finalContacts: 2,
      });
      expect(await finalContactCount(job.id)).toBe(2);
    });

    it('refuses resolving after finalize with 409 INVALID_STATE, one by one or in bulk, changing nothing', async () => {
      const job = await uploadForReview(
        'late.csv',
        ['email,first_name,last_name', 'c@example.com,,Nameless', 'not-an-email,Bad,Row'].join(
          '\n',
        ),
      );
      const issues = (await api.issues(job.id)).items;
      const invalid = issues.find((i) => i.type === 'INVALID_EMAIL_FORMAT')!;
      const warning = issues.find((i) => i.type === 'MISSING_FIRST_NAME')!;
      await resolve(invalid, { action: 'exclude' });
      expect((await api.post<JobBody>(`/api/jobs/${job.id}/finalize`)).status).toBe(200);

      // The warning is still open: only the finalized job stands in the way.
      const late = await api.post<ErrorBody>(`/api/issues/${warning.id}/resolve`, {
        action: 'exclude',
        version: warning.version,
      });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ code: 'INVALID_STATE', details: { status: 'COMPLETED' } });
      const lateBulk = await api.post<ErrorBody>(`/api/jobs/${job.id}/issues/resolve-bulk`, {
        type: 'INVALID_EMAIL_FORMAT',
        action: 'exclude',
      });
      expect(lateBulk.status).toBe(409);
      expect(lateBulk.body).toMatchObject({
        code: 'INVALID_STATE',
        details: { status: 'COMPLETED' },
      });

      const seen = (await api.get<IssueBody>(`/api/issues/${warning.id}`)).body;
      expect(seen).toMatchObject({ status: 'OPEN', version: warning.version, resolution: null });
      expect((await allContacts(job.id)).map((c) => c.email)).toEqual(['c@example.com']);
    });

    it('refuses to finalize a job that is not in review: PENDING, COMPLETED without review, FAILED, CANCELLED', async () => {
      const refused = async (jobId: string, status: string) => {
        const res = await api.post<ErrorBody>(`/api/jobs/${jobId}/finalize`);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({
          statusCode: 409,
          code: 'INVALID_STATE',
          details: { status },
        });
        expect((await api.get<JobBody>(`/api/jobs/${jobId}`)).body.status).toBe(status);
      };

      // With no worker running, an upload stays PENDING.
      await stack.worker?.stop();
      stack.worker = null;
      const pending = await api.upload(
        'clean.csv',
        'email,first_name,last_name\na@example.com,Ann,One\nb@example.com,Bob,Two\n',
      );
      try {
        expect(pending.body.status).toBe('PENDING');
        await refused(pending.body.id, 'PENDING');
        expect(await finalContactCount(pending.body.id)).toBe(0);
      } finally {
        await stack.startWorker();
      }

      // No blocking issue: finalized by the worker, and not a second time by a person.
      const completed = await api.waitForJob(pending.body.id, ['COMPLETED', 'NEEDS_REVIEW']);
      expect(completed.status).toBe('COMPLETED');
      expect(completed.counts.finalContacts).toBe(2);
      await refused(completed.id, 'COMPLETED');
      expect(await finalContactCount(completed.id)).toBe(2);

      const failedUpload = await api.upload('no-email.csv', 'name,phone\nAda,1\n');
      const failed = await api.waitForJob(failedUpload.body.id, ['FAILED', 'COMPLETED']);
      expect(failed.status).toBe('FAILED');
      await refused(failed.id, 'FAILED');

      // Everything resolved, then cancelled: a cancelled job is never finalized.
      const review = await uploadForReview(
        'cancelled.csv',
        'email,first_name,last_name\nx@example.com,Ann,One\nx@example.com,Bob,Two\n',
      );
      const [duplicate] = (await api.issues(review.id)).items;
      await resolve(duplicate, { action: 'choose', rowId: duplicate.rows[1].rowId });
      expect((await api.post<JobBody>(`/api/jobs/${review.id}/cancel`)).body.status).toBe(
        'CANCELLED',
      );
      await refused(review.id, 'CANCELLED');
      expect(await finalContactCount(review.id)).toBe(0);
    });
  });

  describe('the final contacts of each resolution (spec §7, §9, §10)', () => {
    // Row numbers on the right. Group c: three differing people, row 4 chosen. Group m: merged
    // field by field. Group s: the same person three times, case and spaces aside. Group x:
    // excluded. Row 11 has only a warning. Rows 12 and 13 are invalid and excluded.
    const FILE = [
      'email,first_name,last_name,company,phone,team',
      'c@example.com,Cat,One,CatCo,+1 1,red', //            1
      'c@example.com,Cathy,Two,,,blue', //                  2
      'm@example.com,Max,Alpha,MaxCo,111,', //              3
      'c@example.com,Catherine,Three,ThreeCo,,green', //    4
      'm@example.com,Maxine,Beta,,222,violet', //           5
      's@example.com,Sam,Same,,,', //                       6
      ' S@Example.com , sam ,  SAME,SamCo,,teal', //        7
      's@example.com,Sam,Same,OtherCo,333,gray', //         8
      'x@example.com,Xavier,X,XCo,,', //                    9
      'x@example.com,Xena,X,XCo,,', //                      10
      'w@example.com,,Warn,WarnCo,,', //                    11
      'bad@,Bad,Email,BadCo,,', //                          12
      ',No,Email,NoCo,,', //                                13
    ].join('\n');

    let job: JobBody;

    beforeAll(async () => {
      job = await uploadForReview('outcomes.csv', FILE);
      expect(job.counts).toMatchObject({
        totalRows: 13,
        invalidRows: 2,
        duplicateGroups: 4,
        openBlockingIssues: 5,
      });
      const issues = (await api.issues(job.id)).items;
      const duplicate = (email: string) =>
        issues.find((i) => i.type === 'DUPLICATE_EMAIL' && i.key === email)!;
      const c = duplicate('c@example.com');
      expect(c.rows.map((r) => r.rowNumber)).toEqual([1, 2, 4]);
      await resolve(c, { action: 'choose', rowId: c.rows[2].rowId });
      const m = duplicate('m@example.com');
      const [max, maxine] = m.rows;
      await resolve(m, {
        action: 'merge',
        fields: {
          first_name: maxine.rowId,
          last_name: max.rowId,
          company: max.rowId,
          phone: maxine.rowId,
        },
      });
      await resolve(duplicate('x@example.com'), { action: 'exclude' });
      for (const issue of issues.filter((i) =>
        ['INVALID_EMAIL_FORMAT', 'MISSING_EMAIL'].includes(i.type),
      )) {
        await resolve(issue, { action: 'exclude' });
      }
      // Same identity: no issue for group s.
      expect(issues.some((i) => i.key === 's@example.com')).toBe(false);
      const ready = (await api.get<JobBody>(`/api/jobs/${job.id}`)).body;
      expect(ready.counts).toMatchObject({ openBlockingIssues: 0, openIssues: 1 });
    });

    it('takes the chosen row whole, the merged fields, the filled identical group and warning rows; leaves excluded rows out', async () => {
      const done = await api.post<JobBody>(`/api/jobs/${job.id}/finalize`);
      expect(done.status).toBe(200);
      expect(done.body.counts.finalContacts).toBe(4);

      const expected: FinalContactRow[] = [
        // The chosen row as it is: its empty phone is not filled from row 1.
        {
          email: 'c@example.com',
          first_name: 'Catherine',
          last_name: 'Three',
          company: 'ThreeCo',
          phone: '',
          team: 'green',
        },
        // Each merged field from the row named for it.
        {
          email: 'm@example.com',
          first_name: 'Maxine',
          last_name: 'Alpha',
          company: 'MaxCo',
          phone: '222',
          team: null,
        },
        // The first row, each empty field from the next row that has it (row 7 before row 8).
        {
          email: 's@example.com',
          first_name: 'Sam',
          last_name: 'Same',
          company: 'SamCo',
          phone: '333',
          team: 'teal',
        },
        // A missing first name is a warning: the row stays.
        {
          email: 'w@example.com',
          first_name: '',
          last_name: 'Warn',
          company: 'WarnCo',
          phone: '',
          team: '',
        },
      ];

      const contacts = await allContacts(job.id);
      expect(
        contacts.map((c) => ({
          email: c.email,
          first_name: c.first_name,
          last_name: c.last_name,
          company: c.company,
          phone: c.phone,
          team: c.email === 'm@example.com' ? null : c.data.team,
        })),
      ).toEqual(expected);

      // data holds the row's values in column order: team is the sixth column.
      const stored = await stack.dataSource.query<FinalContactRow[]>(
        `SELECT email, first_name, last_name, company, phone,
                CASE WHEN email = 'm@example.com' THEN NULL ELSE data->>5 END AS team
           FROM final_contacts WHERE job_id = $1 ORDER BY row_number`,
        [job.id],
      );
      expect(stored).toEqual(expected);
    });
    // Spec §9: warnings need no resolution (resolve-bulk refuses them with 422). If the API
    // takes an exclude on one anyway, the row must then be left out like any excluded row:
    // a row is never both rejected and exported.
    it('never both exports and rejects a row whose warning a reviewer excluded', async () => {
      const review = await uploadForReview(
        'warning.csv',
        'email,first_name,last_name\na@example.com,,One\nb@example.com,Bo,Two\nbad,X,Y\n',
      );
      const issues = (await api.issues(review.id)).items;
      const warning = issues.find((i) => i.type === 'MISSING_FIRST_NAME')!;
      const invalid = issues.find((i) => i.type === 'INVALID_EMAIL_FORMAT')!;
      const excluded = await api.post<IssueBody | ErrorBody>(`/api/issues/${warning.id}/resolve`, {
        action: 'exclude',
        version: warning.version,
      });
      await resolve(invalid, { action: 'exclude' });
      expect((await api.post<JobBody>(`/api/jobs/${review.id}/finalize`)).status).toBe(200);

      const exported = readCsv((await api.get<string>(`/api/jobs/${review.id}/export.csv`)).text);
      const rejected = readCsv((await api.get<string>(`/api/jobs/${review.id}/rejects.csv`)).text);
      const outcome = {
        resolve: excluded.status,
        exported: exported.some((row) => row[0] === 'a@example.com'),
        rejected: rejected.some((row) => row[3] === 'a@example.com'),
      };
      expect([
        { resolve: 422, exported: true, rejected: false },
        { resolve: 200, exported: false, rejected: true },
      ]).toContainEqual(outcome);
      expect(exported.map((row) => row[0])).toContain('b@example.com');
    });
  });

  describe('spreadsheet-safe export (spec §11)', () => {
    // Header in another order than the export's, two other columns and, on one row, an extra
    // field (_extra_1). Cells start with = + - @, and with TAB or CR (quoted), before a formula
    // character or not. Row 3 is invalid and excluded, so the job goes through finalize.
    const FILE = [
      'Notes,Last Name,E-mail,Company,First Name,Source,Tel',
      '"@SUM(1,2)","+Lee",formula@example.com,"-Acme","=HYPERLINK(""http://evil"",""x"")","=1+1",+1 555 0100',
      '"\tTAB note","\t-Tab",tab@example.com,"\t@Tab Co","\t=Tab","\tplain",,"=extra"',
      'x,Bad,not-an-email,,Row,,',
      '"\rCR note","\r+Cr",cr@example.com,"\r\r=Cr Co","\r@Cr","line1\r\nline2",',
      'a=b,O\'Brien,-dash@example.com,"Smith, Jones & Co",Jean-Luc,"inner\ttab",',
    ].join('\n');

    const HEADER = 'email,first_name,last_name,company,phone,Notes,Source,_extra_1\r\n';

    let job: JobBody;

    beforeAll(async () => {
      job = await uploadForReview('formulas.csv', FILE);
      const [invalid] = (await api.issues(job.id)).items;
      expect(invalid.type).toBe('INVALID_EMAIL_FORMAT');
      await resolve(invalid, { action: 'exclude' });
      const done = await api.post<JobBody>(`/api/jobs/${job.id}/finalize`);
      expect(done.body.counts.finalContacts).toBe(4);
    });

    const expectAttachment = (res: ApiResponse<string>) => {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment;/);
      expect(disposition).toContain('filename="formulas-contacts.csv"');
    };

    it('prefixes every cell that starts like a formula with a quote, by default', async () => {
      const res = await api.get<string>(`/api/jobs/${job.id}/export.csv`);
      expectAttachment(res);
      // Values are trimmed (spec §5): a leading TAB or CR never reaches a contact, and what
      // follows it is judged on its own.
      expect(res.text).toBe(
        HEADER +
          'formula@example.com,"\'=HYPERLINK(""http://evil"",""x"")",\'+Lee,\'-Acme,\'+1 555 0100,"\'@SUM(1,2)",\'=1+1,\r\n' +
          "tab@example.com,'=Tab,'-Tab,'@Tab Co,,TAB note,plain,'=extra\r\n" +
          "cr@example.com,'@Cr,'+Cr,'=Cr Co,,CR note,\"line1\r\nline2\",\r\n" +
          '\'-dash@example.com,Jean-Luc,O\'Brien,"Smith, Jones & Co",,a=b,inner\ttab,\r\n',
      );
      const cells = readCsv(res.text).slice(1).flat();
      expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    });

    it('gives the values exactly as stored with ?format=raw', async () => {
      const res = await api.get<string>(`/api/jobs/${job.id}/export.csv?format=raw`);
      expectAttachment(res);
      expect(res.text).toBe(
        HEADER +
          'formula@example.com,"=HYPERLINK(""http://evil"",""x"")",+Lee,-Acme,+1 555 0100,"@SUM(1,2)",=1+1,\r\n' +
          'tab@example.com,=Tab,-Tab,@Tab Co,,TAB note,plain,=extra\r\n' +
          'cr@example.com,@Cr,+Cr,=Cr Co,,CR note,"line1\r\nline2",\r\n' +
          '-dash@example.com,Jean-Luc,O\'Brien,"Smith, Jones & Co",,a=b,inner\ttab,\r\n',
      );
      expect(readCsv(res.text)).toEqual([
        ['email', 'first_name', 'last_name', 'company', 'phone', 'Notes', 'Source', '_extra_1'],
        [
          'formula@example.com',
          '=HYPERLINK("http://evil","x")',
          '+Lee',
          '-Acme',
          '+1 555 0100',
          '@SUM(1,2)',
          '=1+1',
          '',
        ],
        ['tab@example.com', '=Tab', '-Tab', '@Tab Co', '', 'TAB note', 'plain', '=extra'],
        ['cr@example.com', '@Cr', '+Cr', '=Cr Co', '', 'CR note', 'line1\r\nline2', ''],
        [
          '-dash@example.com',
          'Jean-Luc',
          "O'Brien",
          'Smith, Jones & Co',
          '',
          'a=b',
          'inner\ttab',
          '',
        ],
      ]);
    });

    it('makes a header cell that starts like a formula safe too, in the export and the rejects', async () => {
      const review = await uploadForReview(
        'header.csv',
        'email,first_name,last_name,=Notes,@who\na@example.com,Ann,One,=1,@x\nbad,B,C,,\n',
      );
      const [invalid] = (await api.issues(review.id)).items;
      await resolve(invalid, { action: 'exclude' });
      expect((await api.post<JobBody>(`/api/jobs/${review.id}/finalize`)).status).toBe(200);

      const raw = await api.get<string>(`/api/jobs/${review.id}/export.csv?format=raw`);
      expect(raw.text).toBe(
        'email,first_name,last_name,company,phone,=Notes,@who\r\na@example.com,Ann,One,,,=1,@x\r\n',
      );
      const safe = await api.get<string>(`/api/jobs/${review.id}/export.csv`);
      const rejects = await api.get<string>(`/api/jobs/${review.id}/rejects.csv`);
      expect({ export: readCsv(safe.text), rejects: readCsv(rejects.text)[0] }).toEqual({
        export: [
          ['email', 'first_name', 'last_name', 'company', 'phone', "'=Notes", "'@who"],
          ['a@example.com', 'Ann', 'One', '', '', "'=1", "'@x"],
        ],
        rejects: [
          'row_number',
          'line_number',
          'reasons',
          'email',
          'first_name',
          'last_name',
          "'=Notes",
          "'@who",
        ],
      });
    });
  });

  describe("another user's ids answer 404 NOT_FOUND, exactly as unknown ids", () => {
    let other: ApiClient;
    let inReview: JobBody;
    let resolved: IssueBody;
    let open: IssueBody;
    let completed: JobBody;
    let completedIssue: IssueBody;

    beforeAll(async () => {
      other = new ApiClient(stack.baseUrl);
      await other.signUp();

      // In review: one decision taken (it could be reopened), one issue open.
      inReview = await uploadForReview(
        'private-review.csv',
        'email,first_name,last_name\na@example.com,Ann,One\na@example.com,Bob,Two\nbad,C,D\n',
      );
      const issues = (await api.issues(inReview.id)).items;
      const duplicate = issues.find((i) => i.type === 'DUPLICATE_EMAIL')!;
      resolved = await resolve(duplicate, { action: 'choose', rowId: duplicate.rows[0].rowId });
      open = issues.find((i) => i.type === 'INVALID_EMAIL_FORMAT')!;

      // Completed: contacts and exports exist.
      const review = await uploadForReview(
        'private-done.csv',
        'email,first_name,last_name\nz@example.com,Zoe,Z\nbad,C,D\n',
      );
      [completedIssue] = (await api.issues(review.id)).items;
      completedIssue = await resolve(completedIssue, { action: 'exclude' });
      completed = (await api.post<JobBody>(`/api/jobs/${review.id}/finalize`)).body;
      expect(completed.status).toBe('COMPLETED');
    });

    const bulkBody = { type: 'INVALID_EMAIL_FORMAT', action: 'exclude' };
    const onJob: [string, ForeignCall][] = [
      ['POST /api/issues/:id/reopen', (_j, i) => other.post(`/api/issues/${i}/reopen`, {})],
      [
        'POST /api/jobs/:id/issues/resolve-bulk',
        (j) => other.post(`/api/jobs/${j}/issues/resolve-bulk`, bulkBody),
      ],
      ['GET /api/jobs/:id/audit', (j) => other.get(`/api/jobs/${j}/audit`)],
      ['GET /api/jobs/:id/rejects.csv', (j) => other.get(`/api/jobs/${j}/rejects.csv`)],
    ];
    const onCompletedJob: [string, ForeignCall][] = [
      ['GET /api/issues/:id', (_j, i) => other.get(`/api/issues/${i}`)],
      [
        'POST /api/issues/:id/resolve',
        (_j, i) => other.post(`/api/issues/${i}/resolve`, { action: 'exclude', version: 2 }),
      ],
      ['POST /api/issues/:id/reopen', (_j, i) => other.post(`/api/issues/${i}/reopen`, {})],
      ['GET /api/jobs/:id/issues', (j) => other.get(`/api/jobs/${j}/issues`)],
      [
        'POST /api/jobs/:id/issues/resolve-bulk',
        (j) => other.post(`/api/jobs/${j}/issues/resolve-bulk`, bulkBody),
      ],
      ['POST /api/jobs/:id/finalize', (j) => other.post(`/api/jobs/${j}/finalize`)],
      ['GET /api/jobs/:id/audit', (j) => other.get(`/api/jobs/${j}/audit`)],
      ['GET /api/jobs/:id/contacts', (j) => other.get(`/api/jobs/${j}/contacts`)],
      ['GET /api/jobs/:id/export.csv', (j) => other.get(`/api/jobs/${j}/export.csv`)],
      [
        'GET /api/jobs/:id/export.csv?format=raw',
        (j) => other.get(`/api/jobs/${j}/export.csv?format=raw`),
      ],
      ['GET /api/jobs/:id/rejects.csv', (j) => other.get(`/api/jobs/${j}/rejects.csv`)],
    ];

    const expectHidden = async (call: ForeignCall, jobId: string, issueId: string) => {
      const foreign = await expectHiddenLikeUnknown(call, jobId, issueId);
      expect(foreign.headers.get('content-disposition')).toBeNull();
    };

    it.each(onJob)('%s on a job in review', async (_name, call) => {
      await expectHidden(call, inReview.id, resolved.id);
    });

    it.each(onCompletedJob)('%s on a completed job', async (_name, call) => {
      await expectHidden(call, completed.id, completedIssue.id);
    });

    // Declared after the attempts: none of them changed anything.
    it("leaves the owner's jobs, issues and contacts as they were", async () => {
      const review = (await api.get<JobBody>(`/api/jobs/${inReview.id}`)).body;
      expect(review.status).toBe('NEEDS_REVIEW');
      expect(review.counts.openBlockingIssues).toBe(1);
      expect((await api.get<IssueBody>(`/api/issues/${resolved.id}`)).body).toMatchObject({
        status: 'RESOLVED',
        version: resolved.version,
      });
      expect((await api.get<IssueBody>(`/api/issues/${open.id}`)).body).toMatchObject({
        status: 'OPEN',
        version: open.version,
      });
      const audit = await api.get<{ items: unknown[] }>(`/api/jobs/${inReview.id}/audit`);
      expect(audit.body.items).toHaveLength(1);
      expect((await allContacts(completed.id)).map((c) => c.email)).toEqual(['z@example.com']);
    });

    // GET /api/jobs/:id/events is a stream: read only its status and type, then hang up.
    const openEvents = async (client: ApiClient, jobId: string) => {
      const controller = new AbortController();
      const res = await fetch(`${stack.baseUrl}/api/jobs/${jobId}/events`, {
        headers: { authorization: `Bearer ${client.token}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const contentType = res.headers.get('content-type');
      if (contentType?.startsWith('text/event-stream')) {
        controller.abort();
        return { status: res.status, contentType, body: null };
      }
      return { status: res.status, contentType, body: (await res.json()) as ErrorBody };
    };

    it('GET /api/jobs/:id/events streams to the owner and answers 404 to anyone else', async () => {
      const own = await openEvents(api, completed.id);
      expect(own.status).toBe(200);
      expect(own.contentType).toMatch(/^text\/event-stream/);

      const foreign = await openEvents(other, completed.id);
      const unknown = await openEvents(other, randomUUID());
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(unknown.body);
    });
  });
});
