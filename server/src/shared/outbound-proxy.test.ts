import { describe, expect, it } from 'vitest';
import { noProxyEntryProblem, proxyFor, proxyName, proxySecrets, proxyUrlProblem, splitNoProxy } from './outbound-proxy.js';

const PROXY = 'http://proxy.example.com:3128';
const via = (target: string, noProxy: string, settings: { httpsProxy?: string; httpProxy?: string } = { httpsProxy: PROXY }) =>
  proxyFor(new URL(target), { ...settings, noProxy: splitNoProxy(noProxy) });

describe('which calls go through the proxy', () => {
  it('sends https to HTTPS_PROXY, http to HTTP_PROXY, and https to HTTP_PROXY when HTTPS_PROXY is not set', () => {
    const both = { httpsProxy: 'http://secure-egress:3128', httpProxy: 'http://plain-egress:3128' };
    expect(via('https://api-na.myconnectwise.net/', '', both)).toBe('http://secure-egress:3128');
    expect(via('http://mirror.internal/range/ABCDE', '', both)).toBe('http://plain-egress:3128');
    expect(via('https://console.jumpcloud.com/', '', { httpProxy: 'http://plain-egress:3128' })).toBe('http://plain-egress:3128');
    expect(via('http://mirror.internal/', '', { httpsProxy: 'http://secure-egress:3128' })).toBeUndefined();
    expect(proxyFor(new URL('https://console.jumpcloud.com/'), undefined)).toBeUndefined();
  });

  it.each([
    ['a host named exactly', 'https://login.example.com/', 'login.example.com'],
    ['a subdomain of a domain', 'https://login.example.com/', 'example.com'],
    ['a subdomain of a .domain', 'https://login.example.com/', '.example.com'],
    ['a subdomain of a *.domain', 'https://login.example.com/', '*.example.com'],
    ['the domain itself, written .domain', 'https://example.com/', '.example.com'],
    ['any host for *', 'https://console.jumpcloud.com/', '*'],
    ['a host on the port named', 'https://cw.internal:8443/', 'cw.internal:8443'],
    ['the default port named', 'https://cw.internal/', 'cw.internal:443'],
    ['an IPv4 address', 'https://10.1.2.3/', '10.1.2.3'],
    ['an IPv6 address, bare', 'https://[::1]:4443/', '::1'],
    ['an IPv6 address with a port', 'https://[::1]:4443/', '[::1]:4443'],
    ['whatever the case', 'https://Login.Example.COM/', 'EXAMPLE.com'],
    ['an entry among others, spaces or commas', 'https://idp.corp.example/', 'localhost, 127.0.0.1  corp.example'],
  ])('goes direct for %s', (_what, target, noProxy) => {
    expect(via(target, noProxy)).toBeUndefined();
  });

  it.each([
    ['NO_PROXY empty: loopback too', 'https://127.0.0.1:4443/', ''],
    ['a look-alike domain', 'https://notexample.com/', 'example.com'],
    ['a parent of the domain', 'https://example.com/', 'login.example.com'],
    ['another port', 'https://cw.internal:8443/', 'cw.internal:443'],
    ['localhost when only 127.0.0.1 is listed (no resolving)', 'https://localhost:4443/', '127.0.0.1'],
  ])('proxies %s', (_what, target, noProxy) => {
    expect(via(target, noProxy)).toBe(PROXY);
  });
});

describe('checking the settings', () => {
  it.each([
    ['http://proxy.example.com:3128', undefined],
    ['https://proxy.example.com', undefined],
    ['http://user:p%40ss@proxy.example.com:3128/', undefined],
    ['proxy.example.com:3128', 'must start with http:// or https://'],
    ['socks5://proxy.example.com:1080', 'must start with http:// or https://'],
    ['http://proxy.example.com:3128/egress', 'without a path'],
    ['not a url', 'must be a URL'],
  ])('a proxy URL %s', (value, problem) => {
    if (problem === undefined) expect(proxyUrlProblem(value)).toBeUndefined();
    else expect(proxyUrlProblem(value)).toContain(problem);
  });

  it('never repeats a proxy URL (with its password) in a problem', () => {
    expect(proxyUrlProblem('ftp://user:hunter2-proxy@proxy:21')).not.toContain('hunter2');
  });

  it('refuses NO_PROXY address ranges, which would otherwise be proxied without a word', () => {
    expect(noProxyEntryProblem('10.0.0.0/8')).toContain('address range');
    expect(noProxyEntryProblem('[::1')).toContain('not a host');
    expect(noProxyEntryProblem('.example.com')).toBeUndefined();
    expect(noProxyEntryProblem('*')).toBeUndefined();
  });

  it('names a proxy without its credentials, and lists its password for scrubbing', () => {
    expect(proxyName('http://egress:s3cr%40t-pass@proxy.example.com:3128')).toBe('http://proxy.example.com:3128');
    expect(proxySecrets({ httpsProxy: 'http://egress:s3cr%40t-pass@proxy.example.com:3128' })).toEqual(['s3cr%40t-pass', 's3cr@t-pass']);
    expect(proxySecrets({ httpsProxy: PROXY })).toEqual([]);
  });
});
