import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, failure } from '../../test-support/client-test-helpers.js';
import { startConnectProxy, type ConnectProxy } from '../../test-support/connect-proxy.js';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../test-support/oidc-idp.js';
import type { OutboundProxySettings } from '../shared/outbound-proxy.js';
import { OidcClient, OidcError } from './oidc-client.js';

/*
 * The identity provider's calls (discovery, and through the configuration it returns, the token and
 * userinfo calls) go the way every outbound call goes. The test provider is plain http on loopback, so it
 * is HTTP_PROXY that applies (HTTPS_PROXY is for https:// issuers, as every real one is), and loopback is
 * proxied like any host unless NO_PROXY lists it.
 */

const PROXY_PASSWORD = 'proxy-pass-0d9e';

let idp: TestIdentityProvider;
let proxy: ConnectProxy;
let guarded: ConnectProxy;
const clients: OidcClient[] = [];

beforeAll(async () => {
  [idp, proxy, guarded] = await Promise.all([
    startTestIdentityProvider({ redirectUris: ['http://127.0.0.1:1/auth/sso/callback'] }),
    startConnectProxy(),
    startConnectProxy({ auth: { user: 'egress', password: PROXY_PASSWORD } }),
  ]);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([idp?.stop(), proxy?.stop(), guarded?.stop()]);
});

const settings = () => ({ issuerUrl: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
const target = () => new URL(idp.issuer).host;
function oidcClient(proxySettings: OutboundProxySettings): OidcClient {
  const client = new OidcClient({ proxy: proxySettings, cacheMs: 0 });
  clients.push(client);
  return client;
}

describe('OpenID Connect discovery through the outbound proxy', () => {
  it('asks the identity provider through the proxy', async () => {
    const before = (await proxy.exchangesTo(target())).length;

    const { url } = await oidcClient({ httpProxy: proxy.url }).startSignIn(settings(), 'http://127.0.0.1:1/auth/sso/callback');

    expect(url.origin).toBe(idp.issuer);
    const seen = (await proxy.exchangesTo(target())).slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((exchange) => exchange.method === 'GET' && exchange.refused === undefined)).toBe(true);
  });

  it('goes direct when NO_PROXY lists the issuer’s host, or when only HTTPS_PROXY is set for an http issuer', async () => {
    const before = await proxy.exchanges();

    await oidcClient({ httpProxy: proxy.url, noProxy: ['localhost', '127.0.0.1'] }).discover(settings());
    await oidcClient({ httpsProxy: proxy.url }).discover(settings());

    expect(await proxy.exchanges()).toEqual(before);
  });

  it('gives a proxy that asks for them the credentials in the proxy URL', async () => {
    const before = (await guarded.exchangesTo(target())).length;

    await oidcClient({ httpProxy: guarded.urlWithAuth() }).discover(settings());

    const seen = (await guarded.exchangesTo(target())).slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((exchange) => exchange.authorized)).toBe(true);
  });

  it('a proxy refusing the credentials fails discovery, naming the proxy and never the password', async () => {
    const error = await failure(oidcClient({ httpProxy: guarded.urlWithAuth('egress', 'stale-password') }).discover(settings()));

    expect(error).toBeInstanceOf(OidcError);
    expect(error).toMatchObject({ kind: 'discovery' });
    const { message } = error as OidcError;
    expect(message).toContain(`the outbound proxy ${guarded.url} refused the connection to ${target()} (407 Proxy Authentication Required`);
    expect(message).not.toContain('stale-password');
  });

  it('a proxy that cannot be reached fails discovery, naming the proxy', async () => {
    const deadPort = await closedPort();

    const error = await failure(oidcClient({ httpProxy: `http://egress:${PROXY_PASSWORD}@127.0.0.1:${deadPort}` }).discover(settings()));

    expect(error).toMatchObject({ kind: 'discovery' });
    expect((error as OidcError).message).toContain(`the outbound proxy http://127.0.0.1:${deadPort} could not be reached`);
    expect((error as OidcError).message).not.toContain(PROXY_PASSWORD);
  });
});
