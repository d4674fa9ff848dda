import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '../shared/logger.js';
import { ormLoggerFactory } from './orm-logger.js';
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
  return defineConfig({
    clientUrl: databaseUrl,
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

export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

export async function pendingMigrations(orm: MikroORM): Promise<number> {
  return (await orm.getMigrator().getPendingMigrations()).length;
}
