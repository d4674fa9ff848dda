import { randomBytes } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import { request } from 'node:http';
import { inject } from 'vitest';
import { createApp, type App, type AppConfig } from '../src/app.js';
import { AuthService } from '../src/features/auth/auth.service.js';
import { Role } from '../src/features/auth/roles.js';
import { createLogger } from '../src/shared/logger.js';

export const TEST_CLIENT_ID = '0f4c5a52-6f55-4cf4-b8f1-5b0b2c6a1e11';

export interface TestApp {
  app: App;
  url: string;
  /** POSTs a GraphQL operation, as a client would. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<ExecutionResult<T>>;
  /** A new provider with one admin holding `roles`; returns the admin's token. */
  createAdmin(options?: { roles?: Role[]; providerName?: string }): Promise<{ token: string; providerId: string; adminId: string; email: string }>;
  stop(): Promise<void>;
}

/**
 * A loopback source address of the test's own (all of 127/8 is loopback on Linux), for tests of what is
 * counted per client address: requests from other test files (the fuzz suite signs in with garbage) then
 * do not count against it.
 */
export function ownLoopbackAddress(): string {
  const [a, b, c] = randomBytes(3);
  return `127.${a}.${b}.${Math.max(c!, 2)}`;
}

/** The whole app on a free port against the run's PostgreSQL and its own FerretDB database. */
export async function startTestApp(overrides: Partial<AppConfig> = {}, { clientAddress }: { clientAddress?: string } = {}): Promise<TestApp> {
  const mongodbUrl = new URL(inject('mongodbUrl'));
  mongodbUrl.pathname = `/test_${randomBytes(4).toString('hex')}`;
  const app = await createApp({
    databaseUrl: inject('databaseUrl'),
    mongodbUrl: mongodbUrl.toString(),
    secretKey: randomBytes(32),
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    connectWise: { clientId: TEST_CLIENT_ID, retryBaseDelayMs: 20 },
    processJobs: false,
    ...overrides,
  });
  const url = await app.listen(0);

  return {
    app,
    url,
    async graphql(query, variables, token) {
      const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const body = JSON.stringify({ query, variables });
      if (clientAddress) return JSON.parse(await postFrom(clientAddress, `${url}/graphql`, headers, body)) as ExecutionResult<never>;
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
      return (await response.json()) as ExecutionResult<never>;
    },
    async createAdmin({ roles = [Role.BILLING, Role.ADMIN], providerName } = {}) {
      const suffix = randomBytes(4).toString('hex');
      const { provider, admin, token } = await new AuthService(app.orm.em.fork()).createProviderAdmin({
        providerName: providerName ?? `Provider ${suffix}`,
        email: `admin-${suffix}@example.com`,
        roles,
      });
      return { token, providerId: provider.id, adminId: admin.id, email: admin.email };
    },
    stop: async () => {
      await app.stop();
    },
  };
}

// fetch (undici) ignores a local address; node:http honours it.
function postFrom(localAddress: string, url: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
