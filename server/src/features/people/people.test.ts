import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Role } from '../auth/roles.js';
import { totpCodeAt } from '../auth/totp.js';

const PASSPHRASE = 'correct horse battery staple on a 🐎 ride';
const APP_URL = 'https://highwater.example.com';
const PERSON = 'id email roles active deactivatedAt hasPassword totpEnabled lastSignInAt createdAt';
const PEOPLE = `{ people { ${PERSON} tokens { id kind name createdAt lastUsedAt expiresAt } } }`;
const INVITE = `mutation($email: String!, $roles: [Role!]!, $appUrl: String!) { inviteAdmin(email: $email, roles: $roles, appUrl: $appUrl) { setupLink expiresAt person { ${PERSON} } } }`;
const NEW_LINK = 'mutation($id: ID!, $appUrl: String!) { newSetupLink(adminId: $id, appUrl: $appUrl) { setupLink expiresAt } }';
const SET_ROLES = 'mutation($id: ID!, $roles: [Role!]!) { setAdminRoles(adminId: $id, roles: $roles) { id roles } }';
const DEACTIVATE = 'mutation($id: ID!) { deactivateAdmin(adminId: $id) { id active deactivatedAt } }';
const REACTIVATE = 'mutation($id: ID!) { reactivateAdmin(adminId: $id) { id active } }';
const RESET_2FA = 'mutation($id: ID!) { resetAdminTwoFactor(adminId: $id) { id totpEnabled } }';
const REVOKE = 'mutation($id: ID!) { revokeAdminToken(tokenId: $id) { id revokedAt } }';
const REDEEM = 'mutation($token: String!, $password: String!) { redeemSetupLink(token: $token, password: $password) { token secondFactorRequired } }';
const SIGN_IN = 'mutation($email: String!, $password: String!, $code: String) { signInWithPassword(email: $email, password: $password, code: $code) { token secondFactorRequired } }';
const VIEWER = '{ viewer { id email roles } }';
const AUDIT = '{ auditLog(first: 50) { nodes { action details } } }';

interface PersonData {
  id: string;
  email: string;
  roles: string[];
  active: boolean;
  hasPassword: boolean;
  totpEnabled: boolean;
  lastSignInAt: string | null;
  tokens?: { id: string; kind: string; name: string; expiresAt: string | null }[];
}
interface Issued {
  setupLink: string;
  expiresAt: string;
  person: PersonData;
}

const now = Date.now();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: () => now }, { clientAddress: ownLoopbackAddress() });
});
afterAll(() => t.stop());

const errorOf = (result: ExecutionResult<unknown>) => {
  const error = result.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, reason: error?.extensions?.reason, message: error?.message };
};
const ok = <T>(result: ExecutionResult<T>): T => {
  expect(result.errors).toBeUndefined();
  return result.data!;
};
const tokenOf = (setupLink: string) => setupLink.split('#')[1]!;

async function invite(inviterToken: string, roles: Role[], email = `person-${Math.random().toString(36).slice(2)}@example.com`) {
  return ok(await t.graphql<{ inviteAdmin: Issued }>(INVITE, { email, roles: roles.map((role) => role.toUpperCase()), appUrl: APP_URL }, inviterToken)).inviteAdmin;
}

/** An invited admin who used their link: their browser session token. */
async function invitedAndSignedIn(inviterToken: string, roles: Role[]) {
  const issued = await invite(inviterToken, roles);
  const redeemed = ok(await t.graphql<{ redeemSetupLink: { token: string } }>(REDEEM, { token: tokenOf(issued.setupLink), password: PASSPHRASE }));
  return { id: issued.person.id, email: issued.person.email, token: redeemed.redeemSetupLink.token };
}

async function people(token: string): Promise<PersonData[]> {
  return ok(await t.graphql<{ people: PersonData[] }>(PEOPLE, {}, token)).people;
}

describe('inviting an admin', () => {
  it('creates an admin without a password and a one-time setup link that signs them in', async () => {
    const inviter = await t.createAdmin();
    const issued = await invite(inviter.token, [Role.BILLING], 'New.Person@Example.com ');
    expect(issued.setupLink).toMatch(new RegExp(`^${APP_URL}/setup#hw_`));
    expect(new Date(issued.expiresAt).getTime()).toBe(now + 24 * 60 * 60 * 1000);
    expect(issued.person).toMatchObject({ email: 'new.person@example.com', roles: ['BILLING'], active: true, hasPassword: false, totpEnabled: false, lastSignInAt: null });
    expect((await people(inviter.token)).map((person) => person.email)).toContain('new.person@example.com');

    const redeemed = ok(await t.graphql<{ redeemSetupLink: { token: string } }>(REDEEM, { token: tokenOf(issued.setupLink), password: PASSPHRASE }));
    expect(ok(await t.graphql<{ viewer: { email: string } }>(VIEWER, {}, redeemed.redeemSetupLink.token)).viewer.email).toBe('new.person@example.com');
    const signedIn = ok(await t.graphql<{ signInWithPassword: { token: string } }>(SIGN_IN, { email: 'new.person@example.com', password: PASSPHRASE }));
    expect(signedIn.signInWithPassword.token).toMatch(/^hw_/);
    const listed = (await people(inviter.token)).find((person) => person.id === issued.person.id)!;
    expect(listed).toMatchObject({ hasPassword: true, lastSignInAt: expect.any(String) });
  });

  it('refuses a taken email, a malformed one, no roles and a non-http app URL, naming the field', async () => {
    const inviter = await t.createAdmin();
    const other = await t.createAdmin();
    const attempt = (email: string, roles: string[], appUrl = APP_URL) => t.graphql(INVITE, { email, roles, appUrl }, inviter.token);
    expect(errorOf(await attempt(inviter.email, ['ADMIN']))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email', message: expect.stringMatching(/already/) });
    expect(errorOf(await attempt(other.email.toUpperCase(), ['ADMIN']))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(errorOf(await attempt('not-an-email', ['ADMIN']))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(errorOf(await attempt('someone@example.com', []))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
    expect(errorOf(await attempt('someone@example.com', ['ADMIN'], 'javascript:alert(1)'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'appUrl' });
  });

  it('gives a fresh link on request, and the earlier unused one stops working', async () => {
    const inviter = await t.createAdmin();
    const first = await invite(inviter.token, [Role.ADMIN]);
    const second = ok(await t.graphql<{ newSetupLink: { setupLink: string } }>(NEW_LINK, { id: first.person.id, appUrl: APP_URL }, inviter.token)).newSetupLink;
    expect(second.setupLink).not.toBe(first.setupLink);
    expect(errorOf(await t.graphql(REDEEM, { token: tokenOf(first.setupLink), password: PASSPHRASE }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    ok(await t.graphql(REDEEM, { token: tokenOf(second.setupLink), password: PASSPHRASE }));
  });
});

describe('roles', () => {
  it('count from the next request', async () => {
    const owner = await t.createAdmin();
    const person = await invitedAndSignedIn(owner.token, [Role.ADMIN, Role.BILLING]);
    await people(person.token);
    ok(await t.graphql(SET_ROLES, { id: person.id, roles: ['BILLING'] }, owner.token));
    expect(errorOf(await t.graphql(PEOPLE, {}, person.token))).toMatchObject({ code: 'FORBIDDEN' });
    ok(await t.graphql(SET_ROLES, { id: person.id, roles: ['ADMIN'] }, owner.token));
    await people(person.token);
  });

  it('BILLING alone may not see or change people', async () => {
    const owner = await t.createAdmin();
    const billing = await invitedAndSignedIn(owner.token, [Role.BILLING]);
    expect(errorOf(await t.graphql(PEOPLE, {}, billing.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.graphql(INVITE, { email: 'x@example.com', roles: ['ADMIN'], appUrl: APP_URL }, billing.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.graphql(SET_ROLES, { id: billing.id, roles: ['ADMIN'] }, billing.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.graphql(DEACTIVATE, { id: owner.adminId }, billing.token))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("another provider's admins and tokens are not found", async () => {
    const mine = await t.createAdmin();
    const theirs = await t.createAdmin();
    const theirTokenId = (await people(theirs.token))[0]!.tokens![0]!.id;
    for (const [query, variables] of [
      [SET_ROLES, { id: theirs.adminId, roles: ['BILLING'] }],
      [DEACTIVATE, { id: theirs.adminId }],
      [REACTIVATE, { id: theirs.adminId }],
      [RESET_2FA, { id: theirs.adminId }],
      [NEW_LINK, { id: theirs.adminId, appUrl: APP_URL }],
      [REVOKE, { id: theirTokenId }],
    ] as const) {
      expect(errorOf(await t.graphql(query, variables, mine.token))).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await people(mine.token)).map((person) => person.id)).toEqual([mine.adminId]);
    await people(theirs.token);
  });
});

describe('deactivating', () => {
  it('ends their sessions and tokens at once and refuses their sign-in until reactivated', async () => {
    const owner = await t.createAdmin();
    const person = await invitedAndSignedIn(owner.token, [Role.BILLING]);
    const signedIn = ok(await t.graphql<{ signInWithPassword: { token: string } }>(SIGN_IN, { email: person.email, password: PASSPHRASE })).signInWithPassword.token;
    ok(await t.graphql(VIEWER, {}, signedIn));

    expect(ok(await t.graphql<{ deactivateAdmin: { active: boolean } }>(DEACTIVATE, { id: person.id }, owner.token)).deactivateAdmin.active).toBe(false);
    for (const token of [person.token, signedIn]) {
      expect(errorOf(await t.graphql(VIEWER, {}, token))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/deactivated/) });
    }
    expect(errorOf(await t.graphql(SIGN_IN, { email: person.email, password: PASSPHRASE }))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/deactivated/) });
    expect(errorOf(await t.graphql(NEW_LINK, { id: person.id, appUrl: APP_URL }, owner.token))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await people(owner.token)).find((p) => p.id === person.id)).toMatchObject({ active: false, tokens: [] });

    ok(await t.graphql(REACTIVATE, { id: person.id }, owner.token));
    const again = ok(await t.graphql<{ signInWithPassword: { token: string } }>(SIGN_IN, { email: person.email, password: PASSPHRASE })).signInWithPassword.token;
    ok(await t.graphql(VIEWER, {}, again));
    // Reactivating does not bring the old tokens back.
    expect(errorOf(await t.graphql(VIEWER, {}, signedIn))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('the last active ADMIN', () => {
  it('cannot lose the ADMIN role or be deactivated', async () => {
    const owner = await t.createAdmin({ roles: [Role.ADMIN] });
    const billing = await invitedAndSignedIn(owner.token, [Role.BILLING]);
    for (const [query, variables] of [
      [SET_ROLES, { id: owner.adminId, roles: ['BILLING'] }],
      [DEACTIVATE, { id: owner.adminId }],
    ] as const) {
      expect(errorOf(await t.graphql(query, variables, owner.token))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LAST_ADMIN', message: expect.stringMatching(/last active admin/) });
    }
    // A deactivated ADMIN does not count.
    const second = await invite(owner.token, [Role.ADMIN]);
    ok(await t.graphql(DEACTIVATE, { id: second.person.id }, owner.token));
    expect(errorOf(await t.graphql(DEACTIVATE, { id: owner.adminId }, owner.token))).toMatchObject({ reason: 'LAST_ADMIN' });
    // With another active ADMIN it may go.
    ok(await t.graphql(SET_ROLES, { id: billing.id, roles: ['ADMIN', 'BILLING'] }, owner.token));
    ok(await t.graphql(SET_ROLES, { id: owner.adminId, roles: ['BILLING'] }, owner.token));
  });

  it('holds when two ADMINs each give up the role at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await t.createAdmin({ roles: [Role.ADMIN] });
      const b = await invitedAndSignedIn(a.token, [Role.ADMIN]);
      const results = await Promise.all([
        t.graphql(SET_ROLES, { id: a.adminId, roles: ['BILLING'] }, a.token),
        t.graphql(SET_ROLES, { id: b.id, roles: ['BILLING'] }, b.token),
      ]);
      expect(results.filter((result) => !result.errors)).toHaveLength(1);
      expect(errorOf(results.find((result) => result.errors)!)).toMatchObject({ reason: 'LAST_ADMIN' });
      const stillAdmin = results[0]!.errors ? a.token : b.token;
      expect((await people(stillAdmin)).filter((person) => person.active && person.roles.includes('ADMIN'))).toHaveLength(1);
    }
  });

  it('holds when two ADMINs deactivate each other at the same moment', async () => {
    const a = await t.createAdmin({ roles: [Role.ADMIN] });
    const b = await invitedAndSignedIn(a.token, [Role.ADMIN]);
    const results = await Promise.all([t.graphql(DEACTIVATE, { id: b.id }, a.token), t.graphql(DEACTIVATE, { id: a.adminId }, b.token)]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    const survivor = results[0]!.errors ? b.token : a.token;
    expect((await people(survivor)).filter((person) => person.active)).toHaveLength(1);
  });
});

describe('two-factor reset and tokens', () => {
  it('turns off their second factor, so they sign in with the password alone', async () => {
    const owner = await t.createAdmin();
    const person = await invitedAndSignedIn(owner.token, [Role.BILLING]);
    const begun = ok(await t.graphql<{ beginTotpEnrolment: { secret: string } }>('mutation { beginTotpEnrolment { secret } }', {}, person.token));
    ok(await t.graphql('mutation($code: String!) { confirmTotpEnrolment(code: $code) }', { code: totpCodeAt(begun.beginTotpEnrolment.secret, now) }, person.token));
    expect(ok(await t.graphql<{ signInWithPassword: { secondFactorRequired: boolean } }>(SIGN_IN, { email: person.email, password: PASSPHRASE })).signInWithPassword.secondFactorRequired).toBe(true);

    expect(ok(await t.graphql<{ resetAdminTwoFactor: { totpEnabled: boolean } }>(RESET_2FA, { id: person.id }, owner.token)).resetAdminTwoFactor.totpEnabled).toBe(false);
    expect(ok(await t.graphql<{ signInWithPassword: { token: string } }>(SIGN_IN, { email: person.email, password: PASSPHRASE })).signInWithPassword.token).toMatch(/^hw_/);
  });

  it("lists someone's sessions and tokens with their expiry, and revokes one", async () => {
    const owner = await t.createAdmin();
    const person = await invitedAndSignedIn(owner.token, [Role.BILLING]);
    ok(await t.graphql('mutation { createApiToken(name: "script") { token } }', {}, person.token));
    const tokens = (await people(owner.token)).find((p) => p.id === person.id)!.tokens!;
    // Newest first; the session and the token may share a millisecond.
    expect(tokens).toHaveLength(2);
    expect(tokens).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'API', name: 'script', expiresAt: null }),
        expect.objectContaining({ kind: 'BROWSER_SESSION', expiresAt: expect.any(String) }),
      ]),
    );
    const session = tokens.find((token) => token.kind === 'BROWSER_SESSION')!;
    expect(ok(await t.graphql<{ revokeAdminToken: { revokedAt: string } }>(REVOKE, { id: session.id }, owner.token)).revokeAdminToken.revokedAt).toEqual(expect.any(String));
    expect(errorOf(await t.graphql(VIEWER, {}, person.token))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await people(owner.token)).find((p) => p.id === person.id)!.tokens!.map((token) => token.name)).toEqual(['script']);
  });
});

describe('the audit log', () => {
  it('records every change, without links or tokens', async () => {
    const owner = await t.createAdmin();
    const person = await invitedAndSignedIn(owner.token, [Role.BILLING]);
    const issued = ok(await t.graphql<{ newSetupLink: { setupLink: string } }>(NEW_LINK, { id: person.id, appUrl: APP_URL }, owner.token)).newSetupLink;
    ok(await t.graphql(SET_ROLES, { id: person.id, roles: ['ADMIN'] }, owner.token));
    ok(await t.graphql(RESET_2FA, { id: person.id }, owner.token));
    const tokenId = (await people(owner.token)).find((p) => p.id === person.id)!.tokens![0]!.id;
    ok(await t.graphql(REVOKE, { id: tokenId }, owner.token));
    ok(await t.graphql(DEACTIVATE, { id: person.id }, owner.token));
    ok(await t.graphql(REACTIVATE, { id: person.id }, owner.token));

    const log = ok(await t.graphql<{ auditLog: { nodes: { action: string; details: Record<string, unknown> }[] } }>(AUDIT, {}, owner.token)).auditLog.nodes;
    const ours = log.filter((entry) => entry.action.startsWith('admin.')).map((entry) => entry.action);
    expect(ours).toEqual(['admin.reactivated', 'admin.deactivated', 'admin.token-revoked', 'admin.two-factor-reset', 'admin.roles-set', 'admin.setup-link-issued', 'admin.invited']);
    expect(log.find((entry) => entry.action === 'admin.roles-set')!.details).toMatchObject({ adminId: person.id, roles: ['admin'], previousRoles: ['billing'] });
    const text = JSON.stringify(log);
    expect(text).not.toContain(tokenOf(issued.setupLink));
    expect(text).not.toContain('/setup#');
  });
});
