import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../test-support/test-app.js';
import { SignInFailure } from '../features/auth/sign-in-attempt.entity.js';

/*
 * Behind a TLS-terminating reverse proxy (HIGHWATER_TRUST_PROXY): the browser's session cookie is Secure
 * because the proxy says the page was https, and sign-in failures count against the client's address the
 * proxy forwards, not the proxy's own. Without the setting, neither header is believed.
 */

let trusting: TestApp;
let plain: TestApp;
beforeAll(async () => {
  [trusting, plain] = await Promise.all([startTestApp({ trustProxy: 'loopback' }), startTestApp()]);
});
afterAll(async () => {
  await trusting?.stop();
  await plain?.stop();
});

/** What a proxy in front of us forwards: an https page's request from `clientIp`. */
const proxied = (clientIp: string) => ({ 'x-forwarded-proto': 'https', 'x-forwarded-for': clientIp });

async function sessionCookie(t: TestApp, headers: Record<string, string>): Promise<string> {
  const { token } = await t.createAdmin();
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: 'mutation { startBrowserSession { token } }' }),
  });
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith('hw_session='))!;
}

// From a loopback address of this file's own: other files' failed sign-ins from 127.0.0.1 (the fuzz
// suite's) would otherwise slow this address down before the failure is even recorded.
const socketAddress = ownLoopbackAddress();

/** A failed sign-in through the app; returns the client address the failure was recorded against. */
async function failSignIn(t: TestApp, headers: Record<string, string>): Promise<string> {
  const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
  const body = JSON.stringify({ query: 'mutation($e: String!) { signInWithPassword(email: $e, password: "not the password") { token } }', variables: { e: email } });
  await new Promise<void>((resolve, reject) => {
    const req = request(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, localAddress: socketAddress }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
  return (await t.app.orm.em.fork().findOneOrFail(SignInFailure, { email })).clientIp;
}

describe('behind a reverse proxy', () => {
  it('sets the session cookie Secure when the proxy says the page was https, only when told to trust it', async () => {
    expect(await sessionCookie(trusting, proxied('203.0.113.7'))).toMatch(/;\s*Secure/i);
    expect(await sessionCookie(plain, proxied('203.0.113.7'))).not.toMatch(/;\s*Secure/i);
  });

  it("counts sign-in failures against the forwarded client address, only when told to trust it", async () => {
    expect(await failSignIn(trusting, proxied('203.0.113.7'))).toBe('203.0.113.7');
    expect(await failSignIn(plain, proxied('203.0.113.7'))).toContain(socketAddress);
  });
});
