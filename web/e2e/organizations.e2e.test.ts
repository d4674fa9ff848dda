/**
 * The Organizations screen and one organization's page at MSP size (5,000+ organizations), in Chromium
 * against the real server: search, filter, sort, page, edit a cost per seat with the keyboard alone, then
 * open Acme and read why it is billed what it is, as charts and as tables. Desktop and 390 px, axe on each.
 * It edits only a generated organization, so the ConnectWise journey's numbers stay its own.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, openSignedIn, screenshot } from './browser';

const server = inject('e2eServer');

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, pageErrors } = await openSignedIn(browser.context, server.url, server.token));
});

afterAll(async () => {
  await browser?.close();
});

const table = () => page.getByTestId('organizations-table');
const rowNames = () => table().locator('tbody th[scope="row"] a').allTextContents();

/** What the admin would read if the server failed: never expected here. */
async function internalErrors(): Promise<number> {
  return page.getByText(/INTERNAL_SERVER_ERROR/).count();
}

async function fitsWidth(): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('organizations', () => {
  it('lists thousands of organizations a page at a time, searched, filtered and sorted', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await nav(page, 'Organizations').click();
    await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    await expect.poll(() => table().locator('tbody tr').count()).toBe(50);
    await expect.poll(() => page.locator('#orgs-range').textContent()).toMatch(/1–50 of 5,00\d/);
    expect((await rowNames())[0]).toBe('Acme, Inc.');
    await screenshot(page, 'organizations');
    expect(await internalErrors()).toBe(0);
    expect(await seriousViolations(page, 'organizations')).toEqual([]);

    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('#orgs-range').textContent()).toMatch(/51–100 of/);

    await page.getByRole('button', { name: /High watermark/ }).click();
    await expect.poll(() => page.locator('#orgs-range').textContent()).toMatch(/1–50 of/);
    expect(await page.getByRole('columnheader', { name: /High watermark/ }).getAttribute('aria-sort')).toBe('descending');
    const watermarks = async () => (await table().locator('tbody td:nth-of-type(2)').allTextContents()).map((text) => Number(text.replace(/\D/g, '')));
    await expect.poll(async () => (await watermarks())[0]).toBeGreaterThanOrEqual(103);
    const shown = await watermarks();
    expect(shown).toEqual([...shown].sort((a, b) => b - a));

    await page.getByLabel('Search organizations').fill('blue harbor');
    await expect.poll(rowNames).toEqual(['Blue Harbor Dental']);
    await page.getByLabel('Search organizations').fill('');
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Needs attention' });
    // Whatever the other journeys did to mappings: only organizations that need attention, or none.
    await expect
      .poll(async () =>
        (await page.getByText('No organization matches this search or filter.').count()) > 0 ||
        (await table().locator('tbody td.mapping').allTextContents()).every((text) => text.includes('Needs attention')),
      )
      .toBe(true);
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'All organizations' });
    await expect.poll(() => table().locator('tbody tr').count()).toBe(50);
  });

  it('edits a cost per seat in place with the keyboard: a bad amount is explained and not saved, a good one is', async () => {
    await page.getByLabel('Search organizations').fill('Client Organization 0042');
    await expect.poll(rowNames).toEqual(['Client Organization 0042']);
    const edit = page.getByRole('button', { name: /Edit cost per seat for Client Organization 0042/ });
    await edit.focus();
    await page.keyboard.press('Enter');
    const input = page.getByLabel('Cost per seat for Client Organization 0042');
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);

    await input.fill('12.34567');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('at most 4 decimal places').count()).toBeGreaterThan(0);
    await screenshot(page, 'organizations-cost-error');
    expect(await seriousViolations(page, 'organizations-cost-error')).toEqual([]);

    await input.fill('9.75');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.notice-region').textContent()).toContain('Cost per seat for Client Organization 0042 changed');
    await expect.poll(() => edit.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await edit.textContent()).toContain('9.75');

    // Audited, in words.
    await nav(page, 'Audit log').click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Cost per seat changed');
    await nav(page, 'Organizations').click();
  });

  it("explains Acme's bill on its page, with both charts and their tables, at desktop and phone width", async () => {
    await page.getByLabel('Search organizations').fill('Acme');
    await table().getByRole('link', { name: 'Acme, Inc.' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme, Inc.' }).waitFor();
    await page.getByTestId('usage-month-chart').locator('canvas').first().waitFor();
    await page.getByTestId('usage-year-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('usage-month-chart').getAttribute('aria-label')).toMatch(/high watermark 42/i);
    expect(await page.getByRole('main').textContent()).toContain('42');

    const monthTable = page.getByText('Show as table').first();
    await monthTable.click();
    await expect.poll(() => page.getByRole('table').first().locator('tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'organization-usage');
    expect(await internalErrors()).toBe(0);
    expect(await seriousViolations(page, 'organization-usage')).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(fitsWidth).toBe(true);
    await screenshot(page, 'organization-usage-390');
    expect(await seriousViolations(page, 'organization-usage-390')).toEqual([]);

    await page.getByRole('link', { name: /Organizations/ }).first().click();
    await table().waitFor();
    await expect.poll(fitsWidth).toBe(true);
    await screenshot(page, 'organizations-390');
    expect(await seriousViolations(page, 'organizations-390')).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    expect(pageErrors).toEqual([]);
  });
});
