import { ConnectWiseClient, type ConnectWiseClientOptions, type ConnectWiseCredentials } from '../../src/connectwise/index.js';
import { clientTracker } from '../client-test-helpers.js';
import type { ConnectWiseSimulator } from './server.js';

/*
 * Helpers for tests that drive the real ConnectWise client against a simulator. Clients are tracked so
 * one `closeClients()` in afterEach releases every socket and timer.
 */

const clients = clientTracker<ConnectWiseClient>();

/** A client for the simulator with test-friendly retry delays; override anything per test. The timeout is
 * generous so a starved CPU does not turn one request into a timed-out one and its retry. */
export function clientFor(
  sim: ConnectWiseSimulator,
  options: Partial<ConnectWiseClientOptions> = {},
  credentials: Partial<ConnectWiseCredentials> = {},
): ConnectWiseClient {
  return clients.track(
    new ConnectWiseClient(
      { ...sim.credentials, ...credentials },
      { clientId: sim.clientId, ca: sim.ca, retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 20_000, ...options },
    ),
  );
}

export const closeClients = (): Promise<void> => clients.closeAll();

export { captureLogger, closedPort, collect, failure, type CapturedLog } from '../client-test-helpers.js';
