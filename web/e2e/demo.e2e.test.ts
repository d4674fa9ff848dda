/**
 * `pnpm demo`'s world, in Chromium: its one link signs the demo admin in, and the product is seen doing
 * its job with no other step — organizations mapped to ConnectWise additions, a finished sync that wrote
 * them, an organization's usage charts, and alerts that became ConnectWise tickets. The demo provider is
 * built by the same code as `pnpm demo` (server/test-support/demo/demo-world.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, screenshot } from './browser';

const server = inject('e2eServer');

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(() => browser?.close());

describe('pnpm demo', () => {
  it('its link signs the demo admin in, with nothing typed', async () => {
    await page.goto(server.demo.signInUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByText('Demo MSP', { exact: true }).count()).toBeGreaterThan(0);
    expect((await browser.context.cookies(server.url)).find((cookie) => cookie.name === 'hw_session')).toMatchObject({ httpOnly: true });
  });

  it('shows its organizations, most of them mapped to ConnectWise additions', async () => {
    expect(server.demo.organizations).toBeGreaterThanOrEqual(40);
    await nav(page, 'Organizations').click();
    await page.getByText(`of ${server.demo.organizations} organizations`).waitFor();
    const mapped = page.getByRole('region', { name: 'Organizations' }).getByText('Mapped', { exact: true });
    expect(await mapped.count()).toBe(server.demo.mapped);
    expect(server.demo.mapped).toBeGreaterThan(server.demo.organizations / 2);
    await screenshot(page, 'demo-organizations');
  });

  it('shows the first sync finished, every mapped organization written', async () => {
    await nav(page, 'Sync').click();
    await page.getByText(`${server.demo.mapped} of ${server.demo.mapped} organizations`).waitFor();
    expect(await page.getByText('Succeeded').count()).toBeGreaterThan(0);
  });

  it("charts an organization's usage this month and over the months before", async () => {
    await nav(page, 'Organizations').click();
    await page.getByRole('region', { name: 'Organizations' }).getByRole('link').first().click();
    await page.locator('#month-chart-heading').waitFor();
    await page.locator('#year-chart-heading').waitFor();
    // The charts' table alternative has a row per month of history.
    await page.locator('#year-chart-heading').locator('..').getByText('Show as table').click();
    expect(await page.locator('#year-chart-heading').locator('..').getByRole('row').count()).toBeGreaterThan(6);
    await screenshot(page, 'demo-organization');
    expect(await seriousViolations(page, 'demo-organization')).toEqual([]);
  });

  it('has turned alerts into ConnectWise tickets', async () => {
    await nav(page, 'Ticketing').click();
    await page.getByText(/Open: ticket #\d+/).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'demo-ticketing');
    expect(pageErrors).toEqual([]);
  });
});
