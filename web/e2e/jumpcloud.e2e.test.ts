/**
 * The JumpCloud screen against the JumpCloud simulator: connect, follow the first poll live (one
 * organization cannot be counted), count suspended users too and poll less often, Poll now, replace the
 * key (a wrong one first), and disconnect. The Billing admin is of a provider of its own (see
 * server/test-support/e2e-server.ts): a poll deactivates the organizations JumpCloud does not list, which
 * must not touch the organizations the other journeys use. Steps share one tab and run in order; each
 * state is checked with axe and photographed at desktop width and at 390 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, openSignedIn, screenshot } from './browser';

const server = inject('e2eServer');
const jc = server.jumpCloud;
/** The simulator's portal: five organizations JumpCloud counts, and one it will not (e2e-seed.ts). */
const LISTED = 6;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, pageErrors } = await openSignedIn(browser.context, server.url, jc.token));
});

afterAll(async () => {
  await browser?.close();
});

function notice() {
  return page.locator('.notice-region');
}

function lastPoll() {
  return page.getByRole('region', { name: 'Last poll' });
}

function connectionCard() {
  return page.getByRole('region', { name: 'Connection' });
}

/** Axe and a screenshot at desktop width, then the same at 390 px, back to desktop afterwards. */
async function checkBothWidths(name: string, options: { viewportOnly?: boolean } = {}) {
  await screenshot(page, name, options);
  expect(await seriousViolations(page, name)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`, options);
  expect(await seriousViolations(page, `${name}-390`)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The user states the Connection card says are counted, sorted. */
function countedUsers(details: string | null): string[] {
  const states = /Counted users(.*?)Polls/.exec(details ?? '')?.[1] ?? '';
  return states.split(', ').sort();
}

/**
 * Each organization's current user count, through the API with the admin's token (the Organizations
 * screen is not part of this journey): what the polls recorded, organization by organization.
 */
async function userCounts(): Promise<Record<string, number | null>> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jc.token}` },
    body: JSON.stringify({ query: '{ organizations(first: 50) { nodes { name currentUserCount } } }' }),
  });
  const body = (await response.json()) as { data: { organizations: { nodes: { name: string; currentUserCount: number | null }[] } } };
  return Object.fromEntries(body.data.organizations.nodes.map(({ name, currentUserCount }) => [name, currentUserCount]));
}

/** Waits for the poll the screen is following to finish and report. */
async function pollFinished() {
  await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain('Poll finished');
}

describe('the JumpCloud screen', () => {
  it('connects with the simulator and shows the first poll live, listing the organization it could not count', async () => {
    await nav(page, 'JumpCloud').click();
    await page.getByRole('heading', { level: 1, name: 'JumpCloud' }).waitFor();
    await page.getByRole('heading', { name: 'Connect JumpCloud' }).waitFor();
    await page.getByLabel('Provider id').fill(jc.providerId);
    await page.locator('#jc-apiKey').fill(jc.apiKey);
    await page.getByText('Another region').click();
    await page.getByLabel('Console API URL').fill(jc.baseUrl);
    await page.getByLabel('Directory Insights URL').fill(jc.baseUrl);
    await checkBothWidths('jumpcloud-connect');

    await page.getByRole('button', { name: 'Verify and Connect' }).click();
    await expect.poll(() => notice().textContent()).toContain('JumpCloud is connected');
    await connectionCard().getByText('Connected', { exact: true }).waitFor();
    const details = await connectionCard().textContent();
    expect(details).toContain(jc.providerId);
    expect(details).toContain(`ending in ${jc.apiKey.slice(-4)}`);
    expect(details).not.toContain(jc.apiKey);
    expect(countedUsers(details)).toEqual(['Activated', 'Staged']);

    await pollFinished();
    expect(await notice().textContent()).toContain('5 counts recorded, 1 organization not counted');
    expect(await lastPoll().locator('[data-count="listed"]').textContent()).toContain(String(LISTED));
    expect(await lastPoll().locator('[data-count="recorded"]').textContent()).toContain('5');
    expect(await lastPoll().locator('[data-count="failed"]').textContent()).toContain('1');
    const failures = page.getByRole('list', { name: 'Not counted' });
    await expect.poll(() => failures.getByRole('listitem').count()).toBe(1);
    expect(await failures.textContent()).toContain(jc.failingOrganization);
    expect(await failures.textContent()).toContain('Organization not found');
    // Activated and staged users count; suspended ones do not (yet). The failing organization has no count.
    expect(await userCounts()).toEqual({
      'Acme, Inc.': 40,
      'Blue Harbor Dental': 15,
      'Cedar & Stone Legal': 25,
      'Northwind Traders': 99,
      'Granite Logistics': 61,
      [jc.failingOrganization]: null,
    });
    await checkBothWidths('jumpcloud-connected');
  });

  it('counts suspended users too and polls every 30 minutes; saving polls with the new rule', async () => {
    await page.getByRole('checkbox', { name: /^Suspended/ }).check();
    const interval = page.getByLabel('Poll every (minutes)');
    await interval.fill('3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#jc-pollInterval-error').textContent()).toContain('from 5 to 1440');
    await checkBothWidths('jumpcloud-settings-error');

    await interval.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => notice().textContent()).toContain('A poll has been queued with them');
    await expect.poll(async () => countedUsers(await connectionCard().textContent())).toEqual(['Activated', 'Staged', 'Suspended']);
    expect(await connectionCard().textContent()).toContain('Every 30 minutes');
    await pollFinished();
    expect(await userCounts()).toMatchObject({ 'Acme, Inc.': 43, 'Blue Harbor Dental': 15, 'Cedar & Stone Legal': 27, 'Northwind Traders': 105 });
  });

  it('polls now and shows the result when the poll finishes', async () => {
    const startedBefore = await lastPoll().locator('time').first().getAttribute('datetime');
    await page.getByRole('button', { name: 'Poll now' }).click();
    await expect.poll(() => notice().textContent()).toMatch(/Poll queued|Poll finished/);
    await pollFinished();
    await expect.poll(() => lastPoll().locator('time').first().getAttribute('datetime')).not.toBe(startedBefore);
    expect(await lastPoll().locator('[data-count="recorded"]').textContent()).toContain('5');
    expect(await page.getByRole('list', { name: 'Not counted' }).textContent()).toContain(jc.failingOrganization);
    expect(await page.getByRole('button', { name: 'Poll now' }).isEnabled()).toBe(true);
    await checkBothWidths('jumpcloud-polled');
  });

  it('refuses a key JumpCloud rejects next to the field, keeping the saved one, then takes the right one', async () => {
    const newKey = page.getByLabel('New API key');
    await newKey.fill('jcsim_not-the-key-0000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const error = page.locator('#jc-newApiKey-error');
    await expect.poll(() => error.textContent()).toContain('JumpCloud rejected the API key');
    expect(await newKey.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await connectionCard().textContent()).toContain(`ending in ${jc.apiKey.slice(-4)}`);
    await checkBothWidths('jumpcloud-key-rejected');

    await newKey.fill(jc.apiKey);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => notice().textContent()).toContain('Settings saved. A poll has been queued with them.');
    expect(await newKey.inputValue()).toBe('');
    await pollFinished();
  });

  it('disconnects after confirming, and offers the connection form again', async () => {
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect JumpCloud?' });
    await dialog.waitFor();
    await checkBothWidths('jumpcloud-disconnect-dialog', { viewportOnly: true });
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => notice().textContent()).toContain('JumpCloud has been disconnected');
    await page.getByRole('heading', { name: 'Connect JumpCloud' }).waitFor();
    expect(await dialog.count()).toBe(0);
    await checkBothWidths('jumpcloud-disconnected');
    expect(pageErrors).toEqual([]);
  });
});
