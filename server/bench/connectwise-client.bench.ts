/**
 * pnpm --filter server bench:cw [--requests 2000] [--rounds 3] [--latency-ms 25] [--concurrency 16] [--in-process]
 *
 * Requests per second the ConnectWise client sustains against the simulator answering every request after
 * a fixed latency: `requests` GETs of one agreement addition per round, all issued at once and queued by
 * the client's own concurrency limit. The simulator runs in a child process (as ConnectWise would be
 * elsewhere) unless --in-process. The requests-per-minute limit is lifted, since it would otherwise be
 * the only thing measured (1,000/min ≈ 16.7 req/s by design).
 * The bound is concurrency / latency (16 / 0.025 s = 640 req/s); the ratio shows the client's overhead.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { clearConnectWiseDiscoveryCache, ConnectWiseClient, type ConnectWiseCredentials } from '../src/connectwise/index.js';
import { startConnectWiseSimulator } from '../test-support/connectwise-sim/index.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    'latency-ms': { type: 'string', default: '25' },
    concurrency: { type: 'string', default: '16' },
    'in-process': { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const latencyMs = Number(values['latency-ms']);
const concurrency = Number(values.concurrency);

interface Target {
  credentials: ConnectWiseCredentials;
  clientId: string;
  ca: string;
  maxInFlight(): Promise<number>;
  close(): Promise<void>;
}

async function inProcess(): Promise<Target> {
  const sim = await startConnectWiseSimulator({ latencyMs, seed: { companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 1 } });
  return {
    credentials: sim.credentials,
    clientId: sim.clientId,
    ca: sim.ca,
    maxInFlight: async () => sim.maxInFlight,
    close: () => sim.close(),
  };
}

async function childProcess(): Promise<Target> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const cli = new URL('../test-support/connectwise-sim/cli.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [tsx, cli, '--json', '--companies', '1', '--agreements-per-company', '1', '--additions-per-agreement', '1', '--latency-ms', String(latencyMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const summary = JSON.parse(line) as ConnectWiseCredentials & { clientId: string; caFile: string; adminUrl: string };
  return {
    credentials: summary,
    clientId: summary.clientId,
    ca: await readFile(summary.caFile, 'utf8'),
    maxInFlight: async () => ((await (await fetch(`${summary.adminUrl}/state`)).json()) as { maxInFlight: number }).maxInFlight,
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

const target = values['in-process'] ? await inProcess() : await childProcess();
clearConnectWiseDiscoveryCache();
const client = new ConnectWiseClient(target.credentials, {
  clientId: target.clientId,
  ca: target.ca,
  maxConcurrency: concurrency,
  maxRequestsPerMinute: 10_000_000,
});

try {
  const { agreementId, additionId } = await firstAddition(client);
  // Warm-up: discovery plus one TLS connection per concurrency slot.
  await Promise.all(Array.from({ length: concurrency * 4 }, () => client.addition(agreementId, additionId)));

  const rates: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const started = performance.now();
    await Promise.all(Array.from({ length: requests }, () => client.addition(agreementId, additionId)));
    const seconds = (performance.now() - started) / 1000;
    rates.push(requests / seconds);
    console.log(`round ${round}: ${requests} GETs in ${seconds.toFixed(2)} s = ${(requests / seconds).toFixed(0)} req/s`);
  }

  const bound = concurrency / (latencyMs / 1000);
  const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
  console.log(`simulator: ${values['in-process'] ? 'in-process' : 'child process'}, latency ${latencyMs} ms, client concurrency ${concurrency}`);
  console.log(`max in flight seen by the simulator: ${await target.maxInFlight()}`);
  console.log(`median: ${median.toFixed(0)} req/s; bound ${concurrency}/${latencyMs / 1000} s = ${bound.toFixed(0)} req/s; ratio ${(median / bound).toFixed(2)}`);
} finally {
  await client.close();
  await target.close();
}

async function firstAddition(cw: ConnectWiseClient): Promise<{ agreementId: number; additionId: number }> {
  for await (const company of cw.iterateCompanies()) {
    const [agreement] = (await cw.agreements(company.id)).items;
    const [addition] = agreement ? (await cw.additions(agreement.id)).items : [];
    if (agreement && addition) return { agreementId: agreement.id, additionId: addition.id };
  }
  throw new Error('the simulator has no addition');
}
