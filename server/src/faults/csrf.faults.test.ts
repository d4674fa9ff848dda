import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { providerRowCounts } from '../../test-support/row-counts.js';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../test-support/test-app.js';

/*
 * Fault suite, cross-site request forgery: requests that carry a signed-in browser's session cookie but
 * come from another site (or from no page at all), or are shaped as forms and simple requests. Each is
 * refused with HTTP 403 CSRF_REJECTED before anything runs: every provider-owned table is counted around
 * it, and the session still works afterwards (a forged sign-out did not sign anyone out).
 */

let t: TestApp;
let providerId = '';
let session = '';
const clientAddress = ownLoopbackAddress();

beforeAll(async () => {
  t = await startTestApp({}, { clientAddress });
  const admin = await t.createAdmin();
  providerId = admin.providerId;
  const started = await send({ 'content-type': 'application/json', authorization: `Bearer ${admin.token}` }, JSON.stringify({ query: 'mutation { startBrowserSession { token } }' }));
  session = /hw_session=([^;]+)/.exec(started.setCookie.join('\n'))![1]!;
});
afterAll(() => t.stop());

function send(headers: Record<string, string>, body?: string, method = 'POST', path = '/graphql'): Promise<{ status: number; code?: unknown; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, { method, headers, localAddress: clientAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed = (() => {
          try {
            return JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
          } catch {
            return {};
          }
        })();
        resolve({ status: res.statusCode ?? 0, code: parsed.errors?.[0]?.extensions?.code, setCookie: res.headers['set-cookie'] ?? [] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (query: string) => JSON.stringify({ query });
const cookie = () => `hw_session=${session}`;
const evil = 'https://billing.example.evil';

const MUTATIONS = {
  'create an API token': 'mutation { createApiToken(name: "forged") { token } }',
  'sign out': 'mutation { endBrowserSession }',
  'start another session': 'mutation { startBrowserSession { token } }',
  'set a password': 'mutation { setPassword(newPassword: "a password chosen by an attacker") }',
};

type Forgery = { name: string; send: () => ReturnType<typeof send> };
const forgeries: Forgery[] = [
  ...Object.entries(MUTATIONS).map(([what, query]) => ({
    name: `${what}: JSON POST from another site`,
    send: () => send({ 'content-type': 'application/json', cookie: cookie(), origin: evil }, json(query)),
  })),
  { name: 'JSON POST with no Origin nor Referer', send: () => send({ 'content-type': 'application/json', cookie: cookie() }, json(MUTATIONS['create an API token'])) },
  { name: 'JSON POST with Origin "null" (a sandboxed frame)', send: () => send({ 'content-type': 'application/json', cookie: cookie(), origin: 'null' }, json(MUTATIONS['create an API token'])) },
  { name: 'JSON POST whose Referer is another site', send: () => send({ 'content-type': 'application/json', cookie: cookie(), referer: `${evil}/page` }, json(MUTATIONS['create an API token'])) },
  { name: 'Origin naming our host on another port', send: () => send({ 'content-type': 'application/json', cookie: cookie(), origin: t.url.replace(/:\d+$/, ':1') }, json(MUTATIONS['create an API token'])) },
  {
    name: 'form post (urlencoded) from our own origin',
    send: () => send({ 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), origin: t.url }, `query=${encodeURIComponent(MUTATIONS['create an API token'])}`),
  },
  { name: 'text/plain post from another site', send: () => send({ 'content-type': 'text/plain', cookie: cookie(), origin: evil }, json(MUTATIONS['create an API token'])) },
  { name: 'multipart post', send: () => send({ 'content-type': 'multipart/form-data; boundary=x', cookie: cookie(), origin: t.url }, '--x--') },
  { name: 'GET query with the cookie', send: () => send({ cookie: cookie(), origin: t.url, 'apollo-require-preflight': '1' }, undefined, 'GET', `/graphql?query=${encodeURIComponent('{ viewer { id } }')}`) },
];

describe('fault suite: cross-site request forgery', { timeout: 120_000 }, () => {
  it(`refuses each of ${forgeries.length} forged cookie requests with 403 CSRF_REJECTED, writing nothing`, async () => {
    for (const forgery of forgeries) {
      const before = await providerRowCounts(t.app.orm.em.fork(), [providerId]);
      const answer = await forgery.send();
      const after = await providerRowCounts(t.app.orm.em.fork(), [providerId]);
      const wrote = Object.keys(after).filter((table) => after[table] !== before[table]);
      // A refused request does not touch the cookie either: no forged sign-out.
      expect.soft({ name: forgery.name, status: answer.status, code: answer.code, wrote, setCookie: answer.setCookie }).toEqual({
        name: forgery.name,
        status: 403,
        code: 'CSRF_REJECTED',
        wrote: [],
        setCookie: [],
      });
    }
    const still = await send({ 'content-type': 'application/json', cookie: cookie(), origin: t.url }, json('{ viewer { id } }'));
    expect(still).toMatchObject({ status: 200, code: undefined });
  });

  it('refuses a WebSocket upgrade with the cookie from another site (cross-site WebSocket hijacking)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers: { cookie: cookie(), origin: evil } });
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      socket.on('error', reject);
    });
    expect(status).toBe(403);
  });
});
