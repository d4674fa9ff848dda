import {
  createJumpCloudClient,
  type JumpCloudClient,
  type JumpCloudClientOptions,
} from '../../src/jumpcloud/index.js';
import { clientTracker } from '../client-test-helpers.js';
import type { JumpCloudSimulator } from './server.js';

/*
 * Helpers for tests that drive the real JumpCloud client against a simulator. Clients are tracked so one
 * `closeClients()` in afterEach releases every socket and timer.
 */

const clients = clientTracker<JumpCloudClient>();

/** A client for the simulator (both base URLs at it) with test-friendly retry delays; override anything. */
export function clientFor(sim: JumpCloudSimulator, options: Partial<JumpCloudClientOptions> = {}): JumpCloudClient {
  return clients.track(
    createJumpCloudClient({
    apiKey: sim.apiKey,
    providerId: sim.providerId,
    baseUrl: sim.url,
    insightsBaseUrl: sim.url,
    ca: sim.ca,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    timeoutMs: 5000,
    ...options,
    }),
  );
}

export const closeClients = (): Promise<void> => clients.closeAll();

export { captureLogger, closedPort, collect, failure, type CapturedLog } from '../client-test-helpers.js';
