import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';

const artifacts = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const server = inject('e2eServer');

let profile: string;
let context: BrowserContext;

beforeAll(async () => {
  profile = await mkdtemp(path.join(tmpdir(), 'highwater-e2e-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** A new tab on the login screen, whatever an earlier test left in this profile's localStorage. */
async function openSignedOut(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.url}/login`);
  await page.getByRole('heading', { name: 'Sign in to highwater' }).waitFor();
  return page;
}

async function signIn(page: Page, token: string) {
  expect(await seriousViolations(page, 'login')).toEqual([]);
  await page.getByRole('button', { name: 'Use an API token' }).click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function serverTimeCard(page: Page) {
  return page.getByRole('region', { name: 'Server time' });
}

it('signs in with a token and shows readiness and the ticking server time', async () => {
  const page = await openSignedOut();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await signIn(page, server.token);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Status' }).click();
  await page.getByRole('heading', { level: 1, name: 'Status' }).waitFor();
  await expect.poll(() => new URL(page.url()).pathname).toBe('/status');
  await expect.poll(() => page.locator('header').textContent()).toContain('e2e-admin@example.com');

  const readiness = page.getByRole('region', { name: 'Server readiness' });
  await readiness.locator('.overall').getByText('Ready', { exact: true }).waitFor();
  for (const check of ['PostgreSQL', 'MongoDB (job queue)', 'Database migrations']) {
    await expect.poll(() => readiness.getByRole('row', { name: check }).textContent()).toContain('OK');
  }

  const clock = serverTimeCard(page).locator('time');
  await clock.waitFor();
  const first = await clock.getAttribute('datetime');
  await expect.poll(() => clock.getAttribute('datetime'), { timeout: 5_000 }).not.toBe(first);
  await expect.poll(() => serverTimeCard(page).getByRole('status').textContent()).toContain('Live');

  await expect
    .poll(() => page.getByRole('region', { name: 'Your roles' }).textContent())
    .toContain('BILLING');

  await page.screenshot({ path: path.join(artifacts, 'status.png'), fullPage: true });
  expect(await seriousViolations(page, 'status')).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(artifacts, 'status-390.png'), fullPage: true });
  expect(await seriousViolations(page, 'status-390')).toEqual([]);

  expect(pageErrors).toEqual([]);
});

it('logging out returns to the login screen and forgets the session', async () => {
  const page = await openSignedOut();
  await signIn(page, server.token);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['highwater.signedIn']);

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Sign in to highwater' }).waitFor();
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
  // The server cleared the session cookie with its answer to endBrowserSession.
  await expect.poll(async () => (await context.cookies(server.url)).map((cookie) => cookie.name)).not.toContain('hw_session');
});

it('shows the server error next to the field for a bad token', async () => {
  const page = await openSignedOut();
  await signIn(page, 'hw_not-a-real-token');

  const error = page.getByRole('alert');
  await error.waitFor();
  expect(await error.textContent()).toContain('UNAUTHENTICATED');
  expect(await page.getByLabel('API token').evaluate((input) => input === document.activeElement)).toBe(true);
  await page.screenshot({ path: path.join(artifacts, 'login-error.png') });
  expect(await seriousViolations(page, 'login-error')).toEqual([]);
});
