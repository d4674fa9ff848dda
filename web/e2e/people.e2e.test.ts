/**
 * The People screen in Chromium against the real server: an ADMIN invites a Billing-only admin and
 * copies the one-time link; the invitee, in a browser of their own, chooses a password, is not offered
 * People (a direct link explains the ADMIN role is needed); deactivated, their next step is the sign-in
 * screen. The screen and its invite dialog are checked with axe. Its provider is its own.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, openSignedIn, screenshot } from './browser';

const server = inject('e2eServer');
const PASSWORD = 'a long passphrase for the billing person';
const INVITEE = `e2e-invitee-${Date.now()}@example.com`;

let admin: Awaited<ReturnType<typeof launchBrowser>>;
let invitee: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let inviteePage: Page;
let pageErrors: string[];
let setupLink = '';

beforeAll(async () => {
  admin = await launchBrowser();
  await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  ({ page, pageErrors } = await openSignedIn(admin.context, server.url, server.peopleAdminToken));
});

afterAll(async () => {
  await invitee?.close();
  await admin?.close();
});

describe('people', () => {
  it('an admin invites a Billing-only admin and copies the one-time link', async () => {
    await nav(page, 'People').click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByRole('cell', { name: 'e2e-people-admin@example.com' }).or(page.getByRole('rowheader', { name: 'e2e-people-admin@example.com' })).first().waitFor();
    await screenshot(page, 'people');
    expect(await seriousViolations(page, 'people')).toEqual([]);

    await page.getByRole('button', { name: 'Invite admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite admin' });
    await dialog.getByLabel('Email').fill(INVITEE);
    await dialog.getByRole('checkbox', { name: 'Billing' }).check();
    await dialog.getByRole('checkbox', { name: 'Admin' }).uncheck();
    expect(await seriousViolations(page, 'people-invite-dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Invite' }).click();

    const result = page.getByRole('dialog', { name: `${INVITEE} is invited` });
    await result.waitFor();
    await result.getByRole('button', { name: 'Copy link' }).click();
    await result.getByText(/Copied to the clipboard|Could not copy/).waitFor();
    setupLink = await result.getByLabel('One-time setup link').inputValue();
    expect(setupLink).toMatch(new RegExp(`^${server.url}/setup#hw_`));
    const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => setupLink);
    expect(copied).toBe(setupLink);
    expect(await result.textContent()).toContain('24 hours');
    await screenshot(page, 'people-invite-link', { viewportOnly: true });
    await result.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('rowheader', { name: INVITEE }).waitFor();
  });

  it('the invitee opens the link in a browser of their own, chooses a password, and is not offered People', async () => {
    invitee = await launchBrowser();
    inviteePage = await invitee.context.newPage();
    await inviteePage.goto(setupLink);
    await inviteePage.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await inviteePage.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await inviteePage.getByLabel('Repeat password').fill(PASSWORD);
    await inviteePage.getByRole('button', { name: 'Set password and sign in' }).click();
    await inviteePage.getByRole('navigation', { name: 'Main' }).waitFor();
    const links = (await inviteePage.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((text) => text.trim());
    expect(links).toContain('Organizations');
    expect(links).not.toContain('People');

    await inviteePage.goto(`${server.url}/people`);
    await inviteePage.getByRole('heading', { level: 1, name: 'People needs the Admin role' }).waitFor();
    expect(await inviteePage.locator('main').textContent()).toContain('Your roles: Billing.');
  });

  it('deactivated by the admin, the invitee is sent to sign in on their next step', async () => {
    await page.getByRole('button', { name: `Deactivate ${INVITEE}` }).click();
    const confirm = page.getByRole('dialog', { name: `Deactivate ${INVITEE}?` });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText(`${INVITEE} deactivated.`).waitFor();
    await expect.poll(() => page.getByRole('row', { name: new RegExp(INVITEE) }).textContent()).toContain('Deactivated');

    await nav(inviteePage, 'Organizations').click();
    await inviteePage.waitForURL(/\/login/);
    await inviteePage.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
