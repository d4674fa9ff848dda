import { afterAll, beforeAll } from 'vitest';
import { startConnectWiseSimulator, type ConnectWiseSimulator, type SeedOptions } from './connectwise-sim/index.js';
import type { AppConfig } from '../src/app.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface ConnectWiseTestBed {
  sim: ConnectWiseSimulator;
  t: TestApp;
}

/**
 * For a test file: a ConnectWise simulator (company types Customer, Prospect, Vendor unless seeded
 * otherwise) and the app trusting its certificate, both disposed after the file.
 */
export function useConnectWiseTestBed(seed: SeedOptions = {}, app: Partial<AppConfig> = {}): ConnectWiseTestBed {
  const bed = {} as ConnectWiseTestBed;
  beforeAll(async () => {
    bed.sim = await startConnectWiseSimulator({ seed: { types: ['Customer', 'Prospect', 'Vendor'], ...seed } });
    // Tests share one simulator (and so one client and its limits); the per-minute cap is for production.
    bed.t = await startTestApp({ connectWise: { clientId: bed.sim.clientId, ca: bed.sim.ca, retryBaseDelayMs: 5, timeoutMs: 5_000, maxRequestsPerMinute: 100_000 }, ...app });
  });
  afterAll(async () => {
    await bed.t?.stop();
    await bed.sim?.close();
  });
  return bed;
}

export const CONNECT = `mutation($input: ConnectWiseIntegrationInput!) {
  verifyAndSaveConnectWiseIntegration(input: $input) { id site companyId codebase publicKeyLast4 privateKeySet status }
}`;

/** Connects the admin's provider to the simulator, failing the test if that does not work. */
export async function connectToSimulator({ sim, t }: ConnectWiseTestBed, token: string): Promise<void> {
  const result = await t.graphql(CONNECT, { input: sim.credentials }, token);
  if (result.errors) throw new Error(`connecting failed: ${JSON.stringify(result.errors)}`);
}
