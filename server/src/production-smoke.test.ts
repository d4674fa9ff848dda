import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { ConnectWiseTestBed } from '../test-support/connectwise-app.js';
import { connectToSimulator } from '../test-support/connectwise-app.js';
import { startConnectWiseSimulator } from '../test-support/connectwise-sim/index.js';
import { temporaryDatabase } from '../test-support/private-services.js';
import { mappedOrganizations, RUN_FIELDS } from '../test-support/sync-fixtures.js';
import type { TestApp } from '../test-support/test-app.js';
import { waitFor } from '../test-support/ticketing-fixtures.js';
import type { TemporaryDatabase } from './db/databases.js';
import { openOrm } from './db/orm.js';
import { freePort } from './embedded/free-port.js';
import { AuthService } from './features/auth/auth.service.js';
import { Role } from './features/auth/roles.js';

/*
 * The production build as it is deployed: the server compiled by tsc, run by plain `node` with
 * NODE_ENV=production (no tsx, no embedded databases), two instances on different ports against one
 * PostgreSQL database and one MongoDB-wire store. A sync started through one is seen live through the
 * other (graphql-ws, events through PostgreSQL); an instance stopped with SIGTERM in the middle of a run
 * exits 0 and hands the run over, and the other finishes it, writing each organization to ConnectWise
 * once. (Compiled into a directory of its own, so no other test's build of dist/ races with it.)
 */

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const buildDir = path.join(serverDir, '.smoke-build');
const secretKey = randomBytes(32).toString('hex');
const bed = {} as ConnectWiseTestBed;
let database: TemporaryDatabase;
let mongodbUrl = '';
const instances: Instance[] = [];

interface Instance {
  url: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

async function startInstance(port?: number): Promise<Instance> {
  const listenOn = port ?? (await freePort());
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(buildDir, 'main.js')], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      MONGODB_URL: mongodbUrl,
      HIGHWATER_SECRET_KEY: secretKey,
      HOST: '127.0.0.1',
      PORT: String(listenOn),
      CONNECTWISE_CA_FILE: bed.sim.caFile,
      HIGHWATER_BREACHED_PASSWORD_CHECK: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const instance = { url: `http://127.0.0.1:${listenOn}`, child, output, exited };
  instances.push(instance);
  await waitFor(
    async () => {
      const ready = await fetch(`${instance.url}/readyz`).then((response) => response.ok, () => false);
      if (!ready && child.exitCode !== null) throw new Error(`the instance exited with ${child.exitCode}:\n${output.join('\n')}`);
      return ready || undefined;
    },
    'the instance to be ready',
    60_000,
  );
  return instance;
}

/** SIGTERM, as an orchestrator sends it; resolves with the exit code. */
async function stopInstance(instance: Instance): Promise<number | null> {
  instance.child.kill('SIGTERM');
  return instance.exited;
}

function graphqlAt(url: string): TestApp['graphql'] {
  return async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as never;
  };
}

beforeAll(async () => {
  const built = spawnSync('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json', '--outDir', buildDir], { cwd: serverDir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the production build failed:\n${built.stdout}${built.stderr}`);
  database = await temporaryDatabase('highwater_production');
  const mongo = new URL(inject('mongodbUrl'));
  mongo.pathname = `/production_${randomBytes(3).toString('hex')}`;
  mongodbUrl = mongo.toString();
  bed.sim = await startConnectWiseSimulator({ seed: { types: ['Customer'], companies: 20, agreementsPerCompany: 1, additionsPerAgreement: 1 } });
}, 180_000);

afterAll(async () => {
  for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
  await bed.sim?.close();
  await database?.drop();
  rmSync(buildDir, { recursive: true, force: true });
});

describe('production build, two instances', { timeout: 180_000 }, () => {
  let token = '';
  let first: Instance;
  let second: Instance;
  let orgs: Awaited<ReturnType<typeof mappedOrganizations>> = [];

  it('starts with NODE_ENV=production on plain node and answers /healthz, /readyz and /metrics', async () => {
    first = await startInstance();
    // The first instance migrated the database; an admin as `admin:create` would make one.
    const orm = await openOrm({ databaseUrl: database.url, maxConnections: 1 });
    try {
      ({ token } = await new AuthService(orm.em.fork()).createProviderAdmin({ providerName: 'Production MSP', email: 'ops@production.example', roles: [Role.BILLING, Role.ADMIN] }));
    } finally {
      await orm.close(true);
    }
    second = await startInstance();
    for (const instance of [first, second]) {
      expect((await fetch(`${instance.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${instance.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
      expect(await (await fetch(`${instance.url}/metrics`)).text()).toContain('highwater_');
    }
    bed.t = { graphql: graphqlAt(first.url) } as TestApp;
    await connectToSimulator(bed, token);
    orgs = await mappedOrganizations(bed, token, Array.from({ length: 12 }, (_, i) => 20 + i));
  });

  it('shows a sync started through one instance live through the other', async () => {
    const updates: { status: string; total: number }[] = [];
    const client: Client = createClient({ url: `${second.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
    try {
      const started = await graphqlAt(first.url)<{ syncNow: { id: string } }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
      const runId = started.data!.syncNow.id;
      await new Promise<void>((resolve, reject) => {
        client.subscribe<{ syncRunUpdated: { run: { status: string; total: number } } }>(
          { query: 'subscription($id: ID) { syncRunUpdated(runId: $id) { run { status total } } }', variables: { id: runId } },
          {
            next: ({ data }) => {
              if (!data) return;
              updates.push(data.syncRunUpdated.run);
              if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(data.syncRunUpdated.run.status)) resolve();
            },
            error: reject,
            complete: resolve,
          },
        );
      });
    } finally {
      await client.dispose();
    }
    expect(updates.at(-1)).toEqual({ status: 'SUCCEEDED', total: orgs.length });
  });

  it('hands a run over when the instance running it gets SIGTERM; the other finishes it, writing each organization once', async () => {
    // One instance takes jobs while the run starts, so it is the one to stop.
    expect(await stopInstance(second)).toBe(0);
    const slow = bed.sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'latency', ms: 4_000, skip: 3 });
    const patchesBefore = bed.sim.patches.length;
    try {
      const counts = orgs.map((_, i) => 40 + i);
      const recorded = await graphqlAt(first.url)(
        'mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }',
        { c: orgs.map((org, i) => ({ organizationId: org.id, count: counts[i], observedAt: new Date().toISOString() })) },
        token,
      );
      expect(recorded.errors).toBeUndefined();
      const started = await graphqlAt(first.url)<{ syncNow: { id: string } }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
      const runId = started.data!.syncNow.id;
      await waitFor(async () => bed.sim.patches.length - patchesBefore >= 3 || undefined, 'the run to be under way', 30_000);
      second = await startInstance();
      expect(await stopInstance(first)).toBe(0);
      expect(first.output.join('\n')).not.toMatch(/ELIFECYCLE|ERR_PNPM|Unhandled|uncaught/i);

      const run = await waitFor(
        async () => {
          const answer = await graphqlAt(second.url)<{ syncRun: { status: string; total: number; failed: number } }>(
            `query($id: ID!) { syncRun(id: $id) { ${RUN_FIELDS} } }`,
            { id: runId },
            token,
          );
          const found = answer.data?.syncRun;
          return found && !['QUEUED', 'RUNNING'].includes(found.status) ? found : undefined;
        },
        'the other instance to finish the run',
        90_000,
      );
      expect(run).toMatchObject({ status: 'SUCCEEDED', total: orgs.length, failed: 0 });
      const patches = bed.sim.patches.slice(patchesBefore);
      for (const [i, org] of orgs.entries()) {
        expect(patches.filter((patch) => patch.additionId === org.additionId)).toHaveLength(1);
        expect(bed.sim.data.additions.find((addition) => addition.id === org.additionId)!.quantity).toBe(counts[i]);
      }
    } finally {
      bed.sim.removeFault(slow);
    }
  });
});
