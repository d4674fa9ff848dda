import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerRowCounts } from '../../test-support/row-counts.js';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../test-support/test-app.js';
import { Admin } from '../features/auth/admin.entity.js';
import { createSetupLink } from '../features/auth/setup-links.js';
import { totpCodeAt } from '../features/auth/totp.js';

/*
 * Fault suite, sign-in abuse: guessing passwords, replaying a second-factor code, and setup links that
 * are expired, used, forged or redeemed with a weak password. Each attempt gets its own error code and
 * issues no session: every provider-owned table (tokens, audit entries, admins) is counted around it.
 * The one write a refused attempt may make is its row in sign_in_failures (how guessing is slowed),
 * which has no provider.
 */

const PASSWORD = 'four unrelated words and a number 7';
const SIGN_IN = 'mutation($e: String!, $p: String!, $c: String) { signInWithPassword(email: $e, password: $p, code: $c) { token secondFactorRequired } }';
const REDEEM = 'mutation($t: String!, $p: String!) { redeemSetupLink(token: $t, password: $p) { token } }';

let now = Date.now();
let t: TestApp;
let admin: { token: string; providerId: string; adminId: string; email: string };
let secret = '';
let enrolmentCode = '';

beforeAll(async () => {
  t = await startTestApp({ clock: () => now }, { clientAddress: ownLoopbackAddress() });
  admin = await t.createAdmin();
  await t.graphql('mutation($p: String!) { setPassword(newPassword: $p) }', { p: PASSWORD }, admin.token);
  const begun = await t.graphql<{ beginTotpEnrolment: { secret: string } }>('mutation { beginTotpEnrolment { secret } }', {}, admin.token);
  secret = begun.data!.beginTotpEnrolment.secret;
  enrolmentCode = totpCodeAt(secret, now);
  const confirmed = await t.graphql('mutation($c: String!) { confirmTotpEnrolment(code: $c) }', { c: enrolmentCode }, admin.token);
  expect(confirmed.errors).toBeUndefined();
});
afterAll(() => t.stop());

async function setupLink(createdAt: number): Promise<string> {
  const em = t.app.orm.em.fork();
  return createSetupLink(em, await em.findOneOrFail(Admin, { id: admin.adminId }, { filters: false }), createdAt);
}

type Result = { errors?: readonly { extensions?: Record<string, unknown> }[] };
/** `arrange` runs first and may write (a link, its first use); only `attempt` must write nothing. */
type Case = { name: string; arrange?: () => Promise<string>; attempt: (arranged: string) => Promise<Result>; code: string };

const cases: Case[] = [
  { name: 'unknown email', attempt: () => t.graphql(SIGN_IN, { e: 'nobody@example.com', p: PASSWORD }), code: 'UNAUTHENTICATED' },
  { name: 'wrong password', attempt: () => t.graphql(SIGN_IN, { e: admin.email, p: 'not the password at all' }), code: 'UNAUTHENTICATED' },
  { name: 'right password, second factor replayed', attempt: () => t.graphql(SIGN_IN, { e: admin.email, p: PASSWORD, c: enrolmentCode }), code: 'UNAUTHENTICATED' },
  { name: 'right password, code of an hour ago', attempt: () => t.graphql(SIGN_IN, { e: admin.email, p: PASSWORD, c: totpCodeAt(secret, now - 3_600_000) }), code: 'UNAUTHENTICATED' },
  { name: 'right password, 10,000-character code', attempt: () => t.graphql(SIGN_IN, { e: admin.email, p: PASSWORD, c: '1'.repeat(10_000) }), code: 'UNAUTHENTICATED' },
  { name: 'forged setup link', attempt: () => t.graphql(REDEEM, { t: 'hw_forged', p: PASSWORD }), code: 'BAD_USER_INPUT' },
  { name: 'setup link expired (made 25 hours ago)', arrange: () => setupLink(now - 25 * 3_600_000), attempt: (link) => t.graphql(REDEEM, { t: link, p: PASSWORD }), code: 'BAD_USER_INPUT' },
  { name: 'setup link with a weak password', arrange: () => setupLink(now), attempt: (link) => t.graphql(REDEEM, { t: link, p: 'password' }), code: 'BAD_USER_INPUT' },
  {
    name: 'setup link used twice',
    arrange: async () => {
      const link = await setupLink(now);
      expect((await t.graphql(REDEEM, { t: link, p: PASSWORD })).errors).toBeUndefined();
      return link;
    },
    attempt: (link) => t.graphql(REDEEM, { t: link, p: PASSWORD }),
    code: 'BAD_USER_INPUT',
  },
  {
    // The failures above count too: within a few more guesses, attempts are slowed.
    name: 'guessing until slowed',
    arrange: async () => {
      for (let guess = 1; guess <= 8; guess++) {
        const result = await t.graphql(SIGN_IN, { e: admin.email, p: `guess ${guess} guess ${guess}` });
        if (result.errors?.[0]?.extensions?.code === 'TOO_MANY_ATTEMPTS') break;
      }
      return '';
    },
    attempt: () => t.graphql(SIGN_IN, { e: admin.email, p: 'yet another guess here' }),
    code: 'TOO_MANY_ATTEMPTS',
  },
  // Once slowed, even the right password and a fresh code are refused without being checked.
  { name: 'right password and code while slowed', attempt: () => t.graphql(SIGN_IN, { e: admin.email, p: PASSWORD, c: totpCodeAt(secret, now + 30_000) }), code: 'TOO_MANY_ATTEMPTS' },
];

describe('fault suite: sign-in abuse', { timeout: 120_000 }, () => {
  it(`refuses each of ${cases.length} abusive sign-ins with its own code, issuing no session`, async () => {
    for (const { name, arrange, attempt, code } of cases) {
      const arranged = arrange ? await arrange() : '';
      const before = await providerRowCounts(t.app.orm.em.fork(), [admin.providerId]);
      const result = await attempt(arranged);
      const after = await providerRowCounts(t.app.orm.em.fork(), [admin.providerId]);
      const wrote = Object.keys(after).filter((table) => after[table] !== before[table]);
      expect.soft({ name, code: result.errors?.[0]?.extensions?.code ?? 'no error', wrote }).toEqual({ name, code, wrote: [] });
    }
  });

  it('lets the admin in again once the wait is over, with a fresh code', async () => {
    now += 16 * 60_000;
    const result = await t.graphql<{ signInWithPassword: { token: string | null } }>(SIGN_IN, { e: admin.email, p: PASSWORD, c: totpCodeAt(secret, now) });
    expect(result.errors).toBeUndefined();
    expect(result.data!.signInWithPassword.token).toMatch(/^hw_/);
  });
});
