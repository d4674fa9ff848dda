import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '../shared/logger.js';
import { ormLoggerFactory } from './orm-logger.js';
import { postgresConnection } from './postgres-tls.js';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

// Where migration:create writes new files; they are loaded through the static list in migrations/index.ts,
// which works the same under tsx, vitest's global setup and the compiled build.
const migrationsDir = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

export interface OrmOptions {
  databaseUrl: string;
  /** PGlite serves one connection; a real server gets a normal pool. */
  maxConnections?: number;
  logger?: Logger;
}

export function ormConfig({ databaseUrl, maxConnections = 10, logger }: OrmOptions): Options {
  const { url, ssl } = postgresConnection(databaseUrl);
  return defineConfig({
    clientUrl: url,
    ...(ssl ? { driverOptions: { connection: { ssl } } } : {}),
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: maxConnections },
    migrations: {
      path: migrationsDir,
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // Only the query namespace: 'query-params' would inline every value into the logged statement.
    debug: logger?.isLevelEnabled('trace') ? ['query'] : false,
    loggerFactory: ormLoggerFactory(logger),
    allowGlobalContext: false,
  });
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

// Any constant will do, as long as nothing else of ours takes the same advisory lock.
const MIGRATION_LOCK = 2026_1125;

/**
 * Pending migrations, applied once however many instances start together: each waits for a PostgreSQL
 * advisory lock, held on a connection of its own, and the one that gets it second finds nothing to do.
 * PGlite (a pool of one) serves one process, so it needs no lock (and taking its only connection would
 * leave none for the migrations).
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const up = async () => (await orm.getMigrator().up()).map((migration) => migration.name);
  if ((orm.config.get('pool')?.max ?? 10) <= 1) return up();
  const knex = orm.em.getConnection().getKnex();
  const connection: unknown = await knex.client.acquireConnection();
  try {
    await knex.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK]).connection(connection);
    return await up();
  } finally {
    await knex.raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK]).connection(connection);
    await knex.client.releaseConnection(connection);
  }
}

export async function pendingMigrations(orm: MikroORM): Promise<number> {
  return (await orm.getMigrator().getPendingMigrations()).length;
}
