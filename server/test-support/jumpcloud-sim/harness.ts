import { createServer } from 'node:net';
import {
  createJumpCloudClient,
  type JumpCloudClient,
  type JumpCloudClientOptions,
  type JumpCloudLogger,
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

/** A local port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** A logger that records every call, to assert on what would have been logged. */
export function captureLogger(): JumpCloudLogger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  const at = (level: CapturedLog['level']) => (obj: object, msg: string) => void entries.push({ level, obj, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Runs a promise expected to fail and returns the rejection (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
