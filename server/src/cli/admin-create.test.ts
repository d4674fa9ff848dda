import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { startTestApp } from '../../test-support/test-app.js';

const run = promisify(execFile);
const serverDir = new URL('../../', import.meta.url).pathname;

function adminCreate(args: string[]) {
  return run('npx', ['tsx', 'src/cli/admin-create.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'silent' },
  });
}

describe('admin:create command', () => {
  it('prints {providerId, adminId, token} with --json, and the token signs in with those roles', async () => {
    const email = `cli-${Date.now()}@example.com`;
    const { stdout } = await adminCreate(['--provider', `CLI MSP ${Date.now()}`, '--email', email, '--roles', 'billing', '--json']);
    const printed = JSON.parse(stdout.trim()) as { providerId: string; adminId: string; token: string };
    expect(Object.keys(printed).sort()).toEqual(['adminId', 'providerId', 'token']);

    const t = await startTestApp();
    try {
      const result = await t.graphql<{ viewer: { id: string; email: string; roles: string[]; provider: { id: string } } }>(
        '{ viewer { id email roles provider { id } } }',
        {},
        printed.token,
      );
      expect(result.data?.viewer).toEqual({ id: printed.adminId, email, roles: ['BILLING'], provider: { id: printed.providerId } });
    } finally {
      await t.stop();
    }
  });

  it('with --setup-link also prints a one-time link whose token lets the admin choose a password', async () => {
    const email = `cli-link-${Date.now()}@example.com`;
    const { stdout } = await adminCreate(['--provider', `CLI MSP ${Date.now()}`, '--email', email, '--json', '--setup-link', '--url', 'https://billing.example.com/']);
    const printed = JSON.parse(stdout.trim()) as { adminId: string; token: string; setupLink: string };
    expect(printed.setupLink).toMatch(/^https:\/\/billing\.example\.com\/setup#hw_/);

    const t = await startTestApp();
    try {
      const redeemed = await t.graphql<{ redeemSetupLink: { token: string } }>(
        'mutation($token: String!) { redeemSetupLink(token: $token, password: "a long enough passphrase") { token } }',
        { token: printed.setupLink.split('#')[1] },
      );
      const viewer = await t.graphql<{ viewer: { id: string; hasPassword: boolean } }>('{ viewer { id hasPassword } }', {}, redeemed.data!.redeemSetupLink.token);
      expect(viewer.data?.viewer).toEqual({ id: printed.adminId, hasPassword: true });
    } finally {
      await t.stop();
    }
  });

  it('refuses an unknown role with a clear message and a non-zero exit', async () => {
    await expect(adminCreate(['--provider', 'X', '--email', 'x@example.com', '--roles', 'superuser'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown role(s): superuser'),
    });
  });
});
