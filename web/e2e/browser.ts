import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const artifacts = fileURLToPath(new URL('../.artifacts/', import.meta.url));

/** Debian's Chromium with the flags these machines need (no sandbox, no GPU, no background traffic). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(path.join(tmpdir(), 'highwater-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
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
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab signed in with `token`, on the first screen. Page errors are collected for the test to check. */
export async function openSignedIn(context: BrowserContext, url: string, token: string) {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${url}/login`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${url}/login`);
  // Email and password is the first form; the token one is behind this button.
  await page.getByRole('button', { name: 'Use an API token' }).click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { page, pageErrors };
}

/** The whole page; `viewportOnly` for open dialogs, which sit in the viewport's top layer. */
export async function screenshot(page: Page, name: string, options: { viewportOnly?: boolean } = {}) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: !options.viewportOnly });
}

export function nav(page: Page, label: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
}
