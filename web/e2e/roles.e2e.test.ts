/**
 * An admin of the provider without the Billing role: the navigation offers only what the roles allow,
 * and a direct link to a Billing screen explains which role it needs instead of showing an empty or
 * "Not connected" screen. Checked with axe at desktop width and at 390 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, openSignedIn, screenshot } from './browser';

const server = inject('e2eServer');

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, pageErrors } = await openSignedIn(browser.context, server.url, server.viewerToken));
});

afterAll(async () => {
  await browser?.close();
});

describe('an admin without the Billing role', () => {
  it('is offered only the screens its roles allow, and lands on People (the first of them)', async () => {
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/people');
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links.map((text) => text.trim())).toEqual(['People', 'Single sign-on', 'Status', 'Account']);
    await expect.poll(() => page.locator('header').textContent()).toContain('e2e-viewer@example.com');
  });

  for (const [path, label] of [
    ['/integrations', 'Integrations'],
    ['/organizations', 'Organizations'],
    ['/jumpcloud', 'JumpCloud'],
  ] as const) {
    it(`opening ${path} directly explains that the Billing role is needed`, async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${server.url}${path}`);
      const heading = page.getByRole('heading', { level: 1, name: `${label} needs the Billing role` });
      await heading.waitFor();
      // The explanation has focus, so a screen reader starts there.
      await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
      const main = page.locator('main');
      expect(await main.textContent()).toContain('Your roles: Admin.');
      expect(await main.textContent()).not.toContain('Not connected');
      expect(await main.getByRole('link', { name: 'Go to People' }).count()).toBe(1);

      const name = `roles${path.replace('/', '-')}`;
      await screenshot(page, name);
      expect(await seriousViolations(page, name)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, `${name}-390`);
      expect(await seriousViolations(page, `${name}-390`)).toEqual([]);
      // Still nothing else in the navigation, and nothing claimed about the integrations.
      expect(await main.textContent()).not.toContain('Not connected');
    });
  }

  it('follows the link to a screen it can use', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/jumpcloud`);
    await page.getByRole('link', { name: 'Go to People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/people');
    expect(pageErrors).toEqual([]);
  });
});
