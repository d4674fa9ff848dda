import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { EmbeddedService } from './ferretdb.js';
import { freePort } from './free-port.js';

/**
 * PostgreSQL compiled to WebAssembly, served on a local port so MikroORM's ordinary driver can use
 * it. PGlite is a single backend: the socket takes one connection and the ORM pool must be one too.
 */
export async function startPglite(dataDir: string): Promise<EmbeddedService> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 1 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
