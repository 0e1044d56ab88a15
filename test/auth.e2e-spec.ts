import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { ApiClient, type ApiResponse, type ErrorBody } from './support/api-client.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

const PASSWORD = 'a long enough passphrase';

interface SessionBody {
  user: { id: string; email: string };
  accessToken: string;
  expiresIn: number;
}

const freshEmail = () => `auth-${randomUUID()}@example.com`;

/** The refresh cookie a response sets: its value and its attributes, names lowercased. */
function refreshCookie(res: ApiResponse): { value: string; attributes: Map<string, string> } {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('intake_refresh='));
  if (!header) throw new Error(`no refresh cookie was set (status ${res.status})`);
  const [pair, ...rest] = header.split(';').map((part) => part.trim());
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const [name, ...value] = attribute.split('=');
    attributes.set(name.toLowerCase(), value.join('='));
  }
  return { value: pair.slice('intake_refresh='.length), attributes };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS, signed with HS256 and `secret` (or unsigned for alg "none"). */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret?: string) {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = secret
    ? createHmac('sha256', secret).update(signingInput).digest('base64url')
    : '';
  return `${signingInput}.${signature}`;
}

describe('auth, over HTTP', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(async () => {
    await stack.stop();
  });

  /** A signed-up client, with the answer to its registration. */
  async function registered(email = freshEmail()) {
    const api = new ApiClient(stack.baseUrl);
    const res = await api.post<SessionBody>('/api/auth/register', { email, password: PASSWORD });
    expect(res.status).toBe(201);
    api.token = res.body.accessToken;
    return { api, res, email };
  }

  const refresh = (api: ApiClient) => api.post<SessionBody & ErrorBody>('/api/auth/refresh');

  describe('register', () => {
    it('answers 201 with the user, a working access token and an httpOnly refresh cookie', async () => {
      const email = freshEmail();
      const { api, res } = await registered(email);
      expect(res.body).toEqual({
        user: { id: expect.any(String), email },
        accessToken: expect.any(String),
        expiresIn: 900,
      });

      const cookie = refreshCookie(res);
      expect(cookie.value).not.toBe('');
      expect(cookie.attributes.has('httponly')).toBe(true);
      expect(cookie.attributes.get('path')).toBe('/api/auth');
      expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('strict');
      // A persistent cookie: the session survives a browser restart until the refresh token expires.
      expect(Date.parse(cookie.attributes.get('expires') ?? '')).toBeGreaterThan(Date.now());

      const jobs = await api.get<{ items: unknown[] }>('/api/jobs');
      expect(jobs.status).toBe(200);
      expect(jobs.body.items).toEqual([]);
    });

    it('refuses an email already taken, whatever its case, with 409 EMAIL_TAKEN', async () => {
      const local = `Mixed.Case-${randomUUID()}`;
      await registered(`${local}@Example.COM`);

      const anonymous = new ApiClient(stack.baseUrl);
      const again = await anonymous.post<ErrorBody>('/api/auth/register', {
        email: `${local.toLowerCase()}@example.com`,
        password: 'another long passphrase',
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, code: 'EMAIL_TAKEN' });
      expect(again.headers.getSetCookie()).toEqual([]);

      // The account is untouched: its own password still signs in, the second one does not.
      const login = (password: string) =>
        anonymous.post('/api/auth/login', { email: `${local}@example.com`, password });
      expect((await login(PASSWORD)).status).toBe(200);
      expect((await login('another long passphrase')).status).toBe(401);
    });

    it('refuses a password shorter than 12 characters with 400 VALIDATION_FAILED naming it', async () => {
      const res = await new ApiClient(stack.baseUrl).post<ErrorBody>('/api/auth/register', {
        email: freshEmail(),
        password: 'elevenchars',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain('password');
      expect(Object.keys(res.body.details?.fields as object)).toEqual(['password']);
    });
  });

  describe('login', () => {
    it('answers 200 with a session for the right password, whatever the email case', async () => {
      const { res: signedUp, email } = await registered();
      const api = new ApiClient(stack.baseUrl);
      const res = await api.post<SessionBody>('/api/auth/login', {
        email: email.toUpperCase(),
        password: PASSWORD,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user: signedUp.body.user,
        accessToken: expect.any(String),
        expiresIn: 900,
      });
      expect(refreshCookie(res).attributes.has('httponly')).toBe(true);

      api.token = res.body.accessToken;
      expect((await api.get('/api/jobs')).status).toBe(200);
    });

    it('answers a wrong password and an unknown email alike: 401 INVALID_CREDENTIALS', async () => {
      const { email } = await registered();
      const anonymous = new ApiClient(stack.baseUrl);
      const wrong = await anonymous.post<ErrorBody>('/api/auth/login', {
        email,
        password: `${PASSWORD}!`,
      });
      const unknown = await anonymous.post<ErrorBody>('/api/auth/login', {
        email: freshEmail(),
        password: PASSWORD,
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
      // Nothing tells an attacker which emails have an account.
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.headers.getSetCookie()).toEqual([]);
      expect(unknown.headers.getSetCookie()).toEqual([]);
    });

    it('answers a short password or an email that is not one with 401 too, not 400', async () => {
      const { email } = await registered();
      const anonymous = new ApiClient(stack.baseUrl);
      for (const body of [
        { email, password: 'short' },
        { email, password: '' },
        { email: 'not an email', password: PASSWORD },
      ]) {
        const res = await anonymous.post<ErrorBody>('/api/auth/login', body);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('INVALID_CREDENTIALS');
      }
      // A body that is not credentials at all is still a bad request, as is a NUL, which
      // PostgreSQL could not even look up.
      for (const body of [{ email }, { email: 'a\u0000@example.com', password: PASSWORD }]) {
        const res = await anonymous.post<ErrorBody>('/api/auth/login', body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('a body that cannot be read', () => {
    it('answers a JSON body over the limit with 413 PAYLOAD_TOO_LARGE, not a file code', async () => {
      const res = await fetch(`${stack.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(200_000) }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: {} });
    });

    it('answers an unsupported charset with 415 UNSUPPORTED_MEDIA_TYPE, not a file code', async () => {
      const res = await fetch(`${stack.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: JSON.stringify({ email: 'a@example.com', password: PASSWORD }),
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: {} });
    });
  });

  describe('refresh', () => {
    it('rotates the refresh cookie and refuses the spent one with 401 INVALID_REFRESH_TOKEN', async () => {
      const { api } = await registered();
      const first = api.cookie!;

      const rotated = await refresh(api);

      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({ accessToken: expect.any(String), expiresIn: 900 });
      const second = api.cookie!;
      expect(refreshCookie(rotated).value).not.toBe(first.split('=')[1]);
      expect(second).not.toBe(first);

      api.token = rotated.body.accessToken;
      expect((await api.get('/api/jobs')).status).toBe(200);

      // The new cookie is good for one more rotation.
      const again = await refresh(api);
      expect(again.status).toBe(200);
      expect(api.cookie).not.toBe(second);

      api.cookie = first;
      const replayed = await refresh(api);
      expect(replayed.status).toBe(401);
      expect(replayed.body).toMatchObject({ statusCode: 401, code: 'INVALID_REFRESH_TOKEN' });
      expect(replayed.headers.getSetCookie()).toEqual([]);
    });

    it('revokes the whole family when a spent token is replayed: the newest is refused too', async () => {
      const { api } = await registered();
      const stolen = api.cookie!;
      expect((await refresh(api)).status).toBe(200);
      const newest = api.cookie!;

      api.cookie = stolen;
      const replayed = await refresh(api);
      expect(replayed.status).toBe(401);
      expect(replayed.body.code).toBe('INVALID_REFRESH_TOKEN');

      api.cookie = newest;
      const afterTheft = await refresh(api);
      expect(afterTheft.status).toBe(401);
      expect(afterTheft.body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('refuses a call without the cookie, or with an unknown one', async () => {
      const anonymous = new ApiClient(stack.baseUrl);
      const none = await refresh(anonymous);
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('INVALID_REFRESH_TOKEN');

      anonymous.cookie = 'intake_refresh=not-a-token-we-issued';
      const unknown = await refresh(anonymous);
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('INVALID_REFRESH_TOKEN');
    });
  });

  describe('logout', () => {
    it('answers 204 and ends the session: its refresh cookie is refused afterwards', async () => {
      const { api } = await registered();
      const cookie = api.cookie!;

      const out = await api.post('/api/auth/logout');
      expect(out.status).toBe(204);
      expect(out.text).toBe('');

      // Present the cookie as it was, not the cleared one the answer set: a client that kept a
      // copy (or a thief) must not be able to use it either.
      api.cookie = cookie;
      const res = await refresh(api);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
    });
  });

  describe('access tokens', () => {
    let user: { id: string; email: string };
    let valid: string;

    beforeAll(async () => {
      const { res } = await registered();
      user = res.body.user;
      valid = res.body.accessToken;
    });

    const withToken = (token: string | null) => {
      const api = new ApiClient(stack.baseUrl);
      api.token = token;
      return api.get<ErrorBody>('/api/jobs');
    };
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({ sub: user.id, email: user.email, iat: now(), exp: now() + 600 });

    it('answers 401 UNAUTHENTICATED to a call without a token', async () => {
      const res = await withToken(null);
      expect(res.status).toBe(401);
      // api.md's shape whole, `details` included when there are none.
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'Sign in first: this call needs a valid access token.',
        details: {},
      });

      const upload = await new ApiClient(stack.baseUrl).upload('a.csv', 'email\na@example.com\n');
      expect(upload.status).toBe(401);
    });

    it('accepts a token signed with the server key (the forgeries below differ only in that)', async () => {
      expect((await withToken(valid)).status).toBe(200);
      const forged = jwt({ alg: 'HS256', typ: 'JWT' }, claims(), stack.env.JWT_SECRET);
      expect((await withToken(forged)).status).toBe(200);
    });

    it('refuses a token whose payload was altered', async () => {
      const [header, , signature] = valid.split('.');
      const altered = `${header}.${base64url({ ...claims(), sub: randomUUID() })}.${signature}`;
      const res = await withToken(altered);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['alg "none", unsigned', () => jwt({ alg: 'none', typ: 'JWT' }, claims())],
      [
        'signed with another key',
        () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(), 'x'.repeat(64)),
      ],
      [
        'expired',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { ...claims(), iat: now() - 1000, exp: now() - 60 },
            stack.env.JWT_SECRET,
          ),
      ],
      ['not a JWT at all', () => 'garbage'],
    ])('refuses a token that is %s with 401 UNAUTHENTICATED', async (_name, token) => {
      const res = await withToken(token());
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });
});
