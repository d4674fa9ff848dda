import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test-support/test-app.js';
import { ApiToken } from './api-token.entity.js';
import { PRUNE_REVOKED_TOKENS } from './auth.jobs.js';

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('auth.prune-revoked-tokens job', () => {
  it('runs on Agenda and deletes tokens revoked over 30 days ago, keeping recent and live ones', async () => {
    const t = await startTestApp({ processJobs: true, jobsProcessEveryMs: 250 });
    try {
      const admin = await t.createAdmin();
      const em = t.app.orm.em.fork();
      const live = await em.findOneOrFail(ApiToken, { admin: admin.adminId }, { filters: false });
      em.create(ApiToken, { provider: live.provider, admin: live.admin, name: 'old', tokenHash: 'old-' + live.id, revokedAt: new Date(Date.now() - 31 * 86_400_000) });
      const recently = em.create(ApiToken, { provider: live.provider, admin: live.admin, name: 'recent', tokenHash: 'recent-' + live.id, revokedAt: new Date() });
      await em.flush();

      await t.app.jobs.now(PRUNE_REVOKED_TOKENS, {});

      const remaining = () => t.app.orm.em.fork().find(ApiToken, { admin: admin.adminId }, { filters: false });
      await waitFor(async () => (await remaining()).length === 2);
      expect((await remaining()).map((token) => token.id).sort()).toEqual([live.id, recently.id].sort());
    } finally {
      await t.stop();
    }
  });
});
