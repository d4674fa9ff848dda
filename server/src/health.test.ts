import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../test-support/test-app.js';
import { startFerretDb } from './embedded/ferretdb.js';

describe('health endpoints', () => {
  it('answers /healthz and reports /readyz ready when both databases answer and migrations are applied', async () => {
    const t = await startTestApp();
    try {
      expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { postgres: { ok: true }, mongodb: { ok: true }, migrations: { ok: true, pending: 0 } },
      });
    } finally {
      await t.stop();
    }
  });

  it('reports /readyz not-ready with 503 and names MongoDB when it goes away', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'highwater-readyz-'));
    const ferretdb = await startFerretDb(dir);
    const t = await startTestApp({ mongodbUrl: ferretdb.url });
    try {
      await ferretdb.stop();
      const response = await fetch(`${t.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; checks: { mongodb: { ok: boolean; error: string }; postgres: { ok: boolean } } };
      expect(body.status).toBe('not-ready');
      expect(body.checks.mongodb.ok).toBe(false);
      expect(body.checks.mongodb.error).toEqual(expect.any(String));
      expect(body.checks.postgres.ok).toBe(true);
    } finally {
      await t.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
