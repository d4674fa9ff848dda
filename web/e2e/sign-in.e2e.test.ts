/**
 * A person's sign-in, in Chromium against the real server: the one-time setup link → a password (a weak
 * one refused first) → two-factor enrolment with a code computed from the shown key → recovery codes →
 * sign out → email, password and a code → a recovery code once. The person has a provider of their own.
 */
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, nav, screenshot } from './browser';

const server = inject('e2eServer');
const PASSWORD = 'correct horse battery staple 42';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let secret = '';
let recoveryCodes: string[] = [];
/** The code that turned two-factor on, and its step: used once, never accepted again. */
let enrolment = { code: '', step: 0 };
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
});

const currentStep = () => Math.floor(Date.now() / 30_000);

/** RFC 6238 as an authenticator app computes it (SHA-1, 30 s, 6 digits) for a 30-second step. */
function totp(base32: string, step = currentStep()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0xf;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('signing in as a person', () => {
  it('chooses a password from the setup link, a weak one refused with its reason', async () => {
    await page.goto(server.person.setupLink);
    await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    // The token leaves the address bar at once.
    expect(new URL(page.url()).hash).toBe('');
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByLabel('Repeat password').fill('password1234');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toMatch(/common/i);
    await screenshot(page, 'setup-weak-password');
    expect(await seriousViolations(page, 'setup-link')).toEqual([]);

    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('turns on two-factor with a code from the shown key, and shows the recovery codes once', async () => {
    await nav(page, 'Account').click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg').waitFor();
    secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await screenshot(page, 'account-two-factor-enrolment');
    expect(await seriousViolations(page, 'account-two-factor-enrolment')).toEqual([]);

    await page.getByLabel('Code from the app').fill('000000' === totp(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await expect.poll(() => page.getByLabel('Code from the app').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('main').textContent()).toMatch(/the code does not match/i);
    // One mistyped code keeps the admin signed in, with the error at the field.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1);

    enrolment = { step: currentStep(), code: '' };
    enrolment.code = totp(secret, enrolment.step);
    await page.getByLabel('Code from the app').fill(enrolment.code);
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    const codes = page.getByRole('region', { name: /recovery codes/i }).locator('li');
    await expect.poll(() => codes.count()).toBe(10);
    recoveryCodes = await codes.allTextContents();
    await screenshot(page, 'account-recovery-codes');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'account-recovery-codes-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).not.toContain(recoveryCodes[0]!);
  });

  it('signs out, then back in with email, password and the next code; a replayed code is refused', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email').waitFor();
    await page.getByLabel('Email').fill(server.person.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await screenshot(page, 'sign-in-code-step');
    expect(await seriousViolations(page, 'sign-in-code-step')).toEqual([]);

    // The enrolment's code was used: the same code again is a replay, even within its time.
    await code.fill(enrolment.code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toMatch(/wrong or was already used/i);
    expect(await code.evaluate((input) => input === document.activeElement)).toBe(true);

    // The app's next code: a later step than any used (the server accepts one step either side of now).
    await code.fill(totp(secret, Math.max(currentStep(), enrolment.step + 1)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('signs in once with a recovery code instead of the app', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email').fill(server.person.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
