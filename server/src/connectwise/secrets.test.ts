import { afterEach, beforeEach, expect, it } from 'vitest';
import { captureLogger, clientFor, closeClients, closedPort, failure } from '../../test-support/connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../../test-support/connectwise-sim/index.js';
import { clearConnectWiseDiscoveryCache } from './index.js';

let sim: ConnectWiseSimulator;

beforeEach(async () => {
  clearConnectWiseDiscoveryCache();
  sim = await startConnectWiseSimulator({ seed: { companies: 1 } });
});

afterEach(async () => {
  await closeClients();
  await sim.close();
});

it('keeps keys out of every error message and every logged object', async () => {
  const logger = captureLogger();
  const { publicKey, privateKey } = sim.credentials;
  const basic = Buffer.from(`${sim.companyId}+${publicKey}:${privateKey}`).toString('base64');
  // Long enough for a TLS handshake on a loaded machine; the hung request costs two of it.
  const options = { logger, maxAttempts: 2, timeoutMs: 1_000 };
  const client = clientFor(sim, options);
  const { agreementId } = sim.initialSeed!.additions[0]!;

  sim.addFault({ path: 'system/info', type: 'status', status: 503, times: 1 });
  sim.addFault({ path: 'company/companies/types', type: 'hang' });
  sim.addFault({ path: 'service/sources', type: 'malformed-json' });
  sim.denyPermission({ path: 'service/boards' });
  const errors = [
    await client.systemInfo().then(() => undefined),
    await failure(client.companyTypes()),
    await failure(client.sources()),
    await failure(client.boards()),
    await failure(client.addition(agreementId, 1)),
    await failure(client.createTicket({ summary: '', companyId: 1, externalXRef: 'x' })),
    await failure(clientFor(sim, options, { privateKey: `${privateKey}x` }).systemInfo()),
    await failure(clientFor(sim, { ...options, ca: undefined }).systemInfo()),
    await failure(clientFor(sim, options, { site: `127.0.0.1:${await closedPort()}` }).systemInfo()),
  ].filter(Boolean);
  sim.rotateKeys();
  errors.push(await failure(client.priorities()));

  expect(errors).toHaveLength(9);
  expect(logger.entries.length).toBeGreaterThan(10);
  const everything = [
    ...errors.map((error) => `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`),
    ...logger.entries.map((entry) => `${entry.msg} ${JSON.stringify(entry.obj)}`),
  ].join('\n');
  for (const secret of [privateKey, publicKey, basic]) expect(everything).not.toContain(secret);
});
