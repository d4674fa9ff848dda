import { dictionary } from '@zxcvbn-ts/language-common';
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Admin } from './admin.entity.js';
import { createSetupLink } from './setup-links.js';
import { totpCodeAt } from './totp.js';

interface SignIn {
  token: string | null;
  secondFactorRequired: boolean;
}

const PASSPHRASE = 'correct horse battery staple on a 🐎 ride';
const SIGN_IN = 'mutation($email: String!, $password: String!, $code: String) { signInWithPassword(email: $email, password: $password, code: $code) { token secondFactorRequired } }';
const SET_PASSWORD = 'mutation($current: String, $next: String!) { setPassword(currentPassword: $current, newPassword: $next) }';
const STATUS = '{ viewer { id hasPassword totpEnabled } }';

// The app's clock: tests move it instead of waiting.
let now = Date.now();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: () => now }, { clientAddress: ownLoopbackAddress() });
});
afterAll(() => t.stop());

const errorOf = (result: ExecutionResult<unknown>) => {
  const error = result.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, message: error?.message };
};
const signIn = (email: string, password: string, code?: string) => t.graphql<{ signInWithPassword: SignIn }>(SIGN_IN, { email, password, code });
const viewerOf = async (token: string) => (await t.graphql<{ viewer: { id: string; hasPassword: boolean; totpEnabled: boolean } }>(STATUS, {}, token)).data?.viewer;

/** An admin with PASSPHRASE as password. */
async function adminWithPassword() {
  const admin = await t.createAdmin();
  const set = await t.graphql(SET_PASSWORD, { next: PASSPHRASE }, admin.token);
  expect(set.errors).toBeUndefined();
  return admin;
}

/** Turns TOTP on as an authenticator app would; returns the secret and the recovery codes. */
async function enrolTotp(token: string) {
  const begun = await t.graphql<{ beginTotpEnrolment: { secret: string; otpauthUri: string; qrSvg: string } }>('mutation { beginTotpEnrolment { secret otpauthUri qrSvg } }', {}, token);
  const { secret } = begun.data!.beginTotpEnrolment;
  const confirmed = await t.graphql<{ confirmTotpEnrolment: string[] }>('mutation($code: String!) { confirmTotpEnrolment(code: $code) }', { code: totpCodeAt(secret, now) }, token);
  expect(confirmed.errors).toBeUndefined();
  return { ...begun.data!.beginTotpEnrolment, recoveryCodes: confirmed.data!.confirmTotpEnrolment };
}

describe('changing a password', () => {
  it("ends the admin's other browser sessions, keeps the one that changed it and the API tokens", async () => {
    const admin = await adminWithPassword();
    const elsewhere = (await signIn(admin.email, PASSPHRASE)).data!.signInWithPassword.token!;
    const here = (await signIn(admin.email, PASSPHRASE)).data!.signInWithPassword.token!;
    const next = 'a brand new passphrase after a leak';
    expect((await t.graphql(SET_PASSWORD, { current: PASSPHRASE, next }, here)).errors).toBeUndefined();

    expect(errorOf(await t.graphql(STATUS, {}, elsewhere)).code).toBe('UNAUTHENTICATED');
    expect(await viewerOf(here)).toMatchObject({ id: admin.adminId });
    expect(await viewerOf(admin.token)).toMatchObject({ id: admin.adminId });
    expect((await signIn(admin.email, next)).errors).toBeUndefined();
  });
});

describe('choosing a password', () => {
  it('refuses a short password, a common one and one containing the email name, saying why; accepts a long passphrase', async () => {
    const admin = await t.createAdmin();
    const common = (dictionary['passwords-common'] as string[]).find((password) => password.length >= 12)!;
    const localPart = admin.email.split('@')[0]!;
    const attempts = { 'short-one': /at least 12/, [common]: /most common/, [`my ${localPart} password!`]: /email/ };
    for (const [password, reason] of Object.entries(attempts)) {
      const result = await t.graphql(SET_PASSWORD, { next: password }, admin.token);
      expect(errorOf(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'password', message: expect.stringMatching(reason) });
    }
    expect(await viewerOf(admin.token)).toMatchObject({ hasPassword: false });

    expect((await t.graphql(SET_PASSWORD, { next: PASSPHRASE }, admin.token)).data).toEqual({ setPassword: true });
    expect(await viewerOf(admin.token)).toMatchObject({ hasPassword: true, totpEnabled: false });
  });

  it('asks for the current password to change one, and refuses a wrong one', async () => {
    const admin = await adminWithPassword();
    expect(errorOf(await t.graphql(SET_PASSWORD, { next: 'another long passphrase' }, admin.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect(errorOf(await t.graphql(SET_PASSWORD, { current: 'not the password', next: 'another long passphrase' }, admin.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect((await t.graphql(SET_PASSWORD, { current: PASSPHRASE, next: 'another long passphrase' }, admin.token)).data).toEqual({ setPassword: true });
    expect((await signIn(admin.email, 'another long passphrase')).data?.signInWithPassword.token).toEqual(expect.any(String));
  });
});

describe('signing in with a password', () => {
  it('gives a browser session token that signs in, without a second factor when none is enrolled', async () => {
    const admin = await adminWithPassword();
    const result = await signIn(admin.email.toUpperCase(), PASSPHRASE);
    expect(result.data?.signInWithPassword).toEqual({ token: expect.stringMatching(/^hw_/), secondFactorRequired: false });
    expect(await viewerOf(result.data!.signInWithPassword.token!)).toMatchObject({ id: admin.adminId });
    const tokens = await t.graphql<{ apiTokens: { kind: string }[] }>('{ apiTokens { kind } }', {}, admin.token);
    expect(tokens.data?.apiTokens.map((token) => token.kind)).toContain('BROWSER_SESSION');
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const admin = await adminWithPassword();
    const wrongPassword = errorOf(await signIn(admin.email, 'not the password at all'));
    const unknownEmail = errorOf(await signIn(`nobody-${admin.adminId}@example.com`, PASSPHRASE));
    expect(wrongPassword).toEqual({ code: 'UNAUTHENTICATED', field: undefined, message: 'Email or password is wrong' });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it('after 5 wrong passwords refuses even the right one with TOO_MANY_ATTEMPTS until the wait is over, the wait doubling', async () => {
    const admin = await adminWithPassword();
    for (let attempt = 0; attempt < 5; attempt++) expect(errorOf(await signIn(admin.email, 'a wrong guess!!')).code).toBe('UNAUTHENTICATED');

    const refused = await signIn(admin.email, PASSPHRASE);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 30 });
    now += 31_000;
    expect(errorOf(await signIn(admin.email, 'a wrong guess!!')).code).toBe('UNAUTHENTICATED');
    expect((await signIn(admin.email, PASSPHRASE)).errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 60 });
    now += 61_000;
    expect((await signIn(admin.email, PASSPHRASE)).data?.signInWithPassword.token).toEqual(expect.any(String));
    // A success starts the count over: one wrong guess is not throttled.
    expect(errorOf(await signIn(admin.email, 'a wrong guess!!')).code).toBe('UNAUTHENTICATED');
    expect((await signIn(admin.email, PASSPHRASE)).errors).toBeUndefined();
  });
});

describe('two-factor sign-in (TOTP)', () => {
  it('needs a code once enrolled; a right code works once, the same code again is refused', async () => {
    const admin = await adminWithPassword();
    const { otpauthUri, qrSvg, secret } = await enrolTotp(admin.token);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(qrSvg).toMatch(/^<svg/);
    expect(await viewerOf(admin.token)).toMatchObject({ totpEnabled: true });

    expect((await signIn(admin.email, PASSPHRASE)).data?.signInWithPassword).toEqual({ token: null, secondFactorRequired: true });
    now += 30_000; // the enrolment used the current step's code
    const code = totpCodeAt(secret, now);
    const signedIn = await signIn(admin.email, PASSPHRASE, code);
    expect(await viewerOf(signedIn.data!.signInWithPassword.token!)).toMatchObject({ id: admin.adminId });
    expect(errorOf(await signIn(admin.email, PASSPHRASE, code))).toMatchObject({ code: 'UNAUTHENTICATED', field: 'code' });
    expect(errorOf(await signIn(admin.email, PASSPHRASE, '000000'))).toMatchObject({ code: 'UNAUTHENTICATED', field: 'code' });
  });

  it('accepts each of the 10 recovery codes once', async () => {
    const admin = await adminWithPassword();
    const { recoveryCodes } = await enrolTotp(admin.token);
    expect(new Set(recoveryCodes).size).toBe(10);
    const signedIn = await signIn(admin.email, PASSPHRASE, recoveryCodes[3]);
    expect(signedIn.data?.signInWithPassword.token).toEqual(expect.any(String));
    expect(errorOf(await signIn(admin.email, PASSPHRASE, recoveryCodes[3]))).toMatchObject({ code: 'UNAUTHENTICATED', field: 'code' });
    expect((await signIn(admin.email, PASSPHRASE, recoveryCodes[4]!.toLowerCase())).errors).toBeUndefined();
  });

  it('turns off with the password (not a wrong one), after which the password alone signs in', async () => {
    const admin = await adminWithPassword();
    await enrolTotp(admin.token);
    const DISABLE = 'mutation($p: String!) { disableTotp(password: $p) }';
    expect(errorOf(await t.graphql(DISABLE, { p: 'not the password' }, admin.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await t.graphql(DISABLE, { p: PASSPHRASE }, admin.token)).data).toEqual({ disableTotp: true });
    expect((await signIn(admin.email, PASSPHRASE)).data?.signInWithPassword).toEqual({ token: expect.any(String), secondFactorRequired: false });
  });

  it('records the changes in the audit log without the password, the secret or the codes', async () => {
    const admin = await adminWithPassword();
    const { secret, recoveryCodes } = await enrolTotp(admin.token);
    await signIn(admin.email, PASSPHRASE, recoveryCodes[0]);
    await t.graphql('mutation($p: String!) { disableTotp(password: $p) }', { p: PASSPHRASE }, admin.token);
    const rows = await t.app.orm.em.fork().execute<{ action: string; details: unknown }[]>('select action, details from audit_entries where provider_id = ? order by created_at', [admin.providerId]);
    expect(rows.map((row) => row.action)).toEqual(['auth.password_set', 'auth.totp_enrolled', 'auth.recovery_code_used', 'auth.totp_disabled']);
    const written = JSON.stringify(rows);
    for (const secretValue of [PASSPHRASE, secret, ...recoveryCodes]) expect(written).not.toContain(secretValue);
  });
});

describe('setup links', () => {
  const REDEEM = 'mutation($token: String!, $password: String!) { redeemSetupLink(token: $token, password: $password) { token secondFactorRequired } }';
  const linkFor = async (adminId: string) => {
    const em = t.app.orm.em.fork();
    return createSetupLink(em, await em.findOneOrFail(Admin, { id: adminId }, { filters: false }), now);
  };

  it('sets the password and signs in once; the same link is then refused', async () => {
    const admin = await t.createAdmin();
    const token = await linkFor(admin.adminId);
    const redeemed = await t.graphql<{ redeemSetupLink: SignIn }>(REDEEM, { token, password: PASSPHRASE });
    expect(await viewerOf(redeemed.data!.redeemSetupLink.token!)).toMatchObject({ id: admin.adminId, hasPassword: true });
    expect((await signIn(admin.email, PASSPHRASE)).errors).toBeUndefined();

    const again = errorOf(await t.graphql(REDEEM, { token, password: 'yet another passphrase' }));
    expect(again).toEqual({ code: 'BAD_USER_INPUT', field: 'token', message: expect.stringMatching(/already used/) });
    expect(errorOf(await signIn(admin.email, 'yet another passphrase')).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown or expired link, and a weak password without using the link up', async () => {
    const admin = await t.createAdmin();
    expect(errorOf(await t.graphql(REDEEM, { token: 'hw_nope', password: PASSPHRASE }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', message: expect.stringMatching(/not known/) });
    const token = await linkFor(admin.adminId);
    expect(errorOf(await t.graphql(REDEEM, { token, password: 'short' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    now += 24 * 60 * 60 * 1000 + 1;
    expect(errorOf(await t.graphql(REDEEM, { token, password: PASSPHRASE }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', message: expect.stringMatching(/expired/) });
  });
});
