import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../test-support/oidc-idp.js';
import { providerRowCounts } from '../../test-support/row-counts.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

/*
 * Fault suite, single sign-on abuse: answers at the callback that did not come from this browser's own
 * sign-in — none started, a forged or tampered state cookie, another state, one too late, a made-up
 * authorization code, the identity provider's refusal. Each is refused with its code, sets no session
 * cookie, and writes no provider-owned row (tokens, audit entries, admins).
 */

let now = Date.now();
let t: TestApp;
let idp: TestIdentityProvider;
let providerId = '';
const DOMAIN = 'sso-faults.example';

beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  idp = await startTestIdentityProvider({ redirectUris: [`${t.url}/auth/sso/callback`] });
  const admin = await t.createAdmin();
  providerId = admin.providerId;
  const saved = await t.graphql(
    'mutation($i: SingleSignOnInput!) { saveSingleSignOn(input: $i) { id } }',
    { i: { issuerUrl: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedDomains: [DOMAIN] } },
    admin.token,
  );
  expect(saved.errors).toBeUndefined();
  idp.addPerson(`victim@${DOMAIN}`);
});
afterAll(async () => {
  await idp?.stop();
  await t?.stop();
});

/** A sign-in started as a browser would: the state the identity provider will echo, and the sealed cookie. */
async function startSignIn(): Promise<{ state: string; cookie: string }> {
  const response = await fetch(`${t.url}/auth/sso/start?email=victim@${DOMAIN}`, { redirect: 'manual' });
  const state = new URL(response.headers.get('location')!).searchParams.get('state')!;
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('hw_sso='))!.split(';')[0]!;
  return { state, cookie };
}

async function callback(query: Record<string, string>, cookie?: string) {
  const response = await fetch(`${t.url}/auth/sso/callback?${new URLSearchParams(query).toString()}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
  });
  const location = new URL(response.headers.get('location') ?? '/', t.url);
  return { code: location.searchParams.get('sso_error') ?? 'no error', session: response.headers.getSetCookie().some((header) => /^hw_session=[^;]/.test(header)) };
}

type Case = { name: string; attempt: () => Promise<{ code: string; session: boolean }>; code: string };

const cases: Case[] = [
  { name: 'a callback no sign-in started', attempt: () => callback({ code: 'made-up', state: 'made-up' }), code: 'SSO_EXPIRED' },
  {
    name: 'a forged state cookie',
    attempt: async () => {
      const { state } = await startSignIn();
      return callback({ code: 'made-up', state }, 'hw_sso=v1%3Aforged%3Aforged%3Aforged%3Aforged');
    },
    code: 'SSO_EXPIRED',
  },
  {
    name: 'a tampered state cookie',
    attempt: async () => {
      const { state, cookie } = await startSignIn();
      const tampered = cookie.slice(0, -4) + (cookie.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      return callback({ code: 'made-up', state }, tampered);
    },
    code: 'SSO_EXPIRED',
  },
  {
    name: "another sign-in's state",
    attempt: async () => {
      const { cookie } = await startSignIn();
      const { state: otherState } = await startSignIn();
      return callback({ code: 'made-up', state: otherState }, cookie);
    },
    code: 'SSO_EXPIRED',
  },
  {
    name: 'an answer 11 minutes later',
    attempt: async () => {
      const { state, cookie } = await startSignIn();
      now += 11 * 60_000;
      return callback({ code: 'made-up', state, iss: idp.issuer }, cookie);
    },
    code: 'SSO_EXPIRED',
  },
  {
    name: 'a made-up authorization code',
    attempt: async () => {
      const { state, cookie } = await startSignIn();
      return callback({ code: 'made-up', state, iss: idp.issuer }, cookie);
    },
    code: 'SSO_FAILED',
  },
  {
    name: 'an answer from another issuer',
    attempt: async () => {
      const { state, cookie } = await startSignIn();
      return callback({ code: 'made-up', state, iss: 'https://idp.evil.example' }, cookie);
    },
    code: 'SSO_FAILED',
  },
  {
    name: "the identity provider's refusal",
    attempt: async () => {
      const { state, cookie } = await startSignIn();
      return callback({ error: 'access_denied', error_description: 'no', state }, cookie);
    },
    code: 'SSO_FAILED',
  },
  {
    name: 'a 10,000-character email at the start',
    attempt: async () => {
      const response = await fetch(`${t.url}/auth/sso/start?email=${'a'.repeat(10_000)}@${DOMAIN}`, { redirect: 'manual' });
      return { code: new URL(response.headers.get('location')!, t.url).searchParams.get('sso_error') ?? 'no error', session: false };
    },
    code: 'SSO_NOT_CONFIGURED',
  },
];

describe('fault suite: single sign-on abuse', { timeout: 120_000 }, () => {
  it(`refuses each of ${cases.length} forged or stale answers with its code, starting no session`, async () => {
    for (const { name, attempt, code } of cases) {
      const before = await providerRowCounts(t.app.orm.em.fork(), [providerId]);
      const result = await attempt();
      const after = await providerRowCounts(t.app.orm.em.fork(), [providerId]);
      const wrote = Object.keys(after).filter((table) => after[table] !== before[table]);
      expect.soft({ name, code: result.code, session: result.session, wrote }).toEqual({ name, code, session: false, wrote: [] });
    }
  });
});
