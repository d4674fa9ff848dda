/**
 * pnpm --filter server bench:fleet [--providers 200 --orgs 100 --workers 3 --cases normal,kill --job-store postgresql|sqlite --timeout 540]
 * The daily billing sync of a fleet: `providers` providers × `orgs` organizations, each provider on its
 * own ConnectWise simulator (25 ms per request, the client's 16 in flight, 429 above 1,000/minute), and
 * `workers` worker processes (test-support/sync-worker.ts, as in production: jobs on, Agenda polling
 * every second) sharing one PostgreSQL and one job store. Every provider's daily job is made due at
 * the same moment (as at 12:00). Printed per case: makespan against the bound the simulators impose,
 * the slowest provider's finish, requests per organization, the workers' peak RSS, duplicate PATCHes.
 * `kill` does the same on a fresh world and SIGKILLs one worker once half the runs have finished.
 * Each case sets its world up afresh; `--cases normal` or `--cases kill` runs one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SYNC_DAILY_JOB, SYNC_RUNS_PER_WORKER } from '../src/features/sync/sync.jobs.js';
import { AGENDA_JOBS_COLLECTION } from '../src/jobs/agenda.js';
import { CLIENT_ID, LATENCY_MS, REQUESTS_PER_MINUTE, startFleetWorld, type FleetWorld } from './fleet-world.js';
import { mb, median, peakRssOf } from './harness.js';

const { values } = parseArgs({
  options: {
    providers: { type: 'string', default: '200' },
    orgs: { type: 'string', default: '100' },
    workers: { type: 'string', default: '3' },
    cases: { type: 'string', default: 'normal,kill' },
    'job-store': { type: 'string', default: 'postgresql' },
    timeout: { type: 'string', default: '540' },
  },
});
const PROVIDERS = Number(values.providers);
const ORGS = Number(values.orgs);
const WORKERS = Number(values.workers);
const JOB_STORE = values['job-store'] === 'sqlite' ? 'sqlite' : 'postgresql';
/** Seconds a case may take from "due" before it is reported as not completing. */
const TIMEOUT_S = Number(values.timeout);
const CONCURRENCY = 16;

interface Worker {
  child: ChildProcess;
  peakRss: number;
  killed: boolean;
}

function startWorker(world: FleetWorld): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test-support/sync-worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: world.bench.databaseUrl,
      MONGODB_URL: world.bench.mongodbUrl,
      HIGHWATER_SECRET_KEY: world.bench.secretKey.toString('hex'),
      CONNECTWISE_CLIENT_ID: CLIENT_ID,
      CONNECTWISE_CA_FILE: world.caFile,
      CONNECTWISE_MAX_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
      CONNECTWISE_RETRY_BASE_DELAY_MS: '500',
      // Production's poll interval and run lock.
      JOBS_PROCESS_EVERY_MS: '1000',
      SYNC_RUN_LOCK_MS: '60000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group: a SIGKILL reaches nothing else.
    detached: true,
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).once('line', () => resolve({ child, peakRss: 0, killed: false }));
  });
}

interface RunRow {
  provider_id: string;
  status: string;
  started_at: Date | null;
  finished_at: Date | null;
  attempts: number;
  failed: number;
}

async function dailyRuns(world: FleetWorld): Promise<RunRow[]> {
  const rows = await world.bench.app.orm.em
    .fork()
    .execute<(Omit<RunRow, 'started_at' | 'finished_at'> & { started_at: string | null; finished_at: string | null })[]>(
      `select provider_id, status, started_at, finished_at, attempts, failed from sync_runs where slot like 'daily:%'`,
    );
  // Raw rows carry timestamps as text.
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return rows.map((row) => ({ ...row, started_at: date(row.started_at), finished_at: date(row.finished_at) }));
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

async function runCase(kill: boolean) {
  const setupStarted = performance.now();
  const world = await startFleetWorld({ providers: PROVIDERS, orgs: ORGS, jobStore: JOB_STORE });
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  process.stderr.write(`  world set up in ${setupSeconds.toFixed(0)} s; starting ${WORKERS} workers\n`);
  const workers: Worker[] = [];
  try {
    return await measure(world, workers, kill, setupSeconds);
  } catch (error) {
    await world.stop();
    throw error;
  } finally {
    for (const worker of workers) {
      if (worker.killed || worker.child.exitCode !== null) continue;
      process.kill(-worker.child.pid!, 'SIGTERM');
      await new Promise((resolve) => worker.child.once('exit', resolve));
    }
  }
}

async function measure(world: FleetWorld, workers: Worker[], kill: boolean, setupSeconds: number) {
  const workersStarted = performance.now();
  // Together, as a deployment starts them.
  await Promise.all(Array.from({ length: WORKERS }, async () => workers.push(await startWorker(world))));
  const workersSeconds = (performance.now() - workersStarted) / 1000;
  const jobs = world.bench.app.mongo.db().collection(AGENDA_JOBS_COLLECTION);
  const schedules = await jobs.countDocuments({ name: SYNC_DAILY_JOB });
  process.stderr.write(`  workers ready in ${workersSeconds.toFixed(0)} s; every daily job due now\n`);

  const before = world.requestCounts();
  const trafficBefore = world.traffic();
  // 12:00 for everyone: each provider's daily job due now.
  const due = new Date();
  await jobs.updateMany({ name: SYNC_DAILY_JOB }, { $set: { nextRunAt: due } });

  let runs: RunRow[];
  let killedAt: number | undefined;
  let lastReport = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    runs = await dailyRuns(world);
    const finished = runs.filter((run) => run.finished_at).length;
    const elapsed = seconds(due, new Date());
    if (elapsed - lastReport >= 15) {
      lastReport = elapsed;
      const running = runs.filter((run) => run.status === 'running').length;
      process.stderr.write(`  ${elapsed.toFixed(0)} s: ${runs.length} runs created, ${running} running, ${finished} finished\n`);
    }
    if (kill && killedAt === undefined && finished >= PROVIDERS / 2) {
      const victim = workers[0]!;
      victim.peakRss = peakRssOf(victim.child.pid!);
      process.kill(-victim.child.pid!, 'SIGKILL');
      victim.killed = true;
      killedAt = elapsed;
      process.stderr.write(`  ${elapsed.toFixed(1)} s: worker 1 killed (SIGKILL)\n`);
    }
    if (finished >= PROVIDERS || elapsed > TIMEOUT_S) break;
  }
  for (const worker of workers) if (!worker.killed) worker.peakRss = peakRssOf(worker.child.pid!);
  return { setupSeconds, workersSeconds, schedules, due, runs, killedAt, before, trafficBefore, world, workers };
}

function report(name: string, result: Awaited<ReturnType<typeof runCase>>) {
  const { due, runs, world, before, trafficBefore } = result;
  const finished = runs.filter((run): run is RunRow & { finished_at: Date; started_at: Date } => run.finished_at !== null && run.started_at !== null);
  const after = world.requestCounts();
  const traffic = world.traffic();
  const requests = traffic.requests - trafficBefore.requests;
  // The least time each provider's run can take on its simulator: its requests 16 at a time at 25 ms,
  // or paced at 1,000 a minute (the simulator's limit, to which the client paces without bursting),
  // whichever is longer. All providers at once is the simulators' bound; with W × 4 runs at a time,
  // the runs cannot finish before their total time spread over every slot.
  const perProvider = world.providers.map(({ id }) => {
    const count = after.get(id)! - before.get(id)!;
    return Math.max((count * LATENCY_MS) / CONCURRENCY, (count * 60_000) / REQUESTS_PER_MINUTE) / 1000;
  });
  const simulatorsBound = Math.max(...perProvider);
  const slots = result.workers.length * SYNC_RUNS_PER_WORKER;
  const slotsBound = Math.max(simulatorsBound, perProvider.reduce((sum, time) => sum + time, 0) / slots);
  const finishes = finished.map((run) => seconds(due, run.finished_at));
  const complete = finished.length === PROVIDERS;
  const makespan = complete ? Math.max(...finishes) : seconds(due, new Date());
  const slowest = finished.find((run) => seconds(due, run.finished_at) === Math.max(...finishes));
  const duplicates = world.duplicates();
  const lines = [
    `— ${name}: ${PROVIDERS} providers × ${ORGS} organizations, ${result.workers.length} workers, job store FerretDB/${JOB_STORE}`,
    `setup                        ${result.setupSeconds.toFixed(0)} s world, ${result.workersSeconds.toFixed(1)} s workers started; ${result.schedules} daily schedules (one per provider: ${PROVIDERS})`,
    complete
      ? `makespan                     ${makespan.toFixed(1)} s  (all daily jobs due → last run finished)`
      : `makespan                     DID NOT COMPLETE: ${finished.length}/${PROVIDERS} runs finished after ${makespan.toFixed(0)} s (${runs.length} created)`,
    `bound                        ${simulatorsBound.toFixed(1)} s from the simulators alone; ${slotsBound.toFixed(1)} s given ${slots} run slots (${result.workers.length} workers × ${SYNC_RUNS_PER_WORKER})`,
    `ratio makespan / bound       ${(makespan / slotsBound).toFixed(2)}  (vs simulators alone ${(makespan / simulatorsBound).toFixed(2)})`,
    slowest
      ? `slowest provider             finished ${seconds(due, slowest.finished_at).toFixed(1)} s after due: waited ${seconds(due, slowest.started_at).toFixed(1)} s for a slot, ran ${seconds(slowest.started_at, slowest.finished_at).toFixed(1)} s (${slowest.attempts} attempt${slowest.attempts === 1 ? '' : 's'})`
      : 'slowest provider             -',
    `provider finish after due    median ${median(finishes).toFixed(1)} s; run itself median ${median(finished.map((run) => seconds(run.started_at, run.finished_at))).toFixed(1)} s`,
    `requests per organization    ${(requests / (PROVIDERS * ORGS)).toFixed(2)}  (${requests} requests, ${traffic.rateLimited} answered 429, at most ${traffic.maxInFlight} in flight on one simulator)`,
    `workers' peak RSS            ${result.workers.map((worker, index) => `${mb(worker.peakRss)}${worker.killed ? ' (killed)' : ''}${index < result.workers.length - 1 ? ',' : ''}`).join(' ')}`,
    `duplicates                   ${duplicates.extraPatches} extra PATCHes: ${duplicates.additions} of the ${duplicates.patchedAdditions} additions PATCHed were PATCHed more than once (runs with failures: ${finished.filter((run) => run.failed > 0).length})`,
    `throughput                   ${((PROVIDERS * ORGS) / (makespan / 60) / result.workers.length).toFixed(0)} organizations/minute/worker`,
  ];
  if (result.killedAt !== undefined) {
    const resumed = finished.filter((run) => run.attempts > 1).length;
    lines.splice(3, 0, `kill                         worker 1 SIGKILLed ${result.killedAt.toFixed(1)} s after due (half the runs finished); ${resumed} run${resumed === 1 ? '' : 's'} resumed by another worker`);
  }
  console.log(lines.join('\n'));
}

for (const name of values.cases.split(',').map((value) => value.trim())) {
  if (name !== 'normal' && name !== 'kill') throw new Error(`unknown case ${name}: normal or kill`);
  const result = await runCase(name === 'kill');
  try {
    report(name === 'kill' ? 'one worker killed mid-way' : 'all workers', result);
  } finally {
    await result.world.stop();
  }
}
