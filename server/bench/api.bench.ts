/**
 * pnpm --filter server bench:api [--orgs 1000] [--duration 10] [--connections 10] [--rounds 3] [--subscribers 1000]
 * 1. autocannon against our /graphql (the server as production runs it: compiled, NODE_ENV=production,
 *    its own process; an admin's Bearer token) for a 1,000-organization page and for `{ __typename }`,
 *    and against a bare Apollo Server on express for `{ __typename }` (in this process, which only
 *    seeds): one target at a time, a warm-up each, then the median of the rounds. Goals: page p50
 *    ≤ 50 ms on 1 connection and ≥ 40 req/s on 10; ours/bare req/s ≥ 0.85.
 * 2. SQL statements per request for both of our queries (the ORM's log, counted by sqlCountingLogger).
 * 3. N graphql-ws subscribers of syncRunUpdated and a real sync run against the ConnectWise simulator:
 *    per subscriber, syncNow sent → its first event (QUEUED), and the run's finishedAt → its final event.
 *    Goal: p99 < 250 ms. RSS of the server process.
 * The load (autocannon, the subscribers) runs in a second process, so it has its own event loop and core
 * instead of taking turns with the server's.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { BenchApp } from './harness.js';

type ClientTask =
  | { kind: 'load'; url: string; token: string; query: string; connections: number; duration: number }
  | { kind: 'subscribers'; url: string; token: string; count: number };
type LoadFigures = Record<'rps' | 'p50' | 'p99', number>;
interface SubscriberFigures {
  connectSeconds: number;
  /** syncNow sent → its response. */
  answeredMs: number;
  first: number[];
  final: number[];
}

// A literal `first`, as the admin app sends it: the cost limit is checked against it (above ~1,500 it refuses).
const organizationsPage = (first: number) =>
  `{ organizations(first: ${first}) { totalCount nodes { id externalId name costPerSeat active currentUserCount highWatermark mapping { id } } } }`;
const TRIVIAL = '{ __typename }';
// The app's query paths take several seconds of load to warm up (JIT).
const WARM_UP_SECONDS = 5;
const SUBSCRIPTION = 'subscription { syncRunUpdated { run { id status finishedAt } results { organizationName outcome } } }';
const FINAL_STATUSES = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED']);
const now = () => performance.timeOrigin + performance.now();
/** Resolves once `check` holds, looking every 20 ms. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function post<T>(url: string, token: string, query: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data as T;
}

async function load({ url, token, query, connections, duration }: Extract<ClientTask, { kind: 'load' }>): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    connections,
    duration,
  });
  if (result.errors || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Opens `count` subscriptions, runs a warm-up sync (which also proves every one is live), then the measured one. */
async function subscribers({ url, token, count }: Extract<ClientTask, { kind: 'subscribers' }>): Promise<SubscriberFigures> {
  // Per run, per subscriber: when its first and its final event arrived.
  const runs = new Map<string, { first: number[]; final: number[]; finals: number; finishedAt?: string; allFinal?: () => void }>();
  const receiptsOf = (runId: string) => runs.get(runId) ?? runs.set(runId, { first: [], final: [], finals: 0 }).get(runId)!;
  let failed!: (error: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  let connected = 0;
  let closed = 0;

  const started = performance.now();
  const clients: Client[] = Array.from({ length: count }, (_, i) => {
    const client = createClient({
      url: url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: { connected: () => connected++, closed: () => closed++ },
    });
    client.subscribe<{ syncRunUpdated: { run: { id: string; status: string; finishedAt: string | null } } }>(
      { query: SUBSCRIPTION },
      {
        next: ({ data, errors }) => {
          if (!data) return failed(new Error(JSON.stringify(errors)));
          const at = now();
          const { run } = data.syncRunUpdated;
          const receipts = receiptsOf(run.id);
          receipts.first[i] ??= at;
          if (!FINAL_STATUSES.has(run.status) || receipts.final[i] !== undefined) return;
          receipts.final[i] = at;
          receipts.finishedAt = run.finishedAt ?? undefined;
          if (++receipts.finals === count) receipts.allFinal?.();
        },
        error: (error) => failed(error instanceof Error ? error : new Error(`subscription ended: ${JSON.stringify(error)}`)),
        complete: () => undefined,
      },
    );
    return client;
  });
  await Promise.race([until(() => connected === count), failure]);
  const connectSeconds = (performance.now() - started) / 1000;
  const syncNow = async () => (await post<{ syncNow: { id: string } }>(url, token, 'mutation { syncNow { id } }')).syncNow.id;
  const allFinal = (runId: string) => {
    const receipts = receiptsOf(runId);
    const done = new Promise<void>((resolve) => (receipts.finals === count ? resolve() : (receipts.allFinal = resolve)));
    return Promise.race([done.then(() => receipts), failure]);
  };

  await allFinal(await syncNow());
  const sent = now();
  const runId = await syncNow();
  const answeredMs = now() - sent;
  const measured = await allFinal(runId);
  const finishedAt = Date.parse(measured.finishedAt!);
  for (const client of clients) void client.dispose();
  await until(() => closed === count);
  return { connectSeconds, answeredMs, first: measured.first.map((at) => at - sent), final: measured.final.map((at) => at - finishedAt) };
}

/** Runs one task in the client process (this file, forked), which then exits. */
function inClientProcess<T>(task: ClientTask): Promise<T> {
  const child = fork(fileURLToPath(import.meta.url), { env: { ...process.env, BENCH_API_CLIENT_TASK: JSON.stringify(task) } });
  let result: T | undefined;
  child.once('message', (message) => (result = message as T));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (result === undefined ? reject(new Error(`${task.kind}: client process exited with ${code}`)) : resolve(result)));
  });
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const spread = (values: number[]) => `min ${percentile(values, 0).toFixed(0)} ms  p50 ${percentile(values, 50).toFixed(0)} ms  p99 ${percentile(values, 99).toFixed(0)} ms`;

async function main() {
  // Imported here, not at the top: the client process needs none of the app (4 s and 180 MB to load).
  const { mb, median, peakRssOf, rssOf, startBareApollo, startBenchApp, startBuiltServer } = await import('./harness.js');
  const { sqlCountingLogger } = await import('../test-support/sql-counter.js');
  const { startConnectWiseSimulator } = await import('../test-support/connectwise-sim/index.js');

  const { values } = parseArgs({
    options: {
      orgs: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      subscribers: { type: 'string', default: '1000' },
    },
  });
  const [orgCount, duration, connections, rounds, subscriberCount] = [values.orgs, values.duration, values.connections, values.rounds, values.subscribers].map(Number) as [number, number, number, number, number];

  async function seed(bench: BenchApp): Promise<string[]> {
    const orgs = Array.from({ length: orgCount }, (_, i) => ({ externalId: `api-${i}`, name: `Organization ${String(i).padStart(4, '0')}`, costPerSeat: 8.5 }));
    const { upsertOrganizations } = await bench.graphql<{ upsertOrganizations: { id: string }[] }>(
      'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }',
      { o: orgs },
    );
    const ids = upsertOrganizations.map((org) => org.id);
    const observedAt = new Date().toISOString();
    await bench.graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', {
      c: ids.map((organizationId, i) => ({ organizationId, count: 10 + (i % 90), observedAt })),
    });
    // As autovacuum would after a bulk load: without statistics the planner guesses row counts.
    await bench.app.orm.em.fork().execute('analyze organizations, monthly_watermarks, mappings');
    return ids;
  }
  const row = (label: string, text: string) => console.log(`${label.padEnd(52)}${text}`);
  const latency = (p50: number, p99: number) => `p50 ${p50.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms`;

  const sim = await startConnectWiseSimulator({ seed: { types: ['Customer'] } });
  // This process's app seeds and signs in; the built server, on the same databases, takes the load and runs the jobs.
  const bench = await startBenchApp({ connectWise: { clientId: sim.clientId, ca: sim.ca }, processJobs: false });
  const bare = await startBareApollo();
  let server: Awaited<ReturnType<typeof startBuiltServer>> | undefined;
  try {
    // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    server = await startBuiltServer(bench, { CONNECTWISE_CLIENT_ID: sim.clientId, CONNECTWISE_CA_FILE: sim.caFile }, nodeArgs);
    const ids = await seed(bench);
    const ORGANIZATIONS = organizationsPage(orgCount);
    const page = await bench.graphql<{ organizations: { nodes: unknown[] } }>(ORGANIZATIONS);
    if (page.organizations.nodes.length !== orgCount) throw new Error(`the page holds ${page.organizations.nodes.length} organizations`);

    // 1. Throughput and latency, one target at a time.
    const targets = [
      { label: `ours  organizations(first: ${orgCount})`, url: server.url, query: ORGANIZATIONS, connections },
      { label: 'ours  { __typename }', url: server.url, query: TRIVIAL, connections },
      { label: 'bare Apollo  { __typename }', url: bare.url, query: TRIVIAL, connections },
      // A script pulling every organization, page after page: one request at a time.
      { label: `ours  organizations(first: ${orgCount}), 1 connection`, url: server.url, query: ORGANIZATIONS, connections: 1 },
    ];
    const runLoad = (target: (typeof targets)[number], seconds: number) =>
      inClientProcess<LoadFigures>({ kind: 'load', url: target.url, token: bench.token, query: target.query, connections: target.connections, duration: seconds });
    for (const target of targets) await runLoad(target, WARM_UP_SECONDS);
    const figures = targets.map(() => [] as LoadFigures[]);
    for (let round = 0; round < rounds; round++) for (const [i, target] of targets.entries()) figures[i]!.push(await runLoad(target, duration));
    const medians = figures.map((runs) => ({ rps: median(runs.map((run) => run.rps)), p50: median(runs.map((run) => run.p50)), p99: median(runs.map((run) => run.p99)) }));
    row('autocannon', `${connections} connections (unless said), ${duration} s, median of ${rounds} rounds after a ${WARM_UP_SECONDS} s warm-up`);
    for (const [i, target] of targets.entries()) row(target.label, `${latency(medians[i]!.p50, medians[i]!.p99)}  ${medians[i]!.rps.toFixed(0)} req/s`);
    row('ours/bare req/s, { __typename }', `${(medians[1]!.rps / medians[2]!.rps).toFixed(2)}  (goal ≥ 0.85)`);
    row(`organizations(first: ${orgCount}) goals`, `p50 ≤ 50 ms on 1 connection: ${medians[3]!.p50.toFixed(1)} ms; ≥ 40 req/s on ${connections}: ${medians[0]!.rps.toFixed(0)}`);

    // 2. Statements per request, on an app of its own: its trace-level logger would slow the one above.
    const sql = sqlCountingLogger();
    const counted = await startBenchApp({ logger: sql.logger });
    try {
      await seed(counted);
      const queries: [string, string][] = [[`organizations(first: ${orgCount})`, ORGANIZATIONS], ['{ __typename }', TRIVIAL]];
      for (const [label, query] of queries) {
        await counted.graphql(query);
        const before = sql.statements();
        for (let i = 0; i < 10; i++) await counted.graphql(query);
        row(`SQL statements/request, ${label}`, `${(sql.statements() - before) / 10}`);
      }
    } finally {
      await counted.stop();
    }

    // 3. Subscribers: a real run, five organizations mapped to additions in the simulator.
    await bench.graphql('mutation($i: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $i) { id } }', { i: sim.credentials });
    const mappings = sim.initialSeed!.additions.slice(0, 5).map(({ agreementId, additionId }, i) => ({
      organizationId: ids[i],
      companyId: sim.data.agreements.find((agreement) => agreement.id === agreementId)!.company.id,
      agreementId,
      additionId,
    }));
    await bench.graphql('mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }', { m: mappings });
    const rssBefore = rssOf(server.pid);
    const subs = await inClientProcess<SubscriberFigures>({ kind: 'subscribers', url: server.url, token: bench.token, count: subscriberCount });
    row('graphql-ws subscribers', `${subscriberCount}, all connected in ${subs.connectSeconds.toFixed(1)} s; a warm-up run, then the measured one`);
    row('syncNow sent → first event (QUEUED)', `${spread(subs.first)}  (goal p99 < 250; the mutation answered in ${subs.answeredMs.toFixed(0)} ms)`);
    row('run finishedAt → final event', spread(subs.final));
    row('RSS (server process)', `peak ${mb(peakRssOf(server.pid))} over the whole run; ${mb(rssBefore)} before the subscribers`);
  } finally {
    await server?.stop();
    await bare.stop();
    await bench.stop();
    await sim.close();
  }
}

const clientTask = process.env.BENCH_API_CLIENT_TASK;
if (clientTask) {
  const task = JSON.parse(clientTask) as ClientTask;
  const result = task.kind === 'load' ? await load(task) : await subscribers(task);
  process.send!(result, undefined, {}, () => process.exit(0));
} else {
  await main();
  // As main.ts does: Agenda leaves a lock check (lockLifetime / 2, up to 5 min) pending after each job it ran.
  process.exit(0);
}
