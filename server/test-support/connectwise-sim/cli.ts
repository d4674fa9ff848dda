/*
 * Standalone ConnectWise simulator, for end-to-end tests and manual runs:
 *   pnpm --filter server cw-sim --port 0 --companies 500 --json
 * With --json it prints one line {"site","companyId","publicKey","privateKey","clientId","caFile","adminUrl"}
 * and serves until killed.
 */
import { parseArgs } from 'node:util';
import { startConnectWiseSimulator } from './server.js';

const { values } = parseArgs({
  // pnpm may pass a literal "--" through before the script's own arguments.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'admin-port': { type: 'string', default: '0' },
    companies: { type: 'string', default: '100' },
    'deleted-companies': { type: 'string', default: '0' },
    types: { type: 'string' },
    'agreements-per-company': { type: 'string', default: '1' },
    'additions-per-agreement': { type: 'string', default: '2' },
    'latency-ms': { type: 'string', default: '0' },
    'company-id': { type: 'string' },
    'public-key': { type: 'string' },
    'private-key': { type: 'string' },
    'client-id': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

function int(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} must be a non-negative integer`);
  return number;
}

const sim = await startConnectWiseSimulator({
  port: int('port', values.port),
  host: values.host,
  companyId: values['company-id'],
  clientId: values['client-id'],
  keys: { publicKey: values['public-key'], privateKey: values['private-key'] },
  latencyMs: int('latency-ms', values['latency-ms']),
  admin: { port: int('admin-port', values['admin-port']) },
  seed: {
    companies: int('companies', values.companies),
    deletedCompanies: int('deleted-companies', values['deleted-companies']),
    types: values.types?.split(',').map((type) => type.trim()).filter(Boolean),
    agreementsPerCompany: int('agreements-per-company', values['agreements-per-company']),
    additionsPerAgreement: int('additions-per-agreement', values['additions-per-agreement']),
  },
});

const summary = {
  site: sim.site,
  companyId: sim.companyId,
  publicKey: sim.credentials.publicKey,
  privateKey: sim.credentials.privateKey,
  clientId: sim.clientId,
  caFile: sim.caFile,
  adminUrl: sim.adminUrl,
};
if (values.json) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} else {
  process.stdout.write(
    [
      `ConnectWise simulator on https://${sim.site} (admin ${sim.adminUrl ?? '-'})`,
      `  company ID  ${summary.companyId}`,
      `  public key  ${summary.publicKey}`,
      `  private key ${summary.privateKey}`,
      `  client ID   ${summary.clientId} (any clientId header is accepted)`,
      `  CA file     ${summary.caFile}`,
      '',
    ].join('\n'),
  );
}

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sim.close().finally(() => process.exit(0));
  });
}
