import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPwnedPasswordsSimulator, type PwnedPasswordsSimulator } from '../../../test-support/pwned-passwords-sim.js';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Admin } from './admin.entity.js';
import { createSetupLink } from './setup-links.js';

const SET_PASSWORD = 'mutation($next: String!) { setPassword(newPassword: $next) }';
const REDEEM = 'mutation($token: String!, $password: String!) { redeemSetupLink(token: $token, password: $password) { token } }';
// Long, not among the common passwords, and known to the simulator only when a test says so.
const LEAKED = 'sunshine and rainbows forever';
const FRESH = 'a kettle of hawks over the 🏔 at dawn';

let sim: PwnedPasswordsSimulator;
let t: TestApp;
beforeAll(async () => {
  sim = await startPwnedPasswordsSimulator();
  sim.breach(LEAKED, 1_234);
  t = await startTestApp({ pwnedPasswords: { baseUrl: sim.url, timeoutMs: 500 } }, { clientAddress: ownLoopbackAddress() });
});
afterAll(async () => {
  await t.stop();
  await sim.stop();
});
beforeEach(() => {
  sim.failWith = undefined;
  sim.requests.length = 0;
});

const errorOf = (result: ExecutionResult<unknown>) => {
  const error = result.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, message: error?.message };
};
const hasPassword = async (token: string) => (await t.graphql<{ viewer: { hasPassword: boolean } }>('{ viewer { hasPassword } }', {}, token)).data?.viewer.hasPassword;

describe('breached passwords (Pwned Passwords)', () => {
  it('refuses a password known from breaches at the password field, saying how often it was seen; accepts a fresh one', async () => {
    const admin = await t.createAdmin();
    const refused = errorOf(await t.graphql(SET_PASSWORD, { next: LEAKED }, admin.token));
    expect(refused).toEqual({ code: 'BAD_USER_INPUT', field: 'password', message: 'this password has appeared 1,234 times in known data breaches; choose another' });
    expect(refused.message).not.toContain(LEAKED);
    expect(await hasPassword(admin.token)).toBe(false);

    expect((await t.graphql(SET_PASSWORD, { next: FRESH }, admin.token)).data).toEqual({ setPassword: true });
    expect(await hasPassword(admin.token)).toBe(true);
    // Only 5 hex characters of each password's hash were sent.
    expect(sim.requests.map((request) => request.path)).toEqual([expect.stringMatching(/^\/range\/[0-9A-F]{5}$/), expect.stringMatching(/^\/range\/[0-9A-F]{5}$/)]);
  });

  it('refuses a breached password on a setup link without using the link up', async () => {
    const admin = await t.createAdmin();
    const em = t.app.orm.em.fork();
    const token = await createSetupLink(em, await em.findOneOrFail(Admin, { id: admin.adminId }, { filters: false }));
    expect(errorOf(await t.graphql(REDEEM, { token, password: LEAKED }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', message: expect.stringMatching(/1,234 times in known data breaches/) });
    expect((await t.graphql(REDEEM, { token, password: FRESH })).errors).toBeUndefined();
  });

  it('lets the password through on the other rules when Pwned Passwords is down (fails open)', async () => {
    const admin = await t.createAdmin();
    sim.failWith = 503;
    expect((await t.graphql(SET_PASSWORD, { next: LEAKED }, admin.token)).data).toEqual({ setPassword: true });
    expect(sim.requests).toHaveLength(1);
  });
});
