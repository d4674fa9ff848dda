/**
 * `pnpm demo`: the whole product working, in one command, with nothing to configure. Starts highwater on
 * embedded PostgreSQL and MongoDB in a temporary directory, a ConnectWise and a JumpCloud simulator with a
 * realistic MSP, sets a provider up through the API (demo-world.ts), runs a first sync, keeps security
 * alerts arriving, and prints one link that signs the demo admin in. Ctrl-C (or SIGTERM) stops it all and
 * removes the directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import { resolveServices, type ResolvedServices } from '../../src/embedded/defaults.js';
import { createLogger } from '../../src/shared/logger.js';
import { buildDemoProvider, DEMO_ADMIN, demoSignInPath, graphqlClient, startDemoSimulators, streamAlerts, type DemoSimulators } from './demo-world.js';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`demo: ${line}`);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const webDist = path.join(repoRoot, 'web/dist');
const demoPath = demoSignInPath();

const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);
const dataDir = mkdtempSync(path.join(tmpdir(), 'highwater-demo-'));
let sims: DemoSimulators | undefined;
let services: ResolvedServices | undefined;
let app: App | undefined;
let alerts: { stop(): void } | undefined;
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  alerts?.stop();
  try {
    await app?.stop();
    await sims?.close();
    await services?.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(code === 0 ? 'demo: stopped; nothing left running' : 'demo: stopped after the error above');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));

try {
  if (!existsSync(path.join(webDist, 'index.html')) || newestMtime(path.join(repoRoot, 'web/src')) > statSync(path.join(webDist, 'index.html')).mtimeMs) {
    say('building the admin app (it changed since the last build)…');
    const built = spawnSync('pnpm', ['--filter', 'web', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the admin app failed (see above)');
  }
  // FerretDB is built on first need, as `pnpm start` does (it says how far it is).
  const ferretDb = spawnSync('bash', [path.join(repoRoot, 'server/scripts/build-ferretdb.sh')], { cwd: repoRoot, stdio: 'inherit' });
  if (ferretDb.status !== 0) throw new Error('building FerretDB failed (see above)');
  say('starting the ConnectWise and JumpCloud simulators…');
  sims = await startDemoSimulators();
  say('starting embedded PostgreSQL and MongoDB (FerretDB)…');
  // Embedded defaults in a directory of its own, whatever DATABASE_URL or MONGODB_URL say: the demo never
  // writes into a real database.
  const config = parseConfig({ LOG_LEVEL: process.env.LOG_LEVEL, HIGHWATER_DATA_DIR: dataDir });
  services = await resolveServices(config, { logger });
  app = await createApp({
    databaseUrl: services.databaseUrl,
    databaseMaxConnections: services.databaseMaxConnections,
    mongodbUrl: services.mongodbUrl!,
    secretKey: services.secretKey,
    logger,
    webDistDir: webDist,
    connectWise: { clientId: sims.connectWise.clientId, ca: sims.connectWise.ca },
    jumpCloud: { ca: sims.jumpCloud.ca },
    demoSignIn: { path: demoPath, adminEmail: DEMO_ADMIN },
  });
  const url = await listen(app, Number(process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1');
  say(`highwater is up at ${url} (${elapsed()}); setting up the demo MSP through the API…`);
  const running = app;
  const demo = await buildDemoProvider({
    em: () => running.orm.em.fork(),
    graphqlAt: (token) => graphqlClient(url, token),
    sims,
    providerName: 'Demo MSP',
    adminEmail: DEMO_ADMIN,
  });
  alerts = streamAlerts(sims.jumpCloud, demo.mappedJumpCloudIds);
  console.log('');
  say(`ready in ${elapsed()}: ${demo.organizations} organizations, ${demo.mapped} mapped to ConnectWise agreements, a first sync done, alerts arriving.`);
  console.log(`\n  Open ${url}${demoPath} to sign in as ${DEMO_ADMIN}\n`);
  say('Ctrl-C stops everything and deletes the demo data.');
} catch (error) {
  logger.error({ err: error }, 'the demo could not start');
  console.error(`demo: could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The port asked for, or any free one when it is taken (a `pnpm start` may be running). */
async function listen(target: App, port: number, host: string): Promise<string> {
  try {
    return await target.listen(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    say(`port ${port} is in use; taking a free one`);
    return target.listen(0, host);
  }
}
