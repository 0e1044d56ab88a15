import { env } from '../config/env';
import { endSession, getAccessToken, startSession } from './session';

/** The API's error shape `{ statusCode, code, message, details }`, or one made up for transport failures. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;

  constructor(statusCode: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = isRecord(details) ? details : null;
  }
}

/** Used when no HTTP answer arrived at all (offline, DNS, connection reset). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

export type QueryParams = Record<string, string | number | null | undefined>;

export type RequestOptions = {
  params?: QueryParams;
  signal?: AbortSignal;
};

export type UploadProgress = {
  loaded: number;
  total: number;
  percent: number;
};

export type UploadOptions = {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
};

export type DownloadedFile = {
  blob: Blob;
  filename: string | null;
};

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type RawResponse = {
  status: number;
  statusText: string;
  body: unknown;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function buildUrl(path: string, params?: QueryParams): string {
  const url = `${env.API_URL}${path}`;
  if (!params) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${url}?${query}` : url;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return text;
  }
}

export function toApiError(response: RawResponse): ApiError {
  const { body, status } = response;
  if (isRecord(body) && typeof body.code === 'string') {
    const message = typeof body.message === 'string' ? body.message : response.statusText;
    const statusCode = typeof body.statusCode === 'number' ? body.statusCode : status;
    return new ApiError(statusCode, body.code, message, body.details);
  }
  // Not the API's shape, e.g. a proxy's HTML page for 413 or 502.
  return new ApiError(
    status,
    `HTTP_${status}`,
    response.statusText || `Request failed (${status})`,
  );
}

function networkError(): ApiError {
  return new ApiError(0, NETWORK_ERROR, 'Could not reach the server. Check your connection.');
}

function abortError(): DOMException {
  return new DOMException('The request was cancelled', 'AbortError');
}

// Auth calls answer 401 for wrong credentials or a dead refresh cookie: refreshing would be pointless.
function isAuthCall(path: string): boolean {
  return path.startsWith('/auth/');
}

let refreshInFlight: Promise<boolean> | null = null;

/**
 * Trades the httpOnly refresh cookie for a new access token. Concurrent callers share one request,
 * because a refresh token may be single-use. On failure the session ends.
 */
export function refreshAccessToken(): Promise<boolean> {
  refreshInFlight ??= requestRefresh().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/**
 * Tabs share the refresh cookie, and a refresh token is single-use: two tabs refreshing at once
 * (a browser restoring its tabs) would present one token twice, which the API takes for a
 * stolen token and answers by ending the session everywhere. The Web Locks API queues the
 * refreshes of all tabs; the next one then sends the cookie the previous one received.
 */
function requestRefresh(): Promise<boolean> {
  return 'locks' in navigator
    ? navigator.locks.request('intake-auth-refresh', sendRefresh)
    : sendRefresh();
}

async function sendRefresh(): Promise<boolean> {
  try {
    const response = await fetch(buildUrl('/auth/refresh'), {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json' },
    });
    const body = parseJson(await response.text());
    if (response.ok && isRecord(body) && typeof body.accessToken === 'string') {
      startSession(body.accessToken);
      return true;
    }
  } catch {
    // A network failure is treated like a refused refresh: the user signs in again.
  }
  endSession();
  return false;
}

/** Sends once; on 401 refreshes the access token once and resends; a second 401 signs out. */
async function withAuthRetry<R extends { status: number }>(
  path: string,
  send: (accessToken: string | null) => Promise<R>,
): Promise<R> {
  const sentWith = getAccessToken();
  const first = await send(sentWith);
  if (first.status !== 401 || isAuthCall(path)) return first;

  const now = getAccessToken();
  // Another call may already have refreshed while this one was in flight.
  const renewed = now !== null && now !== sentWith ? true : await refreshAccessToken();
  if (!renewed) return first;

  const second = await send(getAccessToken());
  if (second.status === 401) endSession();
  return second;
}

function authHeaders(accessToken: string | null): Record<string, string> {
  return accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
}

async function sendFetch(
  method: HttpMethod,
  path: string,
  body: unknown,
  options: RequestOptions,
  accessToken: string | null,
): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...authHeaders(accessToken),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(buildUrl(path, options.params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'include',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw networkError();
  }
}

async function request<T>(
  method: HttpMethod,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const response = await withAuthRetry(path, (token) =>
    sendFetch(method, path, body, options, token),
  );
  const parsed = parseJson(await response.text());
  if (!response.ok) {
    throw toApiError({ status: response.status, statusText: response.statusText, body: parsed });
  }
  // The API contract (shared/spec/api.md) is the source of truth for T.
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions): Promise<T> =>
    request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> =>
    request<T>('POST', path, body, options),
};

function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*(?:UTF-8'[^']*')?([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain filename parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  return plain ? (plain[2] ?? plain[1] ?? '').trim() || null : null;
}

/**
 * `fetch` with the bearer token and the same 401 → refresh → resend as every API call, for a
 * caller that reads the answer itself: the job events stream, whose EventSource takes a fetch.
 */
export function fetchWithAuth(
  url: string | URL,
  init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
): Promise<Response> {
  return withAuthRetry(String(url), (token) =>
    fetch(url, {
      ...init,
      headers: { ...init.headers, ...authHeaders(token) },
    }),
  );
}

/** Fetches a file with the bearer token (a plain link would carry no Authorization header). */
export async function downloadFile(
  path: string,
  options: RequestOptions = {},
): Promise<DownloadedFile> {
  const response = await withAuthRetry(path, (token) =>
    sendFetch('GET', path, undefined, options, token),
  );
  if (!response.ok) {
    const parsed = parseJson(await response.text());
    throw toApiError({ status: response.status, statusText: response.statusText, body: parsed });
  }
  return {
    blob: await response.blob(),
    filename: filenameFromDisposition(response.headers.get('Content-Disposition')),
  };
}

function sendXhr(
  path: string,
  form: FormData,
  options: UploadOptions,
  accessToken: string | null,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError());
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    xhr.open('POST', buildUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable || !options.onProgress) return;
      const percent = event.total > 0 ? Math.round((event.loaded / event.total) * 100) : 0;
      options.onProgress({ loaded: event.loaded, total: event.total, percent });
    };
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        statusText: xhr.statusText,
        body: parseJson(xhr.responseText),
      });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(abortError());
    xhr.onloadend = () => options.signal?.removeEventListener('abort', abort);
    options.signal?.addEventListener('abort', abort, { once: true });
    xhr.send(form);
  });
}

/** Multipart upload through XMLHttpRequest, which (unlike fetch) reports upload progress. */
export async function uploadForm<T>(
  path: string,
  form: FormData,
  options: UploadOptions = {},
): Promise<T> {
  const response = await withAuthRetry(path, (token) => sendXhr(path, form, options, token));
  if (response.status < 200 || response.status >= 300) throw toApiError(response);
  return response.body as T;
}
