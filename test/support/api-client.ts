import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface JobBody {
  id: string;
  status: string;
  originalFilename: string;
  sizeBytes: number;
  encoding: string | null;
  delimiter: string | null;
  progress: { rowsProcessed: number };
  counts: Record<string, number>;
  error: { code: string; message: string; line: number | null } | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface IssueRowBody {
  rowId: string;
  rowNumber: number;
  lineNumber: number;
  data: Record<string, string>;
  normalized: Record<string, string>;
}

export interface IssueBody {
  id: string;
  jobId: string;
  type: string;
  blocking: boolean;
  key: string;
  status: string;
  version: number;
  rows: IssueRowBody[];
  resolution: Record<string, unknown> | null;
}

/** A keyset page of a list endpoint. */
export interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ContactBody {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  data: Record<string, string>;
  rowNumber: number;
}

export interface AuditEntryBody {
  at: string;
  actor: { id: string; email: string };
  action: string;
  issueId: string | null;
  details: Record<string, unknown>;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** A user's view of the HTTP API, as the web app or a script would use it. */
export class ApiClient {
  token: string | null = null;
  cookie: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    let payload: RequestInit['body'];
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('intake_refresh='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    const json =
      res.headers.get('content-type')?.includes('json') && text
        ? (JSON.parse(text) as T)
        : (text as T);
    return { status: res.status, body: json, headers: res.headers, text };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  /** Registers a fresh user and keeps its access token. */
  async signUp(email = `user-${randomUUID()}@example.com`, password = 'a long enough passphrase') {
    const res = await this.post<{ accessToken: string; user: { id: string; email: string } }>(
      '/api/auth/register',
      { email, password },
    );
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
    this.token = res.body.accessToken;
    return res.body.user;
  }

  upload(filename: string, content: string | Uint8Array, field = 'file') {
    const form = new FormData();
    form.append(field, new Blob([content]), filename);
    return this.post<JobBody>('/api/jobs', form);
  }

  /** Polls the job until it reaches one of `statuses` (or fails the test after `timeoutMs`). */
  async waitForJob(jobId: string, statuses: string[], timeoutMs = 30_000): Promise<JobBody> {
    const deadline = Date.now() + timeoutMs;
    let last: JobBody | undefined;
    while (Date.now() < deadline) {
      const res = await this.get<JobBody>(`/api/jobs/${jobId}`);
      last = res.body;
      if (statuses.includes(last.status)) return last;
      await sleep(100);
    }
    throw new Error(
      `job ${jobId} did not reach ${statuses.join('/')}; last: ${JSON.stringify(last)}`,
    );
  }

  async issues(jobId: string, query = '') {
    const res = await this.get<{
      items: IssueBody[];
      nextCursor: string | null;
      counts: {
        byType: Record<string, number>;
        byStatus: Record<string, number>;
        openByType: Record<string, number>;
      };
    }>(`/api/jobs/${jobId}/issues${query}`);
    return res.body;
  }

  /** POST resolve-bulk: every open issue of `type` resolved with `action`. */
  resolveBulk(jobId: string, type: string, action: string) {
    return this.post<{ resolved: number }>(`/api/jobs/${jobId}/issues/resolve-bulk`, {
      type,
      action,
    });
  }
}

/** The rows of a CSV answer (an export), as a spreadsheet would read them. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = parse(text);
  return rows;
}
