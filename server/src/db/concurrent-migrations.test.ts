import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTemporaryDatabase, type TemporaryDatabase } from './databases.js';
import { migrationsList } from './migrations/index.js';
import { applyMigrations, openOrm } from './orm.js';

let database: TemporaryDatabase;
beforeAll(async () => {
  database = await createTemporaryDatabase('highwater_concurrent_migrations', serverUrlOf(inject('databaseUrl')));
});
afterAll(() => database?.drop());

function serverUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

it('migrates a fresh database once when three instances start at the same moment', async () => {
  const orms = await Promise.all([1, 2, 3].map(() => openOrm({ databaseUrl: database.url })));
  try {
    const applied = await Promise.all(orms.map((orm) => applyMigrations(orm)));
    // One instance applied every migration; the others waited for it and found nothing to do.
    expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, migrationsList.length]);
    const [row] = await orms[0]!.em.fork().execute<{ n: number }[]>('select count(*)::int as n from mikro_orm_migrations');
    expect(row!.n).toBe(migrationsList.length);
  } finally {
    await Promise.all(orms.map((orm) => orm.close(true)));
  }
});
