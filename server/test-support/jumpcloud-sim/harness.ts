import {
  createJumpCloudClient,
  type JumpCloudClient,
  type JumpCloudClientOptions,
} from '../../src/jumpcloud/index.js';
import type { JumpCloudSimulator } from './server.js';

/*
 * Helpers for tests that drive the real JumpCloud client against a simulator. Clients are tracked so one
 * `closeClients()` in afterEach releases every socket and timer.
 */

const open = new Set<JumpCloudClient>();

/** A client for the simulator (both base URLs at it) with test-friendly retry delays; override anything. */
export function clientFor(sim: JumpCloudSimulator, options: Partial<JumpCloudClientOptions> = {}): JumpCloudClient {
  const client = createJumpCloudClient({
    apiKey: sim.apiKey,
    providerId: sim.providerId,
    baseUrl: sim.url,
    insightsBaseUrl: sim.url,
    ca: sim.ca,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    timeoutMs: 5000,
    ...options,
  });
  open.add(client);
  return client;
}

export async function closeClients(): Promise<void> {
  const clients = [...open];
  open.clear();
  await Promise.all(clients.map((client) => client.close()));
}

export { captureLogger, closedPort, collect, failure, type CapturedLog } from '../client-test-helpers.js';
