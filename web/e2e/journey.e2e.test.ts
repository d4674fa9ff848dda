/**
 * The product document's journey in a real browser against the real server and the ConnectWise
 * simulator: connect (a wrong key first), choose company types, map two organizations, disable one,
 * preview and run a sync (watched live), set up ticketing, read the audit log, map one more and edit an
 * alert with the keyboard alone, rotate the keys, then disable the integration and clear its data. The
 * steps share one signed-in tab and run in order: each builds on what the previous one saved. Each
 * screen is checked with axe-core on the way (e2e/axe.ts): no serious or critical violations.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, openSignedIn, screenshot } from './browser';

const server = inject('e2eServer');
const cw = server.connectWise;

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

function notice() {
  return page.locator('.notice-region');
}

function row(name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

async function searchOrganizations(text: string, expectedRow: string) {
  await page.getByLabel('Search organizations').fill(text);
  await row(expectedRow).waitFor();
}

describe('the ConnectWise Manage journey', () => {
  it('connects: https:// and a wrong key are refused next to their fields, the right key creates the integration', async () => {
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    const card = page.getByRole('region', { name: 'ConnectWise Manage' });
    await card.getByText('Not connected').waitFor();
    await screenshot(page, 'integrations-not-connected');
    await card.getByRole('button', { name: 'Configure' }).click();

    const site = page.getByLabel('Base URL');
    await expect.poll(() => site.evaluate((input) => input === document.activeElement)).toBe(true);
    await site.fill(`https://${cw.site}`);
    await page.getByLabel('Public API key').fill(cw.publicKey);
    await page.getByLabel('Private API key').fill('not-the-private-key');
    await page.getByLabel('Company ID').fill(cw.companyId);
    await page.getByRole('button', { name: 'Verify and Save' }).click();
    await expect.poll(() => page.locator('#site-error').textContent()).toContain("Don't include the https:// in the URL");
    expect(await site.evaluate((input) => input === document.activeElement)).toBe(true);

    await site.fill(cw.site);
    await page.getByRole('button', { name: 'Verify and Save' }).click();
    const keyError = page.locator('#privateKey-error');
    await keyError.waitFor();
    expect(await keyError.textContent()).toContain('ConnectWise Manage rejected the API keys');
    expect(await keyError.textContent()).toContain('CONNECTWISE_KEYS_REJECTED');
    expect(await page.getByLabel('Private API key').evaluate((input) => input === document.activeElement)).toBe(true);
    // Nothing typed is lost when ConnectWise says no.
    expect(await site.inputValue()).toBe(cw.site);
    expect(await page.getByLabel('Company ID').inputValue()).toBe(cw.companyId);
    await screenshot(page, 'integrations-keys-rejected');
    expect(await seriousViolations(page, 'integrations-form-errors')).toEqual([]);

    await page.getByLabel('Private API key').fill(cw.privateKey);
    await page.getByRole('button', { name: 'Verify and Save' }).click();
    await expect.poll(() => notice().textContent()).toContain('Integration has been created');
    await card.getByText('Connected', { exact: true }).waitFor();
    const details = await card.textContent();
    expect(details).toContain(cw.site);
    expect(details).toContain(cw.companyId);
    expect(details).toContain('v2025_1/');
    expect(details).toContain(`••••${cw.publicKey.slice(-4)}`);
    expect(details).toContain('e2e-admin@example.com');
    expect(details).not.toContain(cw.privateKey);
    // The verify's permission check, per feature: the simulator's API member has a full role.
    const permissions = card.getByRole('region', { name: 'API member permissions' });
    for (const feature of ['Billing sync', 'Ticketing', 'Closing tickets']) {
      expect(await permissions.getByRole('listitem').filter({ hasText: feature }).first().textContent()).toContain('Allowed');
    }
    expect(await permissions.textContent()).toContain('Not checked (only a change in ConnectWise would tell): Finance › Agreements: Edit.');
    await screenshot(page, 'integrations-connected');
    expect(await seriousViolations(page, 'integrations')).toEqual([]);
  });

  it('chooses the billable company types: at least one, Customer by default', async () => {
    await nav(page, 'Company types').click();
    await page.getByRole('heading', { level: 1, name: 'Company types' }).waitFor();
    const customer = page.getByRole('checkbox', { name: 'Customer' });
    await expect.poll(() => customer.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Prospect' }).isChecked()).toBe(false);
    expect(await page.getByText('uses Customer by default').count()).toBe(1);

    await customer.uncheck();
    await page.getByRole('button', { name: 'Filter by type' }).click();
    await expect.poll(() => page.locator('#types-error').textContent()).toContain('Select at least one company type');

    await customer.check();
    await page.getByRole('checkbox', { name: 'Prospect' }).check();
    await page.getByRole('button', { name: 'Filter by type' }).click();
    await expect.poll(() => notice().textContent()).toContain('Company types have been saved: Customer, Prospect');
    await screenshot(page, 'company-types');
    expect(await seriousViolations(page, 'company-types')).toEqual([]);
  });

  it('maps two organizations, suggesting the best name match, and disables one', async () => {
    await nav(page, 'Companies & Agreements').click();
    await page.getByRole('heading', { level: 1, name: 'Companies & Agreements' }).waitFor();
    // Thousands of organizations, fifty at a time.
    await expect.poll(() => page.locator('#orgs-caption').textContent()).toMatch(/Showing 1–50 of 5,0\d\d organizations/);
    await page.getByRole('navigation', { name: 'Organization pages' }).getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('#orgs-caption').textContent()).toMatch(/Showing 51–100 of/);
    await screenshot(page, 'companies');
    expect(await seriousViolations(page, 'companies')).toEqual([]);

    await searchOrganizations('acme', 'Acme, Inc.');
    await row('Acme, Inc.').getByRole('button', { name: 'Configure Acme, Inc.' }).click();
    const drawer = page.getByRole('dialog', { name: 'Map Acme, Inc.' });
    await drawer.waitFor();
    await drawer.getByRole('combobox', { name: 'ConnectWise Company' }).click();
    const best = drawer.getByRole('group', { name: 'Best name matches' });
    await best.getByRole('option').first().waitFor();
    expect(await best.getByRole('option').first().textContent()).toContain('ACME Inc');
    expect(await best.getByRole('option').first().textContent()).toContain('100% match');
    await screenshot(page, 'mapping-drawer-suggestions', { viewportOnly: true });
    expect(await seriousViolations(page, 'companies-mapping-suggestions')).toEqual([]);
    await best.getByRole('option').first().click();

    await chooseAgreementAndAddition(drawer);
    await expect.poll(() => drawer.locator('.addition-detail').textContent()).toContain('Current quantity');
    expect(await drawer.locator('.addition-detail').textContent()).toContain('(42)');
    await screenshot(page, 'mapping-drawer', { viewportOnly: true });
    expect(await seriousViolations(page, 'companies-mapping-drawer')).toEqual([]);
    await drawer.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notice().textContent()).toContain('Agreements have been saved');
    await expect.poll(() => row('Acme, Inc.').textContent()).toContain('ACME Inc');
    expect(await row('Acme, Inc.').textContent()).toContain('Not synced yet');

    // The second one through the search in the picker: a Prospect, billable since the last step.
    await searchOrganizations('granite', 'Granite Logistics');
    await row('Granite Logistics').getByRole('button', { name: 'Configure Granite Logistics' }).click();
    const second = page.getByRole('dialog', { name: 'Map Granite Logistics' });
    const picker = second.getByRole('combobox', { name: 'ConnectWise Company' });
    await picker.fill('Granite Log');
    const option = second.getByRole('option', { name: /Granite Logistics Co\./ });
    await option.first().waitFor();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue()).toBe('Granite Logistics Co.');
    await chooseAgreementAndAddition(second);
    await second.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notice().textContent()).toContain('Agreements have been saved');
    await expect.poll(() => row('Granite Logistics').textContent()).toContain('Granite Logistics Co.');

    await row('Granite Logistics').getByRole('button', { name: 'Disable mapping for Granite Logistics' }).click();
    const confirm = page.getByRole('dialog', { name: /Disable the mapping for Granite Logistics/ });
    expect(await confirm.textContent()).toContain(
      'Disabling will remove all mappings selected for that organization and will not sync the data daily.',
    );
    await screenshot(page, 'mapping-disable-confirm', { viewportOnly: true });
    expect(await seriousViolations(page, 'companies-disable-confirm')).toEqual([]);
    await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
    await expect.poll(() => notice().textContent()).toContain('Mapping for Granite Logistics has been disabled');
    await expect.poll(() => row('Granite Logistics').textContent()).toContain('Not mapped');

    await page.getByLabel('Search organizations').fill('');
    await page.getByLabel('Show', { exact: true }).selectOption('mapped');
    await expect.poll(() => page.locator('#orgs-caption').textContent()).toContain('Showing 1–1 of 1 organization');
    await row('Acme, Inc.').waitFor();
    await screenshot(page, 'companies-mapped');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'companies-390');
    expect(await seriousViolations(page, 'companies-390')).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('previews the sync, then syncs now and watches the run finish live', async () => {
    await nav(page, 'Sync').click();
    await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    await page.getByText('No sync has run yet.').waitFor();

    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => preview.textContent()).toContain('1 mapped: 1 would update');
    const previewRow = preview.getByRole('row', { name: /Acme, Inc\./ });
    expect(await previewRow.textContent()).toContain('10 → 42');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => notice().textContent()).toContain('Sync started');
    const run = page.getByRole('region', { name: /Sync of/ });
    // Queued, then running, then done: the badge follows the subscription without a reload.
    await expect.poll(() => run.getByRole('status').textContent(), { timeout: 30_000 }).toBe('Succeeded');
    expect((await run.locator('#run-progress-label').textContent())?.trim()).toBe('1 of 1 organization');
    await expect.poll(() => run.getByRole('row', { name: /Acme, Inc\./ }).textContent()).toContain('10 → 42');
    expect(await page.getByRole('region', { name: 'Runs' }).textContent()).toContain('Sync now');
    await screenshot(page, 'sync');
    expect(await seriousViolations(page, 'sync')).toEqual([]);

    await nav(page, 'Companies & Agreements').click();
    await searchOrganizations('acme', 'Acme, Inc.');
    await expect.poll(() => row('Acme, Inc.').locator('td[data-label="Last sync"]').textContent()).not.toContain('Not synced yet');
  });

  it('turns on automated ticketing and one alert, and shows the ticket an alert opens', async () => {
    await nav(page, 'Ticketing').click();
    await page.getByRole('heading', { level: 1, name: 'Ticketing' }).waitFor();
    const toggle = page.getByRole('switch', { name: 'Automated Ticketing' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => notice().textContent()).toContain('Automated ticketing is on');

    await page.getByRole('button', { name: 'Edit User Lockout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit alert: User Lockout' });
    await dialog.getByRole('switch', { name: /Automatic Ticketing/ }).check();
    const priority = dialog.getByLabel('Priority');
    await expect.poll(() => priority.locator('option').count()).toBeGreaterThan(1);
    await priority.selectOption({ label: 'Priority 2 - Quick Response' });
    await dialog.getByLabel('Source').selectOption({ label: 'Monitoring' });
    await dialog.getByLabel('Due Days').fill('2');
    await dialog.getByLabel('Service board').selectOption({ label: 'Security Alerts' });
    await expect.poll(() => dialog.getByLabel('Status for new tickets').locator('option').count()).toBeGreaterThan(1);
    await dialog.getByRole('checkbox', { name: /Close the ticket when the alert is resolved/ }).check();
    await screenshot(page, 'ticketing-edit', { viewportOnly: true });
    expect(await seriousViolations(page, 'ticketing-alert-dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notice().textContent()).toContain('User Lockout settings have been saved');
    const lockout = page.getByRole('row', { name: /User Lockout/ });
    await expect.poll(() => lockout.textContent()).toContain('Priority 2 - Quick Response');

    // An alert arrives through the API, as JumpCloud's would; its ticket shows up live.
    const reported = await graphql(
      `mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }`,
      { a: [{ externalEventId: 'e2e-lockout-1', alertType: 'USER_LOCKOUT', externalOrgId: 'jc-acme', occurredAt: new Date().toISOString(), subject: 'jdoe@acme.example' }] },
    );
    expect(reported).toEqual({ reportAlerts: { accepted: 1 } });
    const alerts = page.getByRole('region', { name: 'Recent alerts' });
    await expect.poll(() => alerts.getByRole('row', { name: /jdoe@acme\.example/ }).textContent(), { timeout: 30_000 }).toMatch(/Ticket #\d+/);
    await screenshot(page, 'ticketing');

    // The same user locked out again is the same incident: a note on the open ticket. Unlocked: a
    // resolution note, and the ticket closed. The incident's history shows each step live.
    const more = (kind: string, externalEventId: string) =>
      graphql(`mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }`, {
        a: [{ kind, externalEventId, alertType: 'USER_LOCKOUT', externalOrgId: 'jc-acme', occurredAt: new Date().toISOString(), subject: 'jdoe@acme.example' }],
      });
    await more('ALERT', 'e2e-lockout-2');
    const incidents = page.getByRole('region', { name: 'Incidents' });
    const theIncident = incidents.getByRole('listitem').filter({ hasText: 'jdoe@acme.example' }).first();
    await expect.poll(() => theIncident.textContent(), { timeout: 30_000 }).toContain('2 alerts, 1 note added');
    await more('RESOLUTION', 'e2e-unlocked-1');
    await expect.poll(() => theIncident.textContent(), { timeout: 30_000 }).toContain('Resolved');
    await theIncident.getByRole('button', { name: 'Show history' }).click();
    const history = await theIncident.locator('ol.timeline').textContent();
    expect(history).toMatch(/Ticket #\d+ opened/);
    expect(history).toMatch(/Note #\d+ added \(1 repeat\)/);
    expect(history).toMatch(/Resolution note #\d+ added/);
    expect(history).toMatch(/Ticket #\d+ closed/);
    await expect.poll(() => alerts.textContent(), { timeout: 30_000 }).toMatch(/Note #\d+ on ticket #\d+/);
    await screenshot(page, 'ticketing-incident');
    expect(await seriousViolations(page, 'ticketing')).toEqual([]);

    // It fits a phone: at a 390 px viewport nothing makes the page scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, 'ticketing-390');
      expect(await seriousViolations(page, 'ticketing-390')).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('lists every change in the audit log, newest first', async () => {
    await nav(page, 'Audit log').click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const actions = page.locator('tbody td.action');
    await expect.poll(() => actions.count()).toBeGreaterThanOrEqual(5);
    // Only this journey's kinds of change: the organizations journey may have changed a cost per seat before it.
    const journeys = (await actions.allTextContents()).filter((action) => action !== 'Cost per seat changed');
    expect(journeys).toEqual([
      'Alert settings saved',
      'Automated ticketing switched',
      'Sync requested',
      'Mapping disabled',
      'Agreements saved',
      'Agreements saved',
      'Company types saved',
      'Integration created',
    ]);
    const table = await page.locator('table.audit').textContent();
    expect(table).toContain('e2e-admin@example.com');
    expect(table).not.toContain(cw.privateKey);
    await screenshot(page, 'audit-log');
    expect(await seriousViolations(page, 'audit-log')).toEqual([]);
  });

  it('offers the JumpCloud connection form, with nothing serious for axe', async () => {
    await nav(page, 'JumpCloud').click();
    await page.getByRole('heading', { level: 1, name: 'JumpCloud' }).waitFor();
    await page.getByLabel(/API key/).first().waitFor();
    expect(await seriousViolations(page, 'jumpcloud')).toEqual([]);
    await screenshot(page, 'jumpcloud');
  });

  it('maps an organization and edits an alert setting with the keyboard alone', async () => {
    // Tab, Shift+Tab, Enter, Space, arrows and Escape only: no clicks from here to the end of the step.
    await tabTo((f) => f.tag === 'A' && f.name === 'Companies & Agreements');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Companies & Agreements' }).waitFor();
    await tabTo((f) => f.id === 'org-search');
    await page.keyboard.type('granite');
    await row('Granite Logistics').waitFor();
    await expect.poll(() => row('Granite Logistics').textContent()).toContain('Not mapped');
    await tabTo((f) => f.name === 'Configure Granite Logistics');
    await page.keyboard.press('Enter');

    // The drawer opens on the company picker; Escape closes it and focus is back on Configure.
    const drawer = page.getByRole('dialog', { name: 'Map Granite Logistics' });
    await drawer.waitFor();
    await expect.poll(focused).toMatchObject({ id: 'mapping-company' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(focused).toMatchObject({ name: 'Configure Granite Logistics' });
    await page.keyboard.press('Space');
    await drawer.waitFor();
    await expect.poll(focused).toMatchObject({ id: 'mapping-company' });

    await page.keyboard.type('Granite Log');
    await drawer.getByRole('option', { name: /Granite Logistics Co\./ }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const picker = drawer.getByRole('combobox', { name: 'ConnectWise Company' });
    await expect.poll(() => picker.inputValue()).toBe('Granite Logistics Co.');
    expect(await drawer.isVisible()).toBe(true);

    const agreement = drawer.getByLabel('Agreement');
    await expect.poll(() => agreement.locator('option').count()).toBeGreaterThan(1);
    await tabTo((f) => f.id === 'mapping-agreement');
    await arrowDownUntil(agreement, 'Managed Services 1 (Managed Services)');
    const addition = drawer.getByLabel('Product Addition');
    await expect.poll(() => addition.locator('option').count()).toBeGreaterThan(1);
    await tabTo((f) => f.tag === 'SELECT' && f.name === 'Product Addition');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => drawer.locator('.addition-detail').textContent()).toContain('Current quantity');
    await tabTo((f) => f.tag === 'BUTTON' && f.name === 'Save');
    await page.keyboard.press('Enter');
    await expect.poll(() => notice().textContent()).toContain('Agreements have been saved');
    await expect.poll(() => row('Granite Logistics').textContent()).toContain('Granite Logistics Co.');
    // Configure became Edit: focus is on the row's first action, not lost to the page.
    await expect.poll(focused).toMatchObject({ name: 'Edit mapping for Granite Logistics' });

    // Back up to the navigation with Shift+Tab, then the alert setting.
    await tabTo((f) => f.tag === 'A' && f.name === 'Ticketing', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Ticketing' }).waitFor();
    const lockout = page.locator('tr[data-alert-row]').filter({ has: page.getByRole('rowheader', { name: 'User Lockout' }) });
    await expect.poll(() => lockout.locator('td[data-label="Due days"]').textContent()).toBe('2');
    await tabTo((f) => f.name === 'Edit User Lockout');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit alert: User Lockout' });
    await dialog.waitFor();
    await expect.poll(focused).toMatchObject({ tag: 'INPUT', role: 'switch' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(focused).toMatchObject({ name: 'Edit User Lockout' });

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo((f) => f.id === 'alert-due-days');
    await page.keyboard.press('ArrowUp');
    expect(await dialog.getByLabel('Due Days').inputValue()).toBe('3');
    await tabTo((f) => f.tag === 'BUTTON' && f.name === 'Save');
    await page.keyboard.press('Enter');
    // The server checks the choices against ConnectWise Manage before it saves.
    await expect.poll(() => notice().textContent(), { timeout: 10_000 }).toContain('User Lockout settings have been saved');
    await expect.poll(() => lockout.locator('td[data-label="Due days"]').textContent()).toBe('3');
    // Everything else about the setting is as it was.
    expect(await lockout.textContent()).toContain('Priority 2 - Quick Response');
    await expect.poll(focused).toMatchObject({ name: 'Edit User Lockout' });
    expect(pageErrors).toEqual([]);
  });

  it('rotates the keys with Verify and Update, then disables the integration and clears its data', async () => {
    await nav(page, 'Integrations').click();
    const card = page.getByRole('region', { name: 'ConnectWise Manage' });
    await card.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit ConnectWise Manage' }).waitFor();
    expect(await page.getByLabel('Base URL').inputValue()).toBe(cw.site);
    await page.getByRole('button', { name: 'Verify and Update' }).click();
    await expect.poll(() => page.locator('#publicKey-error').textContent()).toContain('Enter the public API key');
    await page.getByLabel('Public API key').fill(cw.publicKey);
    await page.getByLabel('Private API key').fill(cw.privateKey);
    await page.getByRole('button', { name: 'Verify and Update' }).click();
    await expect.poll(() => notice().textContent()).toContain('Integration has been updated');

    await card.getByRole('button', { name: 'Edit' }).click();
    await screenshot(page, 'integrations-edit');
    await page.getByRole('button', { name: 'Disable Integration & Clear Data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable the integration and clear its data?' });
    const typed = dialog.getByLabel('Type Disable & Clear to confirm');
    await typed.fill('disable');
    await dialog.getByRole('button', { name: 'Disable & Clear' }).click();
    await expect.poll(() => dialog.locator('#disable-confirm-error').textContent()).toContain('Type Disable & Clear exactly');
    await typed.fill('Disable & Clear');
    await screenshot(page, 'integrations-disable-confirm', { viewportOnly: true });
    expect(await seriousViolations(page, 'integrations-disable-confirm')).toEqual([]);
    await dialog.getByRole('button', { name: 'Disable & Clear' }).click();
    await expect.poll(() => notice().textContent()).toContain('Integration has been disabled');
    await card.getByText('Not connected').waitFor();

    // The mappings went with it; the organizations stay.
    await nav(page, 'Companies & Agreements').click();
    await page.getByText('ConnectWise Manage is not connected yet.').waitFor();
    await searchOrganizations('acme', 'Acme, Inc.');
    await expect.poll(() => row('Acme, Inc.').textContent()).toContain('Not mapped');

    await page.setViewportSize({ width: 390, height: 844 });
    await nav(page, 'Integrations').click();
    await card.getByText('Not connected').waitFor();
    await screenshot(page, 'integrations-390');
    expect(await seriousViolations(page, 'integrations-390')).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Keys went to the server in request bodies only: nothing but the signed-in flag is kept where scripts read.
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['highwater.signedIn']);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

interface Focused {
  tag: string;
  id: string;
  role: string | null;
  /** aria-label, else the element's label, else its text. */
  name: string;
}

/** What has the keyboard focus now. */
function focused(): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const labelled = element && 'labels' in element ? (element as HTMLInputElement).labels?.[0]?.textContent : null;
    return {
      tag: element?.tagName ?? '',
      id: element?.id ?? '',
      role: element?.getAttribute('role') ?? null,
      name: (element?.getAttribute('aria-label') ?? labelled ?? element?.textContent ?? '').replace(/\s*\*$/, '').trim(),
    };
  });
}

/** Tab (Shift+Tab with `back`) until the focused element is the one wanted; fails after 80 presses. */
async function tabTo(wanted: (element: Focused) => boolean, options: { back?: boolean } = {}) {
  const seen: string[] = [];
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const now = await focused();
    if (wanted(now)) return;
    seen.push(`${now.tag}#${now.id} ${now.name.slice(0, 40)}`);
  }
  throw new Error(`Tab never reached the element; focus went through:\n${seen.join('\n')}`);
}

/** ArrowDown on the focused <select> until the option labelled `label` is chosen. */
async function arrowDownUntil(select: ReturnType<Page['getByLabel']>, label: string) {
  for (let presses = 0; presses < 20; presses += 1) {
    const chosen = await select.evaluate((element) => (element as HTMLSelectElement).selectedOptions[0]?.textContent?.trim());
    if (chosen === label) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`ArrowDown never chose ${label}`);
}

/** A GraphQL call with the admin's token, for what a script or directory would send. */
async function graphql(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function chooseAgreementAndAddition(drawer: ReturnType<Page['getByRole']>) {
  const agreement = drawer.getByLabel('Agreement');
  await expect.poll(() => agreement.locator('option').count()).toBeGreaterThan(1);
  // The cancelled agreement is not offered.
  expect((await agreement.locator('option').allTextContents()).some((text) => text.includes('Old Managed'))).toBe(false);
  await agreement.selectOption({ label: 'Managed Services 1 (Managed Services)' });
  const addition = drawer.getByLabel('Product Addition');
  await expect.poll(() => addition.locator('option').count()).toBeGreaterThan(1);
  await addition.selectOption({ index: 1 });
}
