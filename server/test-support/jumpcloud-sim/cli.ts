/*
 * Standalone JumpCloud simulator, for end-to-end tests and manual runs:
 *   pnpm --filter server jc-sim --organizations 25 --users-per-org 40 --suspended-per-org 3
 * Prints one JSON line {"baseUrl","apiKey","providerId","caFile","adminUrl"} and serves until killed.
 * `baseUrl` serves both the console API and Directory Insights; `adminUrl` is the JSON admin endpoint.
 */
import { parseArgs } from 'node:util';
import { startJumpCloudSimulator } from './server.js';

const { values } = parseArgs({
  // pnpm may pass a literal "--" through before the script's own arguments.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'admin-port': { type: 'string', default: '0' },
    organizations: { type: 'string', default: '10' },
    'users-per-org': { type: 'string', default: '25' },
    'suspended-per-org': { type: 'string', default: '0' },
    'staged-per-org': { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    'api-key': { type: 'string' },
    'provider-id': { type: 'string' },
  },
  strict: true,
});

function int(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} must be a non-negative integer`);
  return number;
}

const sim = await startJumpCloudSimulator({
  port: int('port', values.port),
  host: values.host,
  apiKey: values['api-key'],
  providerId: values['provider-id'],
  latencyMs: int('latency-ms', values['latency-ms']),
  admin: { port: int('admin-port', values['admin-port']) },
});
sim.seedOrganizations(int('organizations', values.organizations), int('users-per-org', values['users-per-org']), {
  suspendedPerOrg: int('suspended-per-org', values['suspended-per-org']),
  stagedPerOrg: int('staged-per-org', values['staged-per-org']),
});

const summary = { baseUrl: sim.url, apiKey: sim.apiKey, providerId: sim.providerId, caFile: sim.caFile, adminUrl: sim.adminUrl };
process.stdout.write(`${JSON.stringify(summary)}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sim.close().finally(() => process.exit(0));
  });
}
