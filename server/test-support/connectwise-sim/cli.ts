/*
 * Standalone ConnectWise simulator, for end-to-end tests and manual runs:
 *   pnpm --filter server cw-sim --port 0 --companies 500 --json
 *   pnpm --filter server cw-sim --realistic --companies 12   (every agreement status, null quantities, bare products…)
 *   pnpm --filter server cw-sim --no-close-permission   (closing a ticket through the API answers 403)
 *   pnpm --filter server cw-sim --deny "Service Desk > Service Tickets: Add" --deny "System > Table Setup: Inquire (Service / Priority)"
 *     (the API member's security role lacks these: 403 for their calls; see security-role.ts)
 * With --json it prints one line {"site","companyId","publicKey","privateKey","clientId","caFile","adminUrl"}
 * and serves until killed. Common flags (--port, --host, --admin-port, --latency-ms): ../vendor-sim/cli.ts.
 */
import { commonSimulatorOptions, int, parseSimulatorArgs, printSummary, serveUntilSignalled } from '../vendor-sim/cli.js';
import { realisticSeed } from './realistic-seed.js';
import { startConnectWiseSimulator } from './server.js';

const values = parseSimulatorArgs({
  companies: { type: 'string', default: '100' },
  'deleted-companies': { type: 'string', default: '0' },
  types: { type: 'string' },
  'agreements-per-company': { type: 'string', default: '1' },
  'additions-per-agreement': { type: 'string', default: '2' },
  'company-id': { type: 'string' },
  'public-key': { type: 'string' },
  'private-key': { type: 'string' },
  'client-id': { type: 'string' },
  'no-close-permission': { type: 'boolean', default: false },
  deny: { type: 'string', multiple: true },
});

const sim = await serveUntilSignalled(() =>
  startConnectWiseSimulator({
    ...commonSimulatorOptions(values),
    companyId: values['company-id'],
    clientId: values['client-id'],
    canCloseTickets: !values['no-close-permission'],
    deny: values.deny,
    keys: { publicKey: values['public-key'], privateKey: values['private-key'] },
    // --realistic: the varied data set instead, built right after the start.
    seed: values.realistic
      ? false
      : {
          companies: int('companies', values.companies),
          deletedCompanies: int('deleted-companies', values['deleted-companies']),
          // Customer by default: the type highwater bills unless told otherwise, so a new user sees companies.
          types: (values.types ?? 'Customer,Prospect,Vendor').split(',').map((type) => type.trim()).filter(Boolean),
          agreementsPerCompany: int('agreements-per-company', values['agreements-per-company']),
          additionsPerAgreement: int('additions-per-agreement', values['additions-per-agreement']),
        },
  }),
);
if (values.realistic) realisticSeed(sim.data, { companies: int('companies', values.companies) });

const summary = {
  site: sim.site,
  companyId: sim.companyId,
  publicKey: sim.credentials.publicKey,
  privateKey: sim.credentials.privateKey,
  clientId: sim.clientId,
  caFile: sim.caFile,
  adminUrl: sim.adminUrl,
};
printSummary(
  summary,
  values.json
    ? undefined
    : [
        `ConnectWise simulator on https://${sim.site} (admin ${sim.adminUrl ?? '-'})`,
        `  company ID  ${summary.companyId}`,
        `  public key  ${summary.publicKey}`,
        `  private key ${summary.privateKey}`,
        `  client ID   ${summary.clientId} (any clientId header is accepted)`,
        `  CA file     ${summary.caFile}`,
      ],
);
