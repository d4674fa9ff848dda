import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCommand, type StopTarget } from '../test-support/stop-command.js';

/*
 * `pnpm start` as a user runs it, on the embedded defaults (PGlite, FerretDB), stopped the ways a user
 * or a process manager stops it. The first case starts on an empty data directory, the others reuse it.
 * Then `pnpm demo`, in the same file so the two never build web/dist at the same time.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'highwater-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { HIGHWATER_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'development', DATABASE_URL: '', MONGODB_URL: '' };

describe('pnpm start', { timeout: 240_000 }, () => {
  const cases: [NodeJS.Signals, StopTarget][] = [
    ['SIGTERM', 'pnpm'],
    ['SIGTERM', 'group'],
    ['SIGINT', 'group'],
  ];
  it.each(cases)('exits 0 on %s sent to %s, with one line, nothing left running and the port free', async (signal, target) => {
    const command = await startCommand('start', { env });
    expect((await fetch(`${command.url}/readyz`)).status).toBe(200);

    const stopped = await command.stop(signal, target);
    expect(stopped.code, command.output()).toBe(0);
    expect(stopped.linesAfterSignal).toEqual([expect.stringMatching(new RegExp(`^highwater stopped \\(${signal}, \\d+\\.\\d s\\)`))]);
    expect(command.output()).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
    expect(stopped.leftBehind).toEqual([]);
    expect(stopped.portFree).toBe(true);
    expect(stopped.afterMs).toBeLessThan(10_000);
  });
});

describe('pnpm demo', { timeout: 300_000 }, () => {
  it('prints one link that signs the demo admin in, and exits 0 on SIGTERM with one line, nothing left running and the port free', async () => {
    const command = await startCommand('demo', { env: { PORT: '0' }, ready: /Open (http:\/\/\S+?)\/auth\/demo\// });
    const link = /Open (\S+) to sign in/.exec(command.output())![1]!;
    const signedIn = await fetch(link, { redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('hw_session='))!.split(';')[0]!;
    const viewer = await fetch(`${command.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: command.url, cookie: session },
      body: JSON.stringify({ query: '{ viewer { email provider { name } } }' }),
    });
    expect(await viewer.json()).toEqual({ data: { viewer: { email: 'demo@highwater.example', provider: { name: 'Demo MSP' } } } });

    const stopped = await command.stop('SIGTERM', 'pnpm');
    expect(stopped.code, command.output()).toBe(0);
    expect(stopped.linesAfterSignal).toEqual(['demo: stopped; nothing left running']);
    expect(command.output()).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
    expect(stopped.leftBehind).toEqual([]);
    expect(stopped.portFree).toBe(true);
  });
});
