import { request } from 'node:http';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Admin } from './admin.entity.js';
import { ApiToken, ApiTokenKind } from './api-token.entity.js';
import { createSetupLink } from './setup-links.js';

const PASSWORD = 'a browser keeps its session in a cookie now';
const HOUR = 3_600_000;

// The app's clock: the lifetime tests move it instead of waiting.
let now = Date.now();
let t: TestApp;
let origin = '';
const clientAddress = ownLoopbackAddress();
beforeAll(async () => {
  t = await startTestApp({ clock: () => now }, { clientAddress });
  origin = t.url;
});
afterAll(() => t.stop());

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  setCookie: string[];
}

/** A raw HTTP request to /graphql, headers as given (fetch would not send Origin and Cookie as a browser does). */
function send(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${options.path ?? '/graphql'}`, { method: options.method ?? 'POST', headers: options.headers, localAddress: clientAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Answer['body']) : {}, setCookie: res.headers['set-cookie'] ?? [] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What the admin app sends: a same-origin JSON POST, authenticated by the cookie alone. */
const asBrowser = (cookie: string | undefined, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  send({
    headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie: `hw_session=${cookie}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });

const VIEWER = '{ viewer { id } }';
const CREATE_TOKEN = 'mutation { createApiToken(name: "from a forged request") { token } }';
const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;
/** The hw_session value a Set-Cookie header sets. */
const cookieValueOf = (answer: Answer) => /^hw_session=([^;]*)/.exec(answer.setCookie.find((c) => c.startsWith('hw_session=')) ?? '')?.[1];

/** An admin with a password, and a browser session started by signing in with it. */
async function signedIn() {
  const admin = await t.createAdmin();
  expect((await t.graphql('mutation($p: String!) { setPassword(newPassword: $p) }', { p: PASSWORD }, admin.token)).errors).toBeUndefined();
  const answer = await asBrowser(undefined, 'mutation($e: String!, $p: String!) { signInWithPassword(email: $e, password: $p) { token } }', { e: admin.email, p: PASSWORD });
  const session = cookieValueOf(answer);
  expect(session).toMatch(/^hw_/);
  return { ...admin, session: session!, answer };
}

const tokenCount = async (adminId: string) => t.app.orm.em.fork().count(ApiToken, { admin: adminId }, { filters: false });

describe('signing in sets the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, for the whole site, lasting the 7-day lifetime, not Secure over http; the token is the one in the answer', async () => {
    const { answer, session } = await signedIn();
    const cookie = answer.setCookie.find((c) => c.startsWith('hw_session='))!;
    const attributes = cookie.split(';').slice(1).map((a) => a.trim().split('=')[0]!.toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['max-age', 'path', 'httponly', 'samesite']));
    expect(attributes).not.toContain('secure');
    expect(cookie).toContain('Max-Age=604800');
    expect(cookie).toContain('Path=/;');
    expect(cookie).toContain('SameSite=Strict');
    expect((answer.body.data?.signInWithPassword as { token: string }).token).toBe(session);
  });

  it('issues a new session at each sign-in', async () => {
    const admin = await signedIn();
    const again = await asBrowser(undefined, 'mutation($e: String!, $p: String!) { signInWithPassword(email: $e, password: $p) { token } }', { e: admin.email, p: PASSWORD });
    const second = cookieValueOf(again);
    expect(second).toMatch(/^hw_/);
    expect(second).not.toBe(admin.session);
  });

  it('is set by redeeming a setup link and by trading an API token (startBrowserSession)', async () => {
    const admin = await t.createAdmin();
    const em = t.app.orm.em.fork();
    const link = await createSetupLink(em, await em.findOneOrFail(Admin, { id: admin.adminId }, { filters: false }), now);
    const redeemed = await asBrowser(undefined, 'mutation($t: String!, $p: String!) { redeemSetupLink(token: $t, password: $p) { token } }', { t: link, p: PASSWORD });
    expect(redeemed.body.errors).toBeUndefined();
    expect(cookieValueOf(redeemed)).toBe((redeemed.body.data?.redeemSetupLink as { token: string }).token);

    const traded = await send({
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ query: 'mutation { startBrowserSession { token } }' }),
    });
    expect(cookieValueOf(traded)).toBe((traded.body.data?.startBrowserSession as { token: string }).token);
  });
});

describe('the cookie authenticates', () => {
  it('a same-origin JSON POST, as the admin', async () => {
    const admin = await signedIn();
    const answer = await asBrowser(admin.session, VIEWER);
    expect(answer.status).toBe(200);
    expect(answer.body.data?.viewer).toEqual({ id: admin.adminId });
  });

  it('a request whose Referer (no Origin) is this site, or whose Origin is this host over https (a TLS-terminating proxy)', async () => {
    const admin = await signedIn();
    const byReferer = await send({ headers: { 'content-type': 'application/json', referer: `${origin}/status`, cookie: `hw_session=${admin.session}` }, body: JSON.stringify({ query: VIEWER }) });
    expect(byReferer.body.data?.viewer).toEqual({ id: admin.adminId });
    const proxied = await asBrowser(admin.session, VIEWER, {}, { origin: origin.replace('http:', 'https:') });
    expect(proxied.body.data?.viewer).toEqual({ id: admin.adminId });
  });
});

describe('cross-site request forgery', () => {
  it('refuses a cookie-authenticated request from another origin with 403 CSRF_REJECTED, and writes nothing', async () => {
    const admin = await signedIn();
    const before = await tokenCount(admin.adminId);
    for (const forged of [{ origin: 'http://evil.example' }, { origin: 'null' }, { origin: '', referer: 'http://evil.example/page' }]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', cookie: `hw_session=${admin.session}` };
      if (forged.origin) headers.origin = forged.origin;
      if (forged.referer) headers.referer = forged.referer;
      const answer = await send({ headers, body: JSON.stringify({ query: CREATE_TOKEN }) });
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe('CSRF_REJECTED');
    }
    expect(await tokenCount(admin.adminId)).toBe(before);
  });

  it('refuses one with neither Origin nor Referer', async () => {
    const admin = await signedIn();
    const answer = await send({ headers: { 'content-type': 'application/json', cookie: `hw_session=${admin.session}` }, body: JSON.stringify({ query: VIEWER }) });
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('CSRF_REJECTED');
  });

  it('refuses a form post and a GET with the cookie, even from this site', async () => {
    const admin = await signedIn();
    const before = await tokenCount(admin.adminId);
    const form = await send({
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie: `hw_session=${admin.session}` },
      body: `query=${encodeURIComponent(CREATE_TOKEN)}`,
    });
    expect(form.status).toBe(403);
    expect(codeOf(form)).toBe('CSRF_REJECTED');
    const plain = await send({ headers: { 'content-type': 'text/plain', origin, cookie: `hw_session=${admin.session}` }, body: JSON.stringify({ query: CREATE_TOKEN }) });
    expect(codeOf(plain)).toBe('CSRF_REJECTED');
    const get = await send({ method: 'GET', path: `/graphql?query=${encodeURIComponent(VIEWER)}`, headers: { origin, cookie: `hw_session=${admin.session}`, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(403);
    expect(codeOf(get)).toBe('CSRF_REJECTED');
    expect(await tokenCount(admin.adminId)).toBe(before);
  });

  it('leaves bearer-token and anonymous requests alone, whatever their origin', async () => {
    const admin = await signedIn();
    const bearer = await send({
      headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example', authorization: `Bearer ${admin.token}`, cookie: 'hw_session=hw_stale' },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(bearer.status).toBe(200);
    expect(bearer.body.data?.viewer).toEqual({ id: admin.adminId });
    const anonymous = await send({ headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(anonymous.body.data).toEqual({ __typename: 'Query' });
  });
});

describe('lifetimes', () => {
  it('ends after 12 hours without a request: UNAUTHENTICATED saying so, and the cookie is cleared', async () => {
    const admin = await signedIn();
    now += 11 * HOUR;
    expect((await asBrowser(admin.session, VIEWER)).body.data?.viewer).toEqual({ id: admin.adminId });
    // Idle time counts from the last request: 11 more hours are still within 12.
    now += 11 * HOUR;
    expect((await asBrowser(admin.session, VIEWER)).body.data?.viewer).toEqual({ id: admin.adminId });
    now += 12 * HOUR + 1_000;
    const ended = await asBrowser(admin.session, VIEWER);
    expect(codeOf(ended)).toBe('UNAUTHENTICATED');
    expect(ended.body.errors?.[0]?.message).toMatch(/session has ended.*12 hours/);
    expect(ended.setCookie.find((c) => c.startsWith('hw_session='))).toMatch(/^hw_session=;.*Max-Age=0/);
  });

  it('ends 7 days after sign-in however busy it was', async () => {
    const admin = await signedIn();
    // A request every 10 hours, up to 160 hours after sign-in: never idle for 12.
    for (let hours = 10; hours <= 160; hours += 10) {
      now += 10 * HOUR;
      expect((await asBrowser(admin.session, VIEWER)).body.data?.viewer, `${hours} hours in`).toEqual({ id: admin.adminId });
    }
    now += 10 * HOUR;
    const ended = await asBrowser(admin.session, VIEWER);
    expect(codeOf(ended)).toBe('UNAUTHENTICATED');
    // An API token is not a browser session: it still works.
    expect((await t.graphql(VIEWER, {}, admin.token)).errors).toBeUndefined();
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const admin = await signedIn();
    const lastUsed = async () => (await t.app.orm.em.fork().findOneOrFail(ApiToken, { kind: ApiTokenKind.BROWSER_SESSION, admin: admin.adminId }, { filters: false })).lastUsedAt?.getTime();
    now += 5 * 60_000;
    await asBrowser(admin.session, VIEWER);
    const first = await lastUsed();
    expect(first).toBe(now);
    now += 30_000;
    await asBrowser(admin.session, VIEWER);
    expect(await lastUsed()).toBe(first);
    now += 31_000;
    await asBrowser(admin.session, VIEWER);
    expect(await lastUsed()).toBe(now);
  });
});

describe('signing out', () => {
  it('revokes the session and clears the cookie', async () => {
    const admin = await signedIn();
    const out = await asBrowser(admin.session, 'mutation { endBrowserSession }');
    expect(out.body.data?.endBrowserSession).toBe(true);
    expect(out.setCookie.find((c) => c.startsWith('hw_session='))).toMatch(/^hw_session=;.*Max-Age=0/);
    expect(codeOf(await asBrowser(admin.session, VIEWER))).toBe('UNAUTHENTICATED');
  });

  it('revoking the BROWSER_SESSION token (revokeApiToken) ends it', async () => {
    const admin = await signedIn();
    const sessions = await t.graphql<{ apiTokens: { id: string; kind: string }[] }>('{ apiTokens { id kind } }', {}, admin.token);
    const session = sessions.data!.apiTokens.find((token) => token.kind === 'BROWSER_SESSION')!;
    expect((await t.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: session.id }, admin.token)).errors).toBeUndefined();
    expect(codeOf(await asBrowser(admin.session, VIEWER))).toBe('UNAUTHENTICATED');
  });
});

describe('graphql-ws with the cookie', () => {
  const wsUrl = () => t.url.replace('http', 'ws') + '/graphql';

  /** The upgrade's HTTP status: 101 when the socket opened. */
  const upgradeStatus = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws', { headers });
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      socket.on('error', reject);
    });

  it('refuses an upgrade with the cookie from another origin (403), or with no origin', async () => {
    const admin = await signedIn();
    expect(await upgradeStatus({ cookie: `hw_session=${admin.session}`, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus({ cookie: `hw_session=${admin.session}` })).toBe(403);
    // A script with its token in connection_init sends no cookie and no origin.
    expect(await upgradeStatus({})).toBe(101);
  });

  it('signs a same-origin socket in with the cookie when connection_init has no token', async () => {
    const admin = await signedIn();
    const headers = { cookie: `hw_session=${admin.session}`, origin };
    class BrowserWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    const client = createClient({ url: wsUrl(), webSocketImpl: BrowserWebSocket, retryAttempts: 0, lazy: true });
    const result = await new Promise((resolve, reject) => {
      client.subscribe({ query: VIEWER }, { next: resolve, error: reject, complete: () => undefined });
    });
    await client.dispose();
    expect(result).toEqual({ data: { viewer: { id: admin.adminId } } });
  });
});
