import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const serverRoot = fileURLToPath(new URL('../../', import.meta.url));
export const FERRETDB_BINARY = `${serverRoot}.tools/ferretdb`;

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

/** Builds the FerretDB binary if it is missing (scripts/build-ferretdb.sh), or explains what to do. */
export function ensureFerretDbBinary(): string {
  const build = spawnSync('bash', [`${serverRoot}scripts/build-ferretdb.sh`], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0 || !existsSync(FERRETDB_BINARY)) {
    throw new Error('embedded MongoDB (FerretDB) could not be built: install Go ≥ 1.22 or set MONGODB_URL');
  }
  return FERRETDB_BINARY;
}

/**
 * FerretDB on its SQLite handler with data under `dataDir`, or on PostgreSQL when `postgresqlUrl` is
 * given (tests: many concurrent writers); stopped with the returned handle. On a free port unless
 * `listenPort` is given (tests restart it where its clients expect it).
 */
export async function startFerretDb(dataDir: string, database = 'highwater', postgresqlUrl?: string, listenPort?: number): Promise<EmbeddedService> {
  const binary = ensureFerretDbBinary();
  const port = listenPort ?? (await freePort());
  const args = ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-stdin-lifeline', ...(postgresqlUrl ? ['-postgresql-url', postgresqlUrl] : [])];
  // Its own process group: a Ctrl-C or SIGTERM to ours must not stop it before we have handed our jobs
  // back and closed the client; its stdin pipe stops it when this process ends, however that happens.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FerretDB did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with ${code}: ${stderr}`));
    });
  });

  return {
    url: `mongodb://127.0.0.1:${port}/${database}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        child.stdin.end();
      }),
  };
}
