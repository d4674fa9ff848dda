import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../../test-support/connect-proxy.js';
import { captureLogger, clientFor, closeClients, closedPort, collect, failure } from '../../test-support/jumpcloud-sim/harness.js';
import { startJumpCloudSimulator, type JumpCloudSimulator } from '../../test-support/jumpcloud-sim/index.js';
import { JumpCloudError } from './index.js';

/*
 * The JumpCloud client through an outbound proxy (HTTPS_PROXY, NO_PROXY): a real CONNECT proxy in a
 * child process between the client and the simulator.
 */

const PROXY_USER = 'egress';
const PROXY_PASSWORD = 'proxy-pass-51c2';

let sim: JumpCloudSimulator;
let proxy: ConnectProxy;
let guarded: ConnectProxy;

beforeAll(async () => {
  [sim, proxy, guarded] = await Promise.all([
    startJumpCloudSimulator(),
    startConnectProxy(),
    startConnectProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } }),
  ]);
});
afterEach(() => closeClients());
afterAll(async () => {
  await Promise.all([sim?.close(), proxy?.stop(), guarded?.stop()]);
});

const target = () => sim.authority;

describe('through HTTPS_PROXY', () => {
  it('tunnels the console and Directory Insights calls through the proxy, with the extra CA inside the tunnel', async () => {
    const [org] = sim.seedOrganizations(1, 3);
    const before = (await proxy.exchangesTo(target())).length;

    const client = clientFor(sim, { proxy: { httpsProxy: proxy.url } });
    expect((await collect(client.iterateOrganizations())).map((found) => found.id)).toContain(org!.id);
    expect(await client.countUsers(org!.id)).toBe(3);

    const tunnels = (await proxy.exchangesTo(target())).slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((tunnel) => tunnel.method === 'CONNECT' && tunnel.authorized && tunnel.refused === undefined)).toBe(true);
  });

  it('goes direct when NO_PROXY covers the host', async () => {
    const [org] = sim.seedOrganizations(1, 2);
    const before = await proxy.exchanges();

    expect(await clientFor(sim, { proxy: { httpsProxy: proxy.url, noProxy: ['localhost', '127.0.0.1'] } }).countUsers(org!.id)).toBe(2);

    expect(await proxy.exchanges()).toEqual(before);
  });

  it('gives a proxy that asks for them the credentials in the proxy URL', async () => {
    const [org] = sim.seedOrganizations(1, 1);
    const before = (await guarded.exchangesTo(target())).length;

    expect(await clientFor(sim, { proxy: { httpsProxy: guarded.urlWithAuth() } }).countUsers(org!.id)).toBe(1);

    expect((await guarded.exchangesTo(target())).slice(before).every((tunnel) => tunnel.authorized)).toBe(true);
  });
});

describe('a proxy in the way', () => {
  it('refusing the credentials (407) is a network error naming the proxy, never the password', async () => {
    const logger = captureLogger();

    const error = await failure(clientFor(sim, { proxy: { httpsProxy: guarded.urlWithAuth(PROXY_USER, 'not-the-password') }, logger }).countUsers('org-1'));

    expect(error).toBeInstanceOf(JumpCloudError);
    expect(error).toMatchObject({ kind: 'network', transient: false });
    expect((error as JumpCloudError).message).toBe(
      `JumpCloud could not be reached: the outbound proxy ${guarded.url} refused the connection to ${target()} (407 Proxy Authentication Required: check the user and password in the proxy URL)`,
    );
    expect(JSON.stringify([(error as JumpCloudError).toJSON(), logger.entries])).not.toContain('not-the-password');
  });

  it('that cannot be reached is a network error naming the proxy', async () => {
    const deadPort = await closedPort();

    const error = await failure(clientFor(sim, { proxy: { httpsProxy: `http://127.0.0.1:${deadPort}` }, maxAttempts: 2 }).countUsers('org-1'));

    expect(error).toMatchObject({ kind: 'network' });
    expect((error as JumpCloudError).message).toContain(`the outbound proxy http://127.0.0.1:${deadPort} could not be reached`);
  });
});
