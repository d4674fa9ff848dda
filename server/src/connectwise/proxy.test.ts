import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../../test-support/connect-proxy.js';
import { captureLogger, clientFor, closeClients, closedPort, failure } from '../../test-support/connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../../test-support/connectwise-sim/index.js';
import { clearConnectWiseDiscoveryCache, ConnectWiseError } from './index.js';

/*
 * The ConnectWise client through an outbound proxy (HTTPS_PROXY, NO_PROXY): a real CONNECT proxy in a
 * child process between the client and the simulator.
 */

const PROXY_USER = 'egress';
const PROXY_PASSWORD = 'proxy-pass-7f3a';

let sim: ConnectWiseSimulator;
let proxy: ConnectProxy;
let guarded: ConnectProxy;

beforeAll(async () => {
  [sim, proxy, guarded] = await Promise.all([
    startConnectWiseSimulator({ seed: { types: ['Customer'] } }),
    startConnectProxy(),
    startConnectProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } }),
  ]);
});
afterEach(async () => {
  await closeClients();
  clearConnectWiseDiscoveryCache();
});
afterAll(async () => {
  await Promise.all([sim?.close(), proxy?.stop(), guarded?.stop()]);
});

const port = () => sim.site.split(':')[1]!;

describe('through HTTPS_PROXY', () => {
  it('tunnels every call through the proxy, trusting the extra CA for the site inside the tunnel', async () => {
    const before = (await proxy.exchangesTo(sim.site)).length;

    const info = await clientFor(sim, { proxy: { httpsProxy: proxy.url } }).systemInfo();

    expect(info.version).toBeTruthy();
    const tunnels = (await proxy.exchangesTo(sim.site)).slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((tunnel) => tunnel.method === 'CONNECT' && tunnel.refused === undefined)).toBe(true);
  });

  it('uses HTTP_PROXY for https sites when HTTPS_PROXY is not set', async () => {
    const before = (await proxy.exchangesTo(sim.site)).length;

    await clientFor(sim, { proxy: { httpProxy: proxy.url } }).systemInfo();

    expect((await proxy.exchangesTo(sim.site)).length).toBeGreaterThan(before);
  });

  it.each([
    ['the address', () => ['127.0.0.1']],
    ['the address and port', () => [`127.0.0.1:${port()}`]],
    ['*', () => ['*']],
  ])('goes direct to a site NO_PROXY covers by %s', async (_how, noProxy) => {
    const before = await proxy.exchanges();

    await clientFor(sim, { proxy: { httpsProxy: proxy.url, noProxy: noProxy() } }).systemInfo();

    expect(await proxy.exchanges()).toEqual(before);
  });

  it('goes direct to a host name NO_PROXY lists as a domain', async () => {
    const site = `localhost:${port()}`;

    await clientFor(sim, { proxy: { httpsProxy: proxy.url, noProxy: ['example.com', '.localhost'] } }, { site }).systemInfo();

    expect(await proxy.exchangesTo(site)).toEqual([]);
  });

  it('still proxies a site NO_PROXY does not cover: another port, another host, loopback unnamed', async () => {
    const before = (await proxy.exchangesTo(sim.site)).length;

    await clientFor(sim, { proxy: { httpsProxy: proxy.url, noProxy: ['127.0.0.1:1', 'example.com', 'localhost'] } }).systemInfo();

    expect((await proxy.exchangesTo(sim.site)).length).toBeGreaterThan(before);
  });
});

describe('a proxy that asks for credentials', () => {
  it('is given the user and password written in the proxy URL', async () => {
    const before = (await guarded.exchangesTo(sim.site)).length;

    await clientFor(sim, { proxy: { httpsProxy: guarded.urlWithAuth() } }).systemInfo();

    const tunnels = (await guarded.exchangesTo(sim.site)).slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((tunnel) => tunnel.authorized)).toBe(true);
  });

  it.each([
    ['wrong credentials', () => guarded.urlWithAuth(PROXY_USER, `${PROXY_PASSWORD}-old`)],
    ['no credentials', () => guarded.url],
  ])('refusing %s (407) makes ConnectWise unavailable, naming the proxy and never the password, without retrying', async (_what, proxyUrl) => {
    const logger = captureLogger();
    const before = (await guarded.exchangesTo(sim.site)).length;

    const error = await failure(clientFor(sim, { proxy: { httpsProxy: proxyUrl() }, logger, maxAttempts: 4 }).systemInfo());

    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ kind: 'upstream', transient: false });
    const { message } = error as ConnectWiseError;
    expect(message).toContain(`the outbound proxy ${guarded.url} refused the connection to ${sim.site}`);
    expect(message).toContain('407 Proxy Authentication Required');
    const everything = JSON.stringify([message, (error as ConnectWiseError).toJSON(), logger.entries]);
    expect(everything).not.toContain(PROXY_PASSWORD);
    expect(everything).not.toContain(`${PROXY_USER}:`);
    expect((await guarded.exchangesTo(sim.site)).slice(before)).toEqual([{ method: 'CONNECT', target: sim.site, authorized: false, refused: 407 }]);
  });
});

describe('failures on the way', () => {
  it('a proxy that cannot be reached makes ConnectWise unavailable, naming the proxy and not its credentials', async () => {
    const deadPort = await closedPort();
    const logger = captureLogger();

    const error = await failure(
      clientFor(sim, { proxy: { httpsProxy: `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${deadPort}` }, logger, maxAttempts: 2 }).systemInfo(),
    );

    expect(error).toMatchObject({ kind: 'upstream', transient: true });
    expect((error as ConnectWiseError).message).toMatch(new RegExp(`^ConnectWise could not be reached: the outbound proxy http://127\\.0\\.0\\.1:${deadPort} could not be reached \\(.*ECONNREFUSED`));
    expect(JSON.stringify([(error as ConnectWiseError).toJSON(), logger.entries])).not.toContain(PROXY_PASSWORD);
    // The proxy's name (without credentials) is on the failed attempts' log lines.
    expect(logger.entries.some((entry) => (entry.obj as { proxy?: string }).proxy === `http://127.0.0.1:${deadPort}`)).toBe(true);
  });

  it('a site the proxy cannot reach is an unknown site, as the proxy reported it', async () => {
    const site = `127.0.0.1:${await closedPort()}`;

    const error = await failure(clientFor(sim, { proxy: { httpsProxy: proxy.url }, maxAttempts: 1 }, { site }).companyInfo());

    expect(error).toMatchObject({ kind: 'bad-site' });
    expect((error as ConnectWiseError).message).toBe(`Could not connect to the ConnectWise site (the outbound proxy ${proxy.url} could not reach ${site} (it answered 502))`);
  });

  it('a site certificate refused inside the tunnel (a TLS-inspecting proxy without its CA) says it went through the proxy', async () => {
    const error = await failure(clientFor(sim, { proxy: { httpsProxy: proxy.url }, ca: undefined, maxAttempts: 1 }).systemInfo());

    expect(error).toMatchObject({ kind: 'bad-site' });
    expect((error as ConnectWiseError).message).toMatch(/^The ConnectWise site's TLS certificate was not accepted \(.+ \(through the outbound proxy http:\/\/127\.0\.0\.1:\d+\)\)$/);
  });

  it('a proxy that hangs up on CONNECT fails the call, naming the proxy, instead of being asked again and again', async () => {
    const hangsUp = await rawProxy((socket) => socket.destroy());

    const error = await failure(clientFor(sim, { proxy: { httpsProxy: hangsUp.url }, maxAttempts: 2 }).systemInfo());

    expect(error).toMatchObject({ kind: 'upstream' });
    expect((error as ConnectWiseError).message).toBe(
      `ConnectWise could not be reached: the outbound proxy ${hangsUp.url} closed the connection before opening a tunnel to ${sim.site}`,
    );
    expect(hangsUp.connections()).toBe(2);
    await hangsUp.close();
  });

  it('a proxy that never answers CONNECT fails the call within the timeout', async () => {
    const silent = await rawProxy(() => {});

    const error = await failure(clientFor(sim, { proxy: { httpsProxy: silent.url }, maxAttempts: 1, timeoutMs: 300 }).systemInfo());

    expect(error).toMatchObject({ kind: 'timeout' });
    await silent.close();
  });
});

/** A "proxy" that accepts connections and does `onSocket` with each, for proxies that misbehave. */
async function rawProxy(onSocket: (socket: Socket) => void): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
