import { inject, it, expect } from 'vitest';
import { openOrm, pendingMigrations } from './orm.js';

it('has a migration for every entity change (run `pnpm --filter server migration:create`)', async () => {
  const orm = await openOrm({ databaseUrl: inject('databaseUrl'), maxConnections: 1 });
  try {
    expect(await pendingMigrations(orm)).toBe(0);
    expect(await orm.getMigrator().checkMigrationNeeded(), 'entities changed without a migration').toBe(false);
  } finally {
    await orm.close(true);
  }
});
