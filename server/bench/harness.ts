import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createApp, type App, type AppConfig } from '../src/app.js';
import { createTemporaryDatabase, LOCAL_POSTGRES_URL } from '../src/db/databases.js';
import { startFerretDb } from '../src/embedded/ferretdb.js';
import { AuthService } from '../src/features/auth/auth.service.js';
import { Role } from '../src/features/auth/roles.js';
import { createLogger } from '../src/shared/logger.js';

export interface BenchApp {
  app: App;
  databaseUrl: string;
  mongodbUrl: string;
  secretKey: Buffer;
  url: string;
  token: string;
  providerId: string;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export interface BenchAppOptions {
  /**
   * Where FerretDB keeps Agenda's jobs: its SQLite files (the embedded default, one writer at a time) or
   * a PostgreSQL database of its own (as the tests run it, for several processes writing at once).
   */
  jobStore?: 'sqlite' | 'postgresql';
}

/** The real app on a throwaway database and FerretDB, with one Billing admin, for a benchmark run. */
export async function startBenchApp(overrides: Partial<AppConfig> = {}, { jobStore = 'sqlite' }: BenchAppOptions = {}): Promise<BenchApp> {
  const serverUrl = process.env.BENCH_POSTGRES_URL ?? LOCAL_POSTGRES_URL;
  const database = await createTemporaryDatabase('highwater_bench', serverUrl);
  const ferretStorage = jobStore === 'postgresql' ? await createTemporaryDatabase('highwater_bench_jobs', serverUrl) : undefined;
  const ferretDir = mkdtempSync(path.join(tmpdir(), 'highwater-bench-'));
  const ferretdb = await startFerretDb(ferretDir, 'bench', ferretStorage?.url);
  const secretKey = randomBytes(32);
  const app = await createApp({
    databaseUrl: database.url,
    mongodbUrl: ferretdb.url,
    secretKey,
    logger: createLogger('warn'),
    connectWise: { clientId: '0f4c5a52-6f55-4cf4-b8f1-5b0b2c6a1e11' },
    processJobs: false,
    ...overrides,
  });
  const url = await app.listen(0);
  const { token, provider } = await new AuthService(app.orm.em.fork()).createProviderAdmin({
    providerName: 'Bench MSP',
    email: 'bench@example.com',
    roles: [Role.BILLING],
  });
  return {
    app,
    databaseUrl: database.url,
    mongodbUrl: ferretdb.url,
    secretKey,
    url,
    token,
    providerId: provider.id,
    graphql: graphqlAs(url, token),
    async stop() {
      await app.stop();
      await ferretdb.stop();
      rmSync(ferretDir, { recursive: true, force: true });
      await ferretStorage?.drop();
      await database.drop();
    },
  };
}

export interface BuiltServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The server as production runs it — compiled by tsc, `node main.js`, NODE_ENV=production, jobs on — in
 * a process of its own, on a bench app's databases (so its token signs in). Under tsx, the dev runner,
 * every closure our code makes costs a `__name` call that the compiled server does not pay.
 */
export async function startBuiltServer(bench: BenchApp, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BuiltServer> {
  const buildDir = buildServer();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', path.join(buildDir, 'main.js')], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: bench.databaseUrl,
      MONGODB_URL: bench.mongodbUrl,
      HIGHWATER_SECRET_KEY: bench.secretKey.toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(port),
      HIGHWATER_BREACHED_PASSWORD_CHECK: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the built server exited with ${child.exitCode}`);
    if (await fetch(`${url}/readyz`).then((response) => response.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));
let built: string | undefined;

/** Compiles the server once per benchmark process into server/.bench-build (gitignored), as `pnpm build` would. */
function buildServer(): string {
  if (built) return built;
  const buildDir = path.join(SERVER_DIR, '.bench-build');
  rmSync(buildDir, { recursive: true, force: true });
  const result = spawnSync('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json', '--outDir', buildDir], { cwd: SERVER_DIR, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the production build failed:\n${result.stdout}${result.stderr}`);
  return (built = buildDir);
}

/** The resident memory of a process now (VmRSS), in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** POSTs GraphQL to `url` with an admin's Bearer token; throws on errors (a benchmark's setup must not fail quietly). */
export function graphqlAs(url: string, token: string) {
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data as T;
  };
}

/** A bare Apollo Server on express (as ours is), one field: the baseline our /graphql is compared to. */
export async function startBareApollo(): Promise<{ url: string; stop(): Promise<void> }> {
  const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  await apollo.start();
  const web = express();
  web.use('/graphql', express.json(), expressMiddleware(apollo));
  const server = createServer(web);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The peak resident memory the kernel recorded for a process (VmHWM), in bytes. */
export function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Samples peak RSS every 50 ms while a benchmark runs. */
export function trackPeakRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
