import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Logger } from '../shared/logger.js';
import type { StartupTimer } from '../shared/startup-timer.js';
import { startFerretDb, type EmbeddedService } from './ferretdb.js';
import { startPglite } from './pglite.js';
import { loadOrCreateSecretKey } from './secret-key.js';

export interface ResolvedServices {
  databaseUrl: string;
  databaseMaxConnections?: number;
  /** True when PostgreSQL is the embedded PGlite. */
  embeddedDatabase: boolean;
  mongodbUrl?: string;
  secretKey: Buffer;
  stop(): Promise<void>;
}

export class EmbeddedStartError extends Error {}

/** Where the embedded FerretDB keeps its data. */
const ferretDbDataDir = (config: Config) => path.join(path.resolve(config.dataDir), 'ferretdb');

/**
 * Fills what the configuration leaves unset with embedded defaults under the data directory:
 * PGlite for PostgreSQL, FerretDB for MongoDB (only when `withMongo`), a generated secret key. Both
 * start at once. Light to import, so main.ts starts them before it loads the app's modules.
 */
export async function resolveServices(
  config: Config,
  { logger, withMongo = true, timer }: { logger?: Pick<Logger, 'info'>; withMongo?: boolean; timer?: StartupTimer } = {},
): Promise<ResolvedServices> {
  const dataDir = path.resolve(config.dataDir);
  const started: EmbeddedService[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  const pgliteDir = path.join(dataDir, 'postgres');
  const starting = [
    config.databaseUrl
      ? undefined
      : startOrExplain('PostgreSQL (embedded PGlite)', 'set DATABASE_URL to a PostgreSQL server', () => startPglite(pgliteDir)).then((service) => {
          timer?.mark('pglite');
          return service;
        }),
    config.mongodbUrl || !withMongo
      ? undefined
      : startOrExplain('MongoDB (embedded FerretDB)', 'install Go ≥ 1.22 or set MONGODB_URL', () => startFerretDb(ferretDbDataDir(config))).then((service) => {
          timer?.mark('ferretdb');
          return service;
        }),
  ];
  const [pglite, mongo] = await Promise.allSettled(starting.map((service) => service ?? Promise.resolve(undefined)));
  for (const result of [pglite, mongo]) if (result?.status === 'fulfilled' && result.value) started.push(result.value);
  const failed = [pglite, mongo].find((result) => result?.status === 'rejected');
  if (failed?.status === 'rejected') {
    await stop();
    throw failed.reason;
  }
  const databaseUrl = config.databaseUrl ?? (pglite?.status === 'fulfilled' ? pglite.value!.url : '');
  const mongodbUrl = config.mongodbUrl ?? (mongo?.status === 'fulfilled' ? mongo.value?.url : undefined);
  if (!config.databaseUrl) logger?.info({ dataDir: pgliteDir }, 'using embedded PostgreSQL (PGlite)');
  if (!config.mongodbUrl && withMongo) logger?.info({ dataDir: ferretDbDataDir(config) }, 'using embedded MongoDB (FerretDB)');
  try {
    return {
      databaseUrl,
      databaseMaxConnections: config.databaseUrl ? undefined : 1,
      embeddedDatabase: !config.databaseUrl,
      mongodbUrl,
      secretKey: config.secretKey ?? loadOrCreateSecretKey(dataDir),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startOrExplain<T>(what: string, fix: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedStartError(`${what} could not start: ${reason}. To fix: ${fix}.`);
  }
}
