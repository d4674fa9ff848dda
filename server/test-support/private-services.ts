import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { createTemporaryDatabase, type TemporaryDatabase } from '../src/db/databases.js';
import { startFerretDb, type EmbeddedService } from '../src/embedded/ferretdb.js';
import { freePort } from '../src/embedded/free-port.js';

/*
 * Database servers of one test's own, to stop and start under a running app. The run's shared
 * PostgreSQL server and FerretDB serve every test file at once and must never go down.
 */

const run = promisify(execFile);

/** A service that can be taken down and brought back where its clients expect it. */
export interface RestartableService {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  dispose(): Promise<void>;
}

/** A fresh database on the run's PostgreSQL server (the shared one's neighbour), for a file that needs its own. */
export function temporaryDatabase(prefix: string): Promise<TemporaryDatabase> {
  const server = new URL(inject('databaseUrl'));
  server.pathname = '/postgres';
  return createTemporaryDatabase(prefix, server.toString());
}

/**
 * A FerretDB of its own on a fixed port, its data in its own database on the run's PostgreSQL server
 * (sturdier than SQLite under job polling, and unaffected by FerretDB going down).
 */
export async function startPrivateFerretDb(database = 'highwater'): Promise<RestartableService> {
  const storage = await temporaryDatabase('highwater_faults_ferretdb');
  const dir = mkdtempSync(path.join(tmpdir(), 'highwater-private-ferretdb-'));
  const port = await freePort();
  let running: EmbeddedService | undefined = await startFerretDb(dir, database, storage.url, port);
  const stop = async () => {
    await running?.stop();
    running = undefined;
  };
  return {
    url: running.url,
    stop,
    async start() {
      running ??= await startFerretDb(dir, database, storage.url, port);
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      await storage.drop();
    },
  };
}

interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  /** Prefix that runs a command as a user initdb accepts (it refuses root). */
  asUser: string[];
}

/** What a private PostgreSQL cluster needs, or why it cannot be had here. */
export function findPostgresBinaries(): PostgresBinaries | string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((version) => path.join(root, version, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
  const onPath = spawnSync('initdb', ['--version']).status === 0;
  if (!bin && !onPath) return `no initdb in ${root}/*/bin or on PATH (install the PostgreSQL server package)`;
  const initdb = bin ? path.join(bin, 'initdb') : 'initdb';
  const pgCtl = bin ? path.join(bin, 'pg_ctl') : 'pg_ctl';
  if (process.getuid?.() !== 0) return { initdb, pgCtl, asUser: [] };
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root and there is no postgres user to run initdb as';
  if (spawnSync('runuser', ['--help']).status !== 0) return 'running as root and runuser is missing';
  return { initdb, pgCtl, asUser: ['runuser', '-u', 'postgres', '--'] };
}

/**
 * A PostgreSQL cluster of its own (initdb into a temporary directory, trust authentication) on a free
 * port, for tests that restart the server under a running app.
 */
export async function startPrivatePostgres(binaries: PostgresBinaries): Promise<RestartableService> {
  const dir = mkdtempSync(path.join(tmpdir(), 'highwater-private-postgres-'));
  const data = path.join(dir, 'data');
  if (binaries.asUser.length > 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres']).stdout.toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const as = (command: string, args: string[]) => {
    const argv = [...binaries.asUser, command, ...args];
    return run(argv[0]!, argv.slice(1));
  };
  const port = await freePort();
  await as(binaries.initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => as(binaries.pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']).then(() => undefined);
  // Fast: clients are disconnected at once, as when an operator restarts the server.
  const stop = () => as(binaries.pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']).then(() => undefined);
  await start();
  let disposed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
