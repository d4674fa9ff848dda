import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ConnectWiseClient, clearConnectWiseDiscoveryCache } from '../../src/connectwise/index.js';
import { failure } from './harness.js';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Summary {
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  caFile: string;
  adminUrl: string;
}

let child: ChildProcess | undefined;
let client: ConnectWiseClient | undefined;

afterEach(async () => {
  await client?.close();
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

async function admin<T>(summary: Summary, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${summary.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as T;
}

it('runs standalone: prints one JSON line, serves the API, and obeys the admin endpoint', async () => {
  child = spawn(process.execPath, [tsx, cli, '--port', '0', '--companies', '30', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  const summary = JSON.parse(first) as Summary;

  expect(Object.keys(summary).sort()).toEqual(['adminUrl', 'caFile', 'clientId', 'companyId', 'privateKey', 'publicKey', 'site'].sort());

  clearConnectWiseDiscoveryCache();
  client = new ConnectWiseClient(summary, { clientId: summary.clientId, ca: await readFile(summary.caFile), maxAttempts: 1 });
  let companies = 0;
  for await (const _company of client.iterateCompanies()) companies++;
  expect(companies).toBe(30);
  // Customer among the default types: highwater's default billable type finds companies out of the box.
  expect((await client.companyTypes()).map((type) => type.name)).toContain('Customer');

  await admin(summary, 'POST', '/faults', { path: 'system/info', type: 'status', status: 503 });
  expect(await failure(client.systemInfo())).toMatchObject({ kind: 'upstream', status: 503 });
  await admin(summary, 'DELETE', '/faults');

  await admin(summary, 'POST', '/rotate-keys');
  expect(await failure(client.systemInfo())).toMatchObject({ kind: 'unauthorized' });

  const state = await admin<{ counts: { companies: number; requests: number } }>(summary, 'GET', '/state');
  expect(state.counts.companies).toBe(30);
  const requests = await admin<Array<{ route: string; status: number }>>(summary, 'GET', '/requests');
  expect(requests.map((r) => [r.route, r.status]).slice(-2)).toEqual([
    ['system/info', 503],
    ['system/info', 401],
  ]);

  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
});

it('with --realistic serves agreements of every status and additions the spec allows but few instances have', async () => {
  child = spawn(process.execPath, [tsx, cli, '--realistic', '--companies', '6', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  const summary = JSON.parse(first) as Summary;

  clearConnectWiseDiscoveryCache();
  client = new ConnectWiseClient(summary, { clientId: summary.clientId, ca: await readFile(summary.caFile), maxAttempts: 1 });
  const statuses = new Set<string | undefined>();
  const additions = [];
  for await (const company of client.iterateCompanies()) {
    const { items: agreements } = await client.agreements(company.id);
    for (const agreement of agreements) {
      statuses.add(agreement.agreementStatus);
      additions.push(...(await client.additions(agreement.id)).items);
    }
  }

  // Cancelled ones are filtered out by the client's conditions; the other statuses are all there.
  expect([...statuses].sort()).toEqual(['Active', 'Expired', 'Inactive']);
  expect(additions.some((addition) => addition.quantity === undefined)).toBe(true);
  expect(additions.some((addition) => addition.product.identifier === undefined)).toBe(true);
});

it('with --deny serves an API member whose security role lacks those permissions; the admin endpoint limits it further', async () => {
  const args = ['--companies', '2', '--json', '--deny', 'Service Desk > Service Tickets: Inquire', '--deny', 'System > Table Setup: Inquire (Service / Priority)'];
  child = spawn(process.execPath, [tsx, cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  const summary = JSON.parse(first) as Summary;

  clearConnectWiseDiscoveryCache();
  client = new ConnectWiseClient(summary, { clientId: summary.clientId, ca: await readFile(summary.caFile), maxAttempts: 1 });
  expect(await client.probeRead('service/tickets')).toBe(false);
  expect(await client.probeRead('service/priorities')).toBe(false);
  expect(await client.probeRead('service/sources')).toBe(true);

  await admin(summary, 'POST', '/permissions/deny', { permission: 'Finance > Agreements: Inquire' });
  expect(await client.probeRead('finance/agreements')).toBe(false);
  const role = await admin<{ denials: unknown[]; canCloseTickets: boolean }>(summary, 'GET', '/permissions');
  expect(role).toEqual({
    denials: [
      { area: 'Service Desk > Service Tickets', level: 'Inquire' },
      { area: 'System > Table Setup', level: 'Inquire', table: 'Service / Priority' },
      { area: 'Finance > Agreements', level: 'Inquire' },
    ],
    canCloseTickets: true,
  });
  await admin(summary, 'DELETE', '/permissions');
  expect(await client.probeRead('service/tickets')).toBe(true);
});
