/**
 * pnpm --filter server bench:sync [--orgs 10000] [--runs 1] [--throttled-orgs 1000]
 * 1. A full billing sync of N mapped organizations against the ConnectWise simulator (own process,
 *    25 ms latency per request) with the client's 16-request concurrency cap: wall time against the
 *    bound the simulator imposes (requests × 25 ms ÷ 16), requests per organization, peak RSS; `--runs`
 *    times. Goals: ratio ≤ 1.15, the worker's peak RSS < 270 MB. The worker is the compiled server.
 * 2. The same with the simulator answering 429 above 1,000 requests/minute while the client is allowed
 *    2,000/minute: the run must still complete with 0 failures.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { mb, peakRssOf, startBenchApp, startBuiltServer } from './harness.js';

const { values } = parseArgs({
  options: { orgs: { type: 'string', default: '10000' }, runs: { type: 'string', default: '1' }, 'throttled-orgs': { type: 'string', default: '1000' } },
});
const LATENCY_MS = 25;
const CONCURRENCY = 16;

interface Simulator {
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  caFile: string;
  adminUrl: string;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): void;
}

async function startSimulator(): Promise<Simulator> {
  // BENCH_SIM_NODE_ARGS: extra node flags for the simulator process (as for the worker below).
  const nodeArgs = process.env.BENCH_SIM_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'test-support/connectwise-sim/cli.ts', '--json', '--companies', '0', '--latency-ms', String(LATENCY_MS), '--types', 'Customer'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const info = JSON.parse(line) as Omit<Simulator, 'admin' | 'stop'>;
  return {
    ...info,
    async admin<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(info.adminUrl + path, { method, body: body ? JSON.stringify(body) : undefined, headers: { 'content-type': 'application/json' } });
      return (await response.json()) as T;
    },
    stop: () => process.kill(-child.pid!, 'SIGTERM'),
  };
}

/** The worker's own measure of its ConnectWise requests (its /metrics): their count and total time. */
async function connectWiseRequestSeconds(url: string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const total = (suffix: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`highwater_connectwise_request_duration_seconds_${suffix}{`))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  return { count: total('count'), sum: total('sum') };
}

async function syncOnce(sim: Simulator, orgCount: number, maxRequestsPerMinute: number) {
  // This process serves the API for setup; the server as production runs it (compiled, its own process,
  // jobs on, Agenda polling every second) runs the sync, so its peak memory is the sync's own.
  const bench = await startBenchApp({ connectWise: { clientId: sim.clientId, ca: readFileSync(sim.caFile) } });
  // BENCH_WORKER_NODE_ARGS: extra node flags for the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const worker = await startBuiltServer(
    bench,
    { CONNECTWISE_CLIENT_ID: sim.clientId, CONNECTWISE_CA_FILE: sim.caFile, CONNECTWISE_MAX_REQUESTS_PER_MINUTE: String(maxRequestsPerMinute) },
    nodeArgs,
  );
  try {
    await bench.graphql('mutation($i: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $i) { id } }', {
      i: { site: sim.site, companyId: sim.companyId, publicKey: sim.publicKey, privateKey: sim.privateKey },
    });
    const seeded = await sim.admin<{ companyIds: number[]; additions: { agreementId: number; additionId: number }[] }>('POST', '/seed', {
      companies: Math.ceil(orgCount / 2),
      types: ['Customer'],
      agreementsPerCompany: 1,
      additionsPerAgreement: 2,
    });
    const orgs = await bench.graphql<{ upsertOrganizations: { id: string }[] }>('mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }', {
      o: Array.from({ length: orgCount }, (_, i) => ({ externalId: `bench-${i}`, name: `Bench org ${i}`, costPerSeat: 8.5 })),
    });
    const ids = orgs.upsertOrganizations.map((org) => org.id);
    const now = new Date().toISOString();
    await bench.graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', {
      c: ids.map((organizationId, i) => ({ organizationId, count: 10 + (i % 90), observedAt: now })),
    });
    // Mappings straight into the table: the picker's per-mapping ConnectWise checks are not what is measured.
    const mappings = ids.map((organizationId, i) => ({ o: organizationId, a: seeded.additions[i]!.agreementId, d: seeded.additions[i]!.additionId }));
    await bench.app.orm.em.fork().execute(
      `insert into mappings (id, created_at, updated_at, provider_id, organization_id, company_id, company_name, agreement_id, agreement_name, addition_id, addition_name, needs_attention)
       select gen_random_uuid(), now(), now(), ?, x.o, 1, 'Company', x.a, 'Agreement', x.d, 'Addition', false from jsonb_to_recordset(?::jsonb) as x(o uuid, a int, d int)`,
      [bench.providerId, JSON.stringify(mappings)],
    );

    const before = await sim.admin<{ counts: { requests: number } }>('GET', '/state');
    const started = performance.now();
    const { syncNow } = await bench.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }');
    let run: { status: string; updated: number; unchanged: number; skipped: number; failed: number; total: number; startedAt: string; finishedAt: string };
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = (
        await bench.graphql<{ syncRun: typeof run }>('query($id: ID!) { syncRun(id: $id) { status updated unchanged skipped failed total startedAt finishedAt } }', {
          id: syncNow.id,
        })
      ).syncRun;
    } while (run.status === 'QUEUED' || run.status === 'RUNNING');
    const endToEnd = (performance.now() - started) / 1000;
    // The run's own clock: from the worker taking the job to the last result written.
    const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
    const peak = peakRssOf(worker.pid);
    const requestSeconds = await connectWiseRequestSeconds(worker.url);
    const after = await sim.admin<{ counts: { requests: number } }>('GET', '/state');
    return { run, seconds, endToEnd, requests: after.counts.requests - before.counts.requests, peak, requestSeconds };
  } finally {
    await worker.stop();
    await bench.stop();
  }
}

const sim = await startSimulator();
try {
  const orgCount = Number(values.orgs);
  const runs = Number(values.runs);
  for (let runIndex = 1; runIndex <= runs; runIndex++) {
    // The most the configuration allows: the client does not pace this run (it makes about 38,000 requests a minute).
    const full = await syncOnce(sim, orgCount, 100_000);
    const bound = (full.requests * LATENCY_MS) / 1000 / CONCURRENCY;
    const { updated, unchanged, skipped, failed, total } = full.run;
    if (runs > 1) console.log(`— run ${runIndex} of ${runs}`);
    console.log(`organizations                ${orgCount}  (run ${full.run.status}: ${JSON.stringify({ updated, unchanged, skipped, failed, total })})`);
    console.log(`wall time                    ${full.seconds.toFixed(1)} s  (run started → finished; ${full.endToEnd.toFixed(1)} s from syncNow, incl. Agenda's pickup)`);
    console.log(`simulator lower bound        ${bound.toFixed(1)} s  (${full.requests} requests × ${LATENCY_MS} ms ÷ ${CONCURRENCY})`);
    console.log(`ratio wall / bound           ${(full.seconds / bound).toFixed(2)}  (goal ≤ 1.15)`);
    console.log(`requests per organization    ${(full.requests / orgCount).toFixed(2)}`);
    const { count, sum } = full.requestSeconds;
    // Against the simulator's 25 ms: what each request costs on the way (both processes, TLS, the wire).
    console.log(`ConnectWise request, mean    ${((sum / count) * 1000).toFixed(1)} ms as the worker measured it (${count} requests); ${((full.seconds * CONCURRENCY) / count * 1000).toFixed(1)} ms of slot time each`);
    console.log(`peak RSS (sync worker)       ${mb(full.peak)}  (goal < 270 MB)`);
  }

  const throttledOrgs = Number(values['throttled-orgs']);
  const fault = await sim.admin<{ id: string }>('POST', '/faults', { type: 'rate-limit', limit: 1000, windowMs: 60_000, retryAfterSeconds: 10 });
  const throttled = await syncOnce(sim, throttledOrgs, 2_000);
  const state = await sim.admin<{ faults: { id: string; fired: number }[] }>('GET', '/state');
  const rejected = state.faults.find((candidate) => candidate.id === fault.id)?.fired ?? 0;
  console.log(`with 429s above 1,000/min    ${throttledOrgs} orgs: ${throttled.run.status}, ${throttled.run.updated} updated, ${throttled.run.failed} failures, ${rejected} requests answered 429, ${throttled.seconds.toFixed(0)} s`);
} finally {
  sim.stop();
}
