import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createTemporaryDatabase, LOCAL_POSTGRES_URL } from '../src/db/databases.js';
import { applyMigrations, openOrm } from '../src/db/orm.js';
import { startFerretDb } from '../src/embedded/ferretdb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    mongodbUrl: string;
  }
}

/**
 * One run, real services: a fresh PostgreSQL database (migrated once, dropped at the end) on the local
 * server (TEST_POSTGRES_URL to use another) and a FerretDB in a temporary directory.
 */
export default async function setup(project: TestProject) {
  const database = await createTemporaryDatabase('highwater_test', process.env.TEST_POSTGRES_URL ?? LOCAL_POSTGRES_URL);
  const orm = await openOrm({ databaseUrl: database.url, maxConnections: 1 });
  await applyMigrations(orm);
  await orm.close(true);

  // FerretDB keeps its data in its own PostgreSQL database: sturdier than SQLite files under a whole
  // suite's concurrent job polling.
  const ferretDatabase = await createTemporaryDatabase('highwater_test_ferretdb', process.env.TEST_POSTGRES_URL ?? LOCAL_POSTGRES_URL);
  const ferretDir = mkdtempSync(path.join(tmpdir(), 'highwater-ferretdb-'));
  const ferretdb = await startFerretDb(ferretDir, 'highwater_test', ferretDatabase.url);

  project.provide('databaseUrl', database.url);
  project.provide('mongodbUrl', ferretdb.url);

  return async () => {
    await ferretdb.stop();
    rmSync(ferretDir, { recursive: true, force: true });
    await ferretDatabase.drop();
    await database.drop();
  };
}
