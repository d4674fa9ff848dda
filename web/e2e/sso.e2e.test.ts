/**
 * Single sign-on in Chromium against the real server and a real OpenID Connect provider (oidc-provider,
 * run by the e2e server): an ADMIN sets it up on the Single sign-on screen; an invited Billing admin, in a
 * browser of their own, signs in at the identity provider and lands in the app with the HttpOnly session
 * cookie; someone the provider never invited is sent back to the sign-in page with the reason. The screen
 * and the sign-in page's single sign-on form are checked with axe. The provider is its own.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, openSignedIn, screenshot } from './browser';

const server = inject('e2eServer');
const { sso } = server;

let admin: Awaited<ReturnType<typeof launchBrowser>>;
let person: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  admin = await launchBrowser();
  ({ page, pageErrors } = await openSignedIn(admin.context, server.url, sso.adminToken));
});

afterAll(async () => {
  await person?.close();
  await admin?.close();
});

/** From our sign-in page, through the identity provider's, as `email`; resolves once back at our origin. */
async function signInWithSso(tab: Page, email: string) {
  await tab.goto(`${server.url}/login`);
  await tab.getByRole('button', { name: 'Use single sign-on' }).click();
  await tab.getByLabel('Work email').fill(email);
  await tab.getByRole('button', { name: 'Continue with single sign-on' }).click();
  await tab.waitForURL((url) => url.origin === new URL(sso.issuer).origin);
  await tab.getByRole('heading', { name: 'Test identity provider' }).waitFor();
  await tab.getByRole('button', { name: 'Continue' }).click();
  await tab.waitForURL((url) => url.origin === new URL(server.url).origin && url.pathname !== '/auth/sso/callback');
}

describe('single sign-on', () => {
  it('an ADMIN sets it up on the Single sign-on screen, with the redirect URI to register', async () => {
    await nav(page, 'Single sign-on').click();
    await page.getByRole('heading', { level: 1, name: 'Single sign-on' }).waitFor();
    expect(await page.locator('#sso-redirect-uri').textContent()).toBe(`${server.url}/auth/sso/callback`);
    expect(await seriousViolations(page, 'single-sign-on')).toEqual([]);

    await page.getByLabel('Issuer URL').fill(sso.issuer);
    await page.getByLabel('Client ID').fill(sso.clientId);
    await page.getByLabel('Client secret').fill(sso.clientSecret);
    await page.getByLabel('Allowed email domains').fill(sso.domain);
    await page.getByRole('button', { name: 'Check and turn on' }).click();
    await page.getByText('Single sign-on is set up').waitFor();
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    await screenshot(page, 'single-sign-on');
    expect(await seriousViolations(page, 'single-sign-on-saved')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('an invited admin signs in at the identity provider and lands in the app with an HttpOnly session cookie', async () => {
    person = await launchBrowser();
    const tab = await person.context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${server.url}/login`);
    await tab.getByRole('button', { name: 'Use single sign-on' }).click();
    expect(await seriousViolations(tab, 'sign-in-single-sign-on')).toEqual([]);

    await signInWithSso(tab, sso.personEmail);
    await tab.getByRole('navigation', { name: 'Main' }).waitFor();
    // A Billing-only admin: no Single sign-on or People screen for them.
    expect(await nav(tab, 'Single sign-on').count()).toBe(0);
    await tab.getByRole('button', { name: 'Log out' }).waitFor();
    const session = (await person.context.cookies(server.url)).find((cookie) => cookie.name === 'hw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await tab.evaluate(() => document.cookie)).not.toContain('hw_session');
    expect(errors).toEqual([]);
  });

  it('someone the provider never invited is sent back to sign-in with the reason, and no session', async () => {
    const stranger = await launchBrowser();
    try {
      const tab = await stranger.context.newPage();
      await signInWithSso(tab, sso.strangerEmail);
      await tab.getByText('You have no admin account here yet').waitFor();
      expect(new URL(tab.url()).searchParams.get('sso_error')).toBe('SSO_NOT_INVITED');
      expect((await stranger.context.cookies(server.url)).some((cookie) => cookie.name === 'hw_session')).toBe(false);
      await screenshot(tab, 'sign-in-single-sign-on-refused');
    } finally {
      await stranger.close();
    }
  });
});
