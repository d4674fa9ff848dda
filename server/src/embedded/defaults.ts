import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Logger } from '../shared/logger.js';
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

/**
 * Fills what the configuration leaves unset with embedded defaults under the data directory:
 * PGlite for PostgreSQL, FerretDB for MongoDB (only when `withMongo`), a generated secret key.
 */
export async function resolveServices(config: Config, logger: Logger, { withMongo = true } = {}): Promise<ResolvedServices> {
  const dataDir = path.resolve(config.dataDir);
  const started: EmbeddedService[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pglite = await startOrExplain('PostgreSQL (embedded PGlite)', 'set DATABASE_URL to a PostgreSQL server', () =>
        startPglite(path.join(dataDir, 'postgres')),
      );
      started.push(pglite);
      databaseUrl = pglite.url;
      logger.info({ dataDir: path.join(dataDir, 'postgres') }, 'using embedded PostgreSQL (PGlite)');
    }
    let mongodbUrl = config.mongodbUrl;
    if (!mongodbUrl && withMongo) {
      const ferretdb = await startOrExplain('MongoDB (embedded FerretDB)', 'install Go ≥ 1.22 or set MONGODB_URL', () =>
        startFerretDb(path.join(dataDir, 'ferretdb')),
      );
      started.push(ferretdb);
      mongodbUrl = ferretdb.url;
      logger.info({ dataDir: path.join(dataDir, 'ferretdb') }, 'using embedded MongoDB (FerretDB)');
    }
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
