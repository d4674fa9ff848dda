import { ConnectWiseClient, type ConnectWiseClientOptions, type ConnectWiseCredentials } from '../../src/connectwise/index.js';
import type { ConnectWiseSimulator } from './server.js';

/*
 * Helpers for tests that drive the real ConnectWise client against a simulator. Clients are tracked so
 * one `closeClients()` in afterEach releases every socket and timer.
 */

const open = new Set<ConnectWiseClient>();

/** A client for the simulator with test-friendly retry delays; override anything per test. */
export function clientFor(
  sim: ConnectWiseSimulator,
  options: Partial<ConnectWiseClientOptions> = {},
  credentials: Partial<ConnectWiseCredentials> = {},
): ConnectWiseClient {
  const client = new ConnectWiseClient(
    { ...sim.credentials, ...credentials },
    { clientId: sim.clientId, ca: sim.ca, retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 5000, ...options },
  );
  open.add(client);
  return client;
}

export async function closeClients(): Promise<void> {
  const clients = [...open];
  open.clear();
  await Promise.all(clients.map((client) => client.close()));
}

export { captureLogger, closedPort, collect, failure, type CapturedLog } from '../client-test-helpers.js';
