/*
 * Standalone JumpCloud simulator, for end-to-end tests and manual runs:
 *   pnpm --filter server jc-sim --organizations 25 --users-per-org 40 --suspended-per-org 3
 *   pnpm --filter server jc-sim --realistic --organizations 12   (seat caps, locked users, events of both services…)
 * Prints one JSON line {"baseUrl","apiKey","providerId","caFile","adminUrl"} (with or without --json) and
 * serves until killed.
 * `baseUrl` serves both the console API and Directory Insights; `adminUrl` is the JSON admin endpoint.
 * Common flags (--port, --host, --admin-port, --latency-ms): ../vendor-sim/cli.ts.
 */
import { commonSimulatorOptions, int, parseSimulatorArgs, printSummary, serveUntilSignalled } from '../vendor-sim/cli.js';
import { realisticSeed } from './fixtures.js';
import { startJumpCloudSimulator } from './server.js';

const values = parseSimulatorArgs({
  organizations: { type: 'string', default: '10' },
  'users-per-org': { type: 'string', default: '25' },
  'suspended-per-org': { type: 'string', default: '0' },
  'staged-per-org': { type: 'string', default: '0' },
  'api-key': { type: 'string' },
  'provider-id': { type: 'string' },
});

const sim = await serveUntilSignalled(() =>
  startJumpCloudSimulator({ ...commonSimulatorOptions(values), apiKey: values['api-key'], providerId: values['provider-id'] }),
);
if (values.realistic) realisticSeed(sim, { organizations: int('organizations', values.organizations) });
else {
  sim.seedOrganizations(int('organizations', values.organizations), int('users-per-org', values['users-per-org']), {
    suspendedPerOrg: int('suspended-per-org', values['suspended-per-org']),
    stagedPerOrg: int('staged-per-org', values['staged-per-org']),
  });
}

printSummary({ baseUrl: sim.url, apiKey: sim.apiKey, providerId: sim.providerId, caFile: sim.caFile, adminUrl: sim.adminUrl });
