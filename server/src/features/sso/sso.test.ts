import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../../test-support/oidc-idp.js';
import { TestBrowser, type Page } from '../../../test-support/test-browser.js';
import { ownLoopbackAddress, startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { AuditEntry } from '../audit/audit.entity.js';
import { Admin } from '../auth/admin.entity.js';
import { AuthService } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { SsoSettings } from './sso-settings.entity.js';

let t: TestApp;
let idp: TestIdentityProvider;
beforeAll(async () => {
  // Password sign-ins from an address of this file's own: other files' failures from 127.0.0.1 (the fuzz
  // suite's) must not slow these down.
  t = await startTestApp({}, { clientAddress: ownLoopbackAddress() });
  idp = await startTestIdentityProvider({ redirectUris: [`${t.url}/auth/sso/callback`] });
});
afterAll(async () => {
  await idp?.stop();
  await t?.stop();
});

const SAVE = `mutation Save($input: SingleSignOnInput!) {
  saveSingleSignOn(input: $input) { issuerUrl clientId allowedDomains ssoOnly }
}`;
const codeOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;
const fieldOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.field;

/** A provider of its own, with its own email domain (a domain signs in to one provider). */
async function newProvider(roles = [Role.BILLING, Role.ADMIN]) {
  const domain = `msp-${randomBytes(4).toString('hex')}.example`;
  const email = `owner@${domain}`;
  const { provider, admin, token } = await new AuthService(t.app.orm.em.fork()).createProviderAdmin({ providerName: `SSO ${domain}`, email, roles });
  return { domain, email, token, providerId: provider.id, adminId: admin.id };
}

function saveSso(token: string, input: Partial<{ issuerUrl: string; clientId: string; clientSecret: string | null; allowedDomains: string[]; ssoOnly: boolean }>) {
  return t.graphql(SAVE, { input: { issuerUrl: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedDomains: [], ssoOnly: false, ...input } }, token);
}

async function providerWithSso() {
  const provider = await newProvider();
  const saved = await saveSso(provider.token, { allowedDomains: [provider.domain] });
  expect(saved.errors).toBeUndefined();
  return provider;
}

/** Starts at the app, signs in at the identity provider as `idpEmail`, and returns where the browser lands. */
async function signInWithSso(browser: TestBrowser, email: string, idpEmail = email): Promise<Page> {
  const idpPage = await browser.open(`${t.url}/auth/sso/start?email=${encodeURIComponent(email)}`);
  if (idpPage.url.origin !== idp.issuer) return idpPage;
  expect(idpPage.body).toContain('Test identity provider');
  return browser.submit(new URL(idpPage.url.pathname + '/login', idp.issuer).href, { email: idpEmail });
}

/** The viewer as the admin app asks for it: the session cookie, from our own origin. */
async function viewerOf(browser: TestBrowser) {
  const session = browser.cookies(t.url).get('hw_session');
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.url, ...(session ? { cookie: `hw_session=${session}` } : {}) },
    body: JSON.stringify({ query: '{ viewer { id email } }' }),
  });
  return (await response.json()) as { data?: { viewer: { id: string; email: string } | null }; errors?: { extensions?: { code?: string } }[] };
}

const ssoErrorOf = (page: Page) => page.url.searchParams.get('sso_error');

describe('setting up single sign-on', () => {
  it('saves the issuer, client id and domains after discovery, and never returns the secret', async () => {
    const { token, domain, providerId } = await newProvider();
    const saved = await saveSso(token, { allowedDomains: [` ${domain.toUpperCase()} `, `@${domain}`] });
    expect(saved.errors).toBeUndefined();
    expect(saved.data).toEqual({ saveSingleSignOn: { issuerUrl: idp.issuer, clientId: idp.clientId, allowedDomains: [domain], ssoOnly: false } });

    const read = await t.graphql<{ singleSignOn: Record<string, unknown>; singleSignOnRedirectUri: string }>('{ singleSignOn { issuerUrl allowedDomains } singleSignOnRedirectUri }', {}, token);
    expect(read.data).toEqual({ singleSignOn: { issuerUrl: idp.issuer, allowedDomains: [domain] }, singleSignOnRedirectUri: `${t.url}/auth/sso/callback` });
    const schemaFields = await t.graphql<{ __type: { fields: { name: string }[] } }>('{ __type(name: "SingleSignOn") { fields { name } } }', {}, token);
    expect(schemaFields.data?.__type.fields.map((field) => field.name).filter((name) => /secret/i.test(name))).toEqual([]);
    const row = await t.app.orm.em.fork().findOneOrFail(SsoSettings, { provider: providerId }, { filters: false });
    expect(row.clientSecretSealed).not.toContain(idp.clientSecret);
    expect(row.clientSecretSealed).toMatch(/^v1:/);
  });

  it('keeps the saved secret when an update leaves it out', async () => {
    const { token, domain } = await providerWithSso();
    const updated = await saveSso(token, { clientSecret: null, allowedDomains: [domain, `other-${domain}`] });
    expect(updated.errors).toBeUndefined();
    const { email } = await inviteWithEmail(token, `someone@other-${domain}`);
    idp.addPerson(email);
    expect(ssoErrorOf(await signInWithSso(new TestBrowser(), email))).toBeNull();
  });

  it.each([
    ['an issuer over plain http on the network', { issuerUrl: 'http://idp.example.com' }, 'BAD_USER_INPUT', 'issuerUrl'],
    ["Entra ID's shared tenant", { issuerUrl: 'https://login.microsoftonline.com/common/v2.0' }, 'BAD_USER_INPUT', 'issuerUrl'],
    ['no domain', { allowedDomains: [] }, 'BAD_USER_INPUT', 'allowedDomains'],
    ['a domain that is not one', { allowedDomains: ['not a domain'] }, 'BAD_USER_INPUT', 'allowedDomains'],
    ['no secret the first time', { clientSecret: '' }, 'BAD_USER_INPUT', 'clientSecret'],
    ['an issuer that is not an OpenID Connect provider', { issuerUrl: 'http://127.0.0.1:9' }, 'OIDC_DISCOVERY_FAILED', 'issuerUrl'],
  ])('refuses %s, saving nothing', async (_case, input, code, field) => {
    const { token, domain, providerId } = await newProvider();
    const result = await saveSso(token, { allowedDomains: [domain], ...input });
    expect(codeOf(result)).toBe(code);
    expect(fieldOf(result)).toBe(field);
    expect(await t.app.orm.em.fork().count(SsoSettings, { provider: providerId }, { filters: false })).toBe(0);
  });

  it("refuses a domain another provider signs in with (CONFLICT)", async () => {
    const first = await providerWithSso();
    const second = await newProvider();
    const result = await saveSso(second.token, { allowedDomains: [second.domain, first.domain] });
    expect(codeOf(result)).toBe('CONFLICT');
    expect(fieldOf(result)).toBe('allowedDomains');
  });

  it('is for the ADMIN role only', async () => {
    const { token, domain } = await newProvider([Role.BILLING]);
    expect(codeOf(await saveSso(token, { allowedDomains: [domain] }))).toBe('FORBIDDEN');
    expect(codeOf(await t.graphql('{ singleSignOn { issuerUrl } }', {}, token))).toBe('FORBIDDEN');
  });
});

async function inviteWithEmail(token: string, email: string, roles = ['BILLING']) {
  const invited = await t.graphql<{ inviteAdmin: { setupLink: string; person: { id: string } } }>(
    'mutation Invite($email: String!, $roles: [Role!]!, $appUrl: String!) { inviteAdmin(email: $email, roles: $roles, appUrl: $appUrl) { setupLink person { id } } }',
    { email, roles, appUrl: t.url },
    token,
  );
  expect(invited.errors).toBeUndefined();
  return { email, adminId: invited.data!.inviteAdmin.person.id, setupToken: invited.data!.inviteAdmin.setupLink.split('#')[1]! };
}

describe('signing in with single sign-on', () => {
  it('signs an invited admin in with a session cookie, links their subject and audits it', async () => {
    const { token, domain } = await providerWithSso();
    const { email, adminId } = await inviteWithEmail(token, `tech@${domain}`);
    const person = idp.addPerson(email);
    const browser = new TestBrowser();

    const landed = await signInWithSso(browser, email);
    expect(landed.url.origin + landed.url.pathname).toBe(`${t.url}/login`);
    expect(landed.url.searchParams.get('signed-in')).toBe('sso');
    expect((await viewerOf(browser)).data?.viewer).toEqual({ id: adminId, email });

    const em = t.app.orm.em.fork();
    expect((await em.findOneOrFail(Admin, { id: adminId }, { filters: false })).ssoSubject).toBe(`${idp.issuer} ${person.sub}`);
    const actions = (await em.find(AuditEntry, { actor: adminId }, { filters: false })).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.sso_linked', 'auth.sso_sign_in']));
  });

  it('comes back to the page the admin asked for', async () => {
    const { token, domain } = await providerWithSso();
    const { email } = await inviteWithEmail(token, `deep-link@${domain}`);
    idp.addPerson(email);
    const browser = new TestBrowser();
    const idpPage = await browser.open(`${t.url}/auth/sso/start?email=${email}&redirect=${encodeURIComponent('/sync?tab=history')}`);
    const landed = await browser.submit(`${idp.issuer}${idpPage.url.pathname}/login`, { email });
    expect(landed.url.searchParams.get('redirect')).toBe('/sync?tab=history');
  });

  it('says when no provider signs in the email domain with single sign-on', async () => {
    const page = await new TestBrowser().open(`${t.url}/auth/sso/start?email=someone@${randomBytes(4).toString('hex')}.example`);
    expect(ssoErrorOf(page)).toBe('SSO_NOT_CONFIGURED');
  });

  it.each([
    ['someone the provider never invited', 'SSO_NOT_INVITED', (domain: string) => ({ email: `stranger@${domain}` })],
    ['an address the identity provider has not verified', 'SSO_EMAIL_REFUSED', (domain: string) => ({ email: `unverified@${domain}`, emailVerified: false })],
    ['an address outside the allowed domains', 'SSO_EMAIL_REFUSED', () => ({ email: `someone@elsewhere-${randomBytes(3).toString('hex')}.example` })],
  ])('refuses %s, starting no session', async (_case, code, identity) => {
    const { token, domain } = await providerWithSso();
    const { email: invitedEmail } = await inviteWithEmail(token, `invited-${randomBytes(3).toString('hex')}@${domain}`);
    const { email, emailVerified } = identity(domain) as { email: string; emailVerified?: boolean };
    if (email.startsWith('unverified')) await inviteWithEmail(token, email);
    idp.addPerson(email, { emailVerified });
    const browser = new TestBrowser();
    // Typed at our sign-in page as the invited address; the identity provider decides who it is.
    expect(ssoErrorOf(await signInWithSso(browser, invitedEmail, email))).toBe(code);
    expect(browser.cookies(t.url).has('hw_session')).toBe(false);
  });

  it('refuses another person at the identity provider under a linked email', async () => {
    const { token, domain } = await providerWithSso();
    const { email } = await inviteWithEmail(token, `reused@${domain}`);
    idp.addPerson(email);
    expect(ssoErrorOf(await signInWithSso(new TestBrowser(), email))).toBeNull();
    idp.addPerson(email, { sub: 'a-new-person' });
    expect(ssoErrorOf(await signInWithSso(new TestBrowser(), email))).toBe('SSO_SUBJECT_MISMATCH');
  });

  it('refuses a deactivated admin', async () => {
    const { token, domain } = await providerWithSso();
    const { email, adminId } = await inviteWithEmail(token, `leaver@${domain}`);
    idp.addPerson(email);
    expect((await t.graphql('mutation($id: ID!) { deactivateAdmin(adminId: $id) { id } }', { id: adminId }, token)).errors).toBeUndefined();
    expect(ssoErrorOf(await signInWithSso(new TestBrowser(), email))).toBe('UNAUTHENTICATED');
  });

  it('says so when the person cancels at the identity provider', async () => {
    const { token, domain } = await providerWithSso();
    const { email } = await inviteWithEmail(token, `cancels@${domain}`);
    const browser = new TestBrowser();
    const idpPage = await browser.open(`${t.url}/auth/sso/start?email=${email}`);
    const landed = await browser.submit(`${idp.issuer}${idpPage.url.pathname}/cancel`, {});
    expect(ssoErrorOf(landed)).toBe('SSO_FAILED');
    expect(browser.cookies(t.url).has('hw_session')).toBe(false);
  });

  it('refuses an answer that comes to another browser, or comes twice', async () => {
    const { token, domain } = await providerWithSso();
    const { email } = await inviteWithEmail(token, `victim@${domain}`);
    idp.addPerson(email);
    const attacker = new TestBrowser();
    const idpPage = await attacker.open(`${t.url}/auth/sso/start?email=${email}`);
    // Catch the callback URL instead of following it, as an attacker luring a victim to it would.
    const resume = await fetch(`${idp.issuer}${idpPage.url.pathname}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...attacker.cookies(idp.issuer)].map(([name, value]) => `${name}=${value}`).join('; ') },
      body: new URLSearchParams({ email }).toString(),
      redirect: 'manual',
    });
    const authResume = await fetch(new URL(resume.headers.get('location')!, idp.issuer), {
      headers: { cookie: [...attacker.cookies(idp.issuer)].map(([name, value]) => `${name}=${value}`).join('; ') },
      redirect: 'manual',
    });
    const callbackUrl = authResume.headers.get('location')!;
    expect(callbackUrl).toContain('/auth/sso/callback?');

    const victim = new TestBrowser();
    expect(ssoErrorOf(await victim.open(callbackUrl))).toBe('SSO_EXPIRED');
    expect(victim.cookies(t.url).has('hw_session')).toBe(false);
    // The attacker's own browser, with the pending cookie, can use it once…
    expect((await attacker.open(callbackUrl)).url.searchParams.get('signed-in')).toBe('sso');
    // …and not again: the cookie is gone, and the code was spent.
    attacker.cookies(t.url).delete('hw_session');
    expect(ssoErrorOf(await attacker.open(callbackUrl))).toBe('SSO_EXPIRED');
  });
});

describe('SSO only', () => {
  const PASSWORD = 'single sign-on will replace this password';
  const SIGN_IN = 'mutation($email: String!, $password: String!) { signInWithPassword(email: $email, password: $password) { secondFactorRequired } }';

  it('is turned on only by an admin who signed in with single sign-on', async () => {
    const { token, domain } = await providerWithSso();
    const result = await saveSso(token, { clientSecret: null, allowedDomains: [domain], ssoOnly: true });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(fieldOf(result)).toBe('ssoOnly');
  });

  it('refuses passwords and setup links (SSO_REQUIRED) while API tokens go on working; removing it lets passwords back', async () => {
    const { token, domain } = await providerWithSso();
    // An ADMIN who signs in with single sign-on, and so may turn passwords off.
    const { email: ssoAdmin } = await inviteWithEmail(token, `sso-admin@${domain}`, ['ADMIN']);
    idp.addPerson(ssoAdmin);
    const browser = new TestBrowser();
    expect(ssoErrorOf(await signInWithSso(browser, ssoAdmin))).toBeNull();
    const asBrowser = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: t.url, cookie: `hw_session=${browser.cookies(t.url).get('hw_session')}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    };
    const { email: passwordAdmin, setupToken } = await inviteWithEmail(token, `password-admin@${domain}`);
    const { setupToken: unusedLink } = await inviteWithEmail(token, `late@${domain}`);
    const redeem = 'mutation($token: String!, $password: String!) { redeemSetupLink(token: $token, password: $password) { secondFactorRequired } }';
    expect((await t.graphql(redeem, { token: setupToken, password: PASSWORD })).errors).toBeUndefined();

    const on = await asBrowser(SAVE, { input: { issuerUrl: idp.issuer, clientId: idp.clientId, allowedDomains: [domain], ssoOnly: true } });
    expect(on.errors).toBeUndefined();
    expect(codeOf(await t.graphql(SIGN_IN, { email: passwordAdmin, password: PASSWORD }))).toBe('SSO_REQUIRED');
    expect(codeOf(await t.graphql(SIGN_IN, { email: passwordAdmin, password: 'a wrong password, told as before' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.graphql(redeem, { token: unusedLink, password: PASSWORD }))).toBe('SSO_REQUIRED');
    expect((await t.graphql('{ viewer { id } }', {}, token)).errors).toBeUndefined();

    // Another identity provider, with passwords still off: refused until someone signed in through it.
    const other = await startTestIdentityProvider({ redirectUris: [`${t.url}/auth/sso/callback`] });
    try {
      const moved = await asBrowser(SAVE, { input: { issuerUrl: other.issuer, clientId: other.clientId, clientSecret: other.clientSecret, allowedDomains: [domain], ssoOnly: true } });
      expect(codeOf(moved)).toBe('BAD_USER_INPUT');
      expect(fieldOf(moved)).toBe('ssoOnly');
    } finally {
      await other.stop();
    }

    expect((await t.graphql('mutation { removeSingleSignOn }', {}, token)).data).toEqual({ removeSingleSignOn: true });
    expect((await t.graphql(SIGN_IN, { email: passwordAdmin, password: PASSWORD })).errors).toBeUndefined();
    expect(ssoErrorOf(await signInWithSso(new TestBrowser(), ssoAdmin))).toBe('SSO_NOT_CONFIGURED');
  });
});
