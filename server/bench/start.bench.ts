/**
 * pnpm --filter server bench:start [--runs 5]
 * Time from `node dist/main.js` to `/readyz` answering 200 on the embedded defaults (PGlite, FerretDB),
 * as `pnpm start` runs it: one cold start prepares a temporary HIGHWATER_DATA_DIR, then `--runs` warm
 * starts on it, each stopped with SIGTERM. Prints each time, the median, and where the time went (the
 * server's own start-up timings, logged at debug level). Goal: warm start median < 5 s on this 2-core
 * machine. Builds nothing: run `pnpm --filter server build` (or `pnpm start` once) first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './harness.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const serverDir = fileURLToPath(new URL('../', import.meta.url));
const entry = path.join(serverDir, 'dist/main.js');
if (!existsSync(entry)) throw new Error(`${entry} is missing: run pnpm --filter server build first`);

interface Start {
  readyMs: number;
  rssMb: number;
  phasesMs: Record<string, number>;
  stopMs: number;
}

async function start(dataDir: string): Promise<Start> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: serverDir,
    env: { ...process.env, HIGHWATER_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug', NODE_ENV: 'development', DATABASE_URL: '', MONGODB_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /ready at (http:\/\/\S+?)\/? /.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  // The ready line comes after listen; /readyz also checks both databases and the migrations.
  for (;;) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    if (response?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const readyMs = performance.now() - began;
  const rssMb = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  const timings = output.split('\n').find((line) => line.includes('"start-up timings"'));
  const phasesMs = timings ? (JSON.parse(timings) as { phasesMs: Record<string, number> }).phasesMs : {};
  const stopping = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM:\n${output}`);
  return { readyMs, rssMb, phasesMs, stopMs: performance.now() - stopping };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'highwater-bench-start-'));
try {
  const cold = await start(dataDir);
  console.log(`cold start (empty data directory): ${s(cold.readyMs)} to /readyz 200`);
  const warm: Start[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    const result = await start(dataDir);
    warm.push(result);
    console.log(`warm start ${run}: ${s(result.readyMs)} to /readyz 200 (RSS ${Math.round(result.rssMb)} MB, stopped in ${s(result.stopMs)})`);
  }
  const readyMedian = median(warm.map((result) => result.readyMs));
  console.log(`\nwarm start median: ${s(readyMedian)} (goal < 5 s) — ${readyMedian < 5_000 ? 'met' : 'NOT met'}`);
  console.log('where the time went (median per phase, in the server; the rest is process start and the first /readyz):');
  const phases = Object.keys(warm[0]!.phasesMs);
  for (const phase of phases) console.log(`  ${phase.padEnd(14)} ${String(Math.round(median(warm.map((result) => result.phasesMs[phase] ?? 0)))).padStart(6)} ms`);
  console.log(`  ${'(total)'.padEnd(14)} ${String(Math.round(median(warm.map((result) => Object.values(result.phasesMs).reduce((a, b) => a + b, 0))))).padStart(6)} ms`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
