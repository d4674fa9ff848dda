import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../../../test-support/connect-proxy.js';
import { CONNECT } from '../../../test-support/connectwise-app.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../../../test-support/connectwise-sim/index.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { createLogger } from '../../shared/logger.js';

/*
 * The whole app behind an egress proxy that wants credentials (HTTPS_PROXY=http://user:password@…):
 * connecting ConnectWise works through it, and a proxy that refuses is an error the admin can act on.
 */

const PROXY_USER = 'egress';
const PROXY_PASSWORD = 'proxy-pass-c41d';

let sim: ConnectWiseSimulator;
let guarded: ConnectProxy;
let allowed: TestApp;
let refused: TestApp;
const logLines: string[] = [];

beforeAll(async () => {
  [sim, guarded] = await Promise.all([
    startConnectWiseSimulator({ seed: { types: ['Customer'] } }),
    startConnectProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } }),
  ]);
  const connectWise = { clientId: sim.clientId, ca: sim.ca, retryBaseDelayMs: 5, timeoutMs: 5_000, maxRequestsPerMinute: 100_000 };
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  allowed = await startTestApp({ connectWise, logger, outboundProxy: { httpsProxy: guarded.urlWithAuth() } });
  refused = await startTestApp({ connectWise, logger, outboundProxy: { httpsProxy: guarded.urlWithAuth(PROXY_USER, `${PROXY_PASSWORD}-rotated`) } });
});
afterAll(async () => {
  await allowed?.stop();
  await refused?.stop();
  await Promise.all([sim?.close(), guarded?.stop()]);
});

describe('connecting ConnectWise behind an outbound proxy', () => {
  it('verifies and saves the integration through the proxy, which saw every call go to the site', async () => {
    const { token } = await allowed.createAdmin();
    const before = (await guarded.exchangesTo(sim.site)).length;

    const result = await allowed.graphql<{ verifyAndSaveConnectWiseIntegration: Record<string, unknown> }>(CONNECT, { input: sim.credentials }, token);

    expect(result.errors).toBeUndefined();
    expect(result.data?.verifyAndSaveConnectWiseIntegration).toMatchObject({ site: sim.site, status: 'CONNECTED' });
    const tunnels = (await guarded.exchangesTo(sim.site)).slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((tunnel) => tunnel.method === 'CONNECT' && tunnel.authorized)).toBe(true);
  });

  it('a proxy refusing the credentials is CONNECTWISE_UNAVAILABLE naming the proxy, with no password in the answer or the logs', async () => {
    const { token } = await refused.createAdmin();

    const result = await refused.graphql(CONNECT, { input: sim.credentials }, token);

    expect(result.errors?.[0]?.extensions?.code).toBe('CONNECTWISE_UNAVAILABLE');
    expect(result.errors?.[0]?.message).toBe(
      `ConnectWise unavailable: ConnectWise could not be reached: the outbound proxy ${guarded.url} refused the connection to ${sim.site} (407 Proxy Authentication Required: check the user and password in the proxy URL)`,
    );
    expect(JSON.stringify(result)).not.toContain(PROXY_PASSWORD);
    expect(logLines.join('')).toContain(guarded.url);
    expect(logLines.join('')).not.toContain(PROXY_PASSWORD);
  });
});
