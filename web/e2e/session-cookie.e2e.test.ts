/**
 * The browser session as Chromium keeps it: an HttpOnly, SameSite=Strict cookie no script can read, and
 * nothing secret in storage. A page of another origin — another port of the same host, so the browser
 * still sends the cookie — cannot use it: its form post is refused with CSRF_REJECTED, its WebSocket is
 * refused at the upgrade; a stolen cookie sent from elsewhere with a forged Origin is refused too.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openSignedIn } from './browser';

const server = inject('e2eServer');

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let otherSite: Server;
let otherOrigin = '';

/** Serves one page at any path: the attacker's, on another port of the same host. */
function startOtherSite(): Promise<void> {
  otherSite = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Another site</title><h1>Another site</h1>');
  });
  return new Promise((resolve) => {
    otherSite.listen(0, '127.0.0.1', () => {
      otherOrigin = `http://127.0.0.1:${(otherSite.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
  await startOtherSite();
  ({ page } = await openSignedIn(browser.context, server.url, server.token));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => otherSite?.close(resolve));
});

async function sessionCookie() {
  return (await browser.context.cookies(server.url)).find((cookie) => cookie.name === 'hw_session');
}

/** Opens a graphql-ws socket to the server from `from`'s page: 'open', or 'refused' when the upgrade failed. */
function tryWebSocket(from: Page): Promise<string> {
  const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
  return from.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url, 'graphql-transport-ws');
        socket.onopen = () => {
          socket.close();
          resolve('open');
        };
        socket.onerror = () => resolve('refused');
      }),
    wsUrl,
  );
}

/** A POST from outside any browser, with whatever headers an attacker chooses. */
function postFromNode(headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/graphql`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the session cookie in Chromium', () => {
  it('is HttpOnly and SameSite=Strict, for the whole site, lasting 7 days', async () => {
    const cookie = await sessionCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).toMatch(/^hw_/);
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('is out of reach of the page’s scripts, and no token is kept in storage', async () => {
    const { value } = (await sessionCookie())!;
    expect(await page.evaluate(() => document.cookie)).not.toContain('hw_session');
    const stored = await page.evaluate(() => ({ local: Object.entries(localStorage), session: Object.entries(sessionStorage) }));
    expect(stored).toEqual({ local: [['highwater.signedIn', 'true']], session: [] });
    expect(JSON.stringify(stored)).not.toContain(value);
  });

  it('signs in the app’s own WebSocket', async () => {
    expect(await tryWebSocket(page)).toBe('open');
  });
});

describe('another origin', () => {
  it('has its form post refused with 403 CSRF_REJECTED, although the browser sent the cookie', async () => {
    const other = await browser.context.newPage();
    await other.goto(otherOrigin);
    const answer = other.waitForResponse(`${server.url}/graphql`);
    // The classic forgery: a form that posts a mutation as text/plain, the cookie riding along.
    await other.evaluate((target) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = target;
      form.enctype = 'text/plain';
      const field = document.createElement('input');
      field.name = '{"query":"mutation { createApiToken(name: \\"forged\\") { token } }","x":"';
      field.value = '"}';
      form.append(field);
      document.body.append(form);
      form.submit();
    }, `${server.url}/graphql`);
    const response = await answer;
    expect(response.request().headers()['cookie'] ?? (await response.request().allHeaders())['cookie']).toContain('hw_session=');
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'CSRF_REJECTED' } }] });
    await other.close();
  });

  it('has its WebSocket refused at the upgrade', async () => {
    const other = await browser.context.newPage();
    await other.goto(otherOrigin);
    expect(await tryWebSocket(other)).toBe('refused');
    await other.close();
  });

  it('cannot use a stolen cookie with a forged Origin', async () => {
    const { value } = (await sessionCookie())!;
    const forged = await postFromNode(
      { 'content-type': 'application/json', cookie: `hw_session=${value}`, origin: otherOrigin },
      JSON.stringify({ query: 'mutation { createApiToken(name: "stolen") { token } }' }),
    );
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ errors: [{ extensions: { code: 'CSRF_REJECTED' } }] });
  });
});

describe('a session that ended', () => {
  it('takes the admin to the login screen with the session-ended notice', async () => {
    // Revoked from elsewhere: the newest browser session of the admin is this page's.
    const { value } = (await sessionCookie())!;
    const listed = await postFromNode(
      { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      JSON.stringify({ query: '{ apiTokens { id kind } }' }),
    );
    const sessions = (JSON.parse(listed.body) as { data: { apiTokens: { id: string; kind: string }[] } }).data.apiTokens.filter((token) => token.kind === 'BROWSER_SESSION');
    const revoked = await postFromNode(
      { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      JSON.stringify({ query: 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }', variables: { id: sessions[0]!.id } }),
    );
    expect(revoked.status).toBe(200);
    const check = await postFromNode({ 'content-type': 'application/json', cookie: `hw_session=${value}`, origin: server.url }, JSON.stringify({ query: '{ viewer { id } }' }));
    expect(JSON.parse(check.body)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });

    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to highwater' }).waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Your session has ended');
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
  });
});
