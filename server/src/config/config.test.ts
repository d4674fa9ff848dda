import { describe, expect, it } from 'vitest';
import { parseConfig } from './index.js';

describe('configuration', () => {
  it('starts with nothing configured, on embedded defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, mongodbUrl: undefined, logLevel: 'info', connectWiseMaxRequestsPerMinute: 1000 });
  });

  it('lets an instance that allows more raise the ConnectWise request rate', () => {
    expect(parseConfig({ CONNECTWISE_MAX_REQUESTS_PER_MINUTE: '3000' }).connectWiseMaxRequestsPerMinute).toBe(3000);
    expect(parseConfig({}).trustedDocumentsForBrowserSessions).toBe(false);
    expect(parseConfig({ TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS: 'true' }).trustedDocumentsForBrowserSessions).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL must start with postgres:\/\//],
    [{ MONGODB_URL: 'http://localhost' }, /MONGODB_URL/],
    [{ HIGHWATER_SECRET_KEY: 'short' }, /HIGHWATER_SECRET_KEY must be 32 bytes/],
    [{ CONNECTWISE_CLIENT_ID: 'not-a-guid' }, /CONNECTWISE_CLIENT_ID/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ CONNECTWISE_MAX_REQUESTS_PER_MINUTE: '10' }, /CONNECTWISE_MAX_REQUESTS_PER_MINUTE/],
    [{ TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS: 'yes' }, /TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS/],
    [{ HIGHWATER_BREACHED_PASSWORD_CHECK: 'hibp' }, /HIGHWATER_BREACHED_PASSWORD_CHECK/],
    [{ HIGHWATER_PWNED_PASSWORDS_URL: 'api.pwnedpasswords.com' }, /HIGHWATER_PWNED_PASSWORDS_URL must start with http:\/\/ or https:\/\//],
    [{ HTTPS_PROXY: 'proxy.example.com:3128' }, /^Invalid configuration: HTTPS_PROXY must start with http:\/\/ or https:\/\//],
    [{ https_proxy: 'socks5://proxy.example.com:1080' }, /^Invalid configuration: https_proxy must start with http:\/\/ or https:\/\//],
    [{ HTTP_PROXY: 'http://proxy.example.com:3128/egress' }, /^Invalid configuration: HTTP_PROXY must be the proxy address only/],
    [{ NO_PROXY: 'localhost,10.0.0.0/8' }, /^Invalid configuration: NO_PROXY entry 10\.0\.0\.0\/8 is an address range/],
  ])('stops with one line naming the bad value: %o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('checks new passwords against Pwned Passwords unless turned off, at a mirror when one is given', () => {
    expect(parseConfig({}).pwnedPasswords).toEqual({ baseUrl: 'https://api.pwnedpasswords.com' });
    expect(parseConfig({ HIGHWATER_PWNED_PASSWORDS_URL: 'https://pwned.mirror.example/api' }).pwnedPasswords).toEqual({ baseUrl: 'https://pwned.mirror.example/api' });
    expect(parseConfig({ HIGHWATER_BREACHED_PASSWORD_CHECK: 'off', HIGHWATER_PWNED_PASSWORDS_URL: 'https://pwned.mirror.example' }).pwnedPasswords).toBeUndefined();
  });

  it('trusts a reverse proxy only when told which (hops or addresses), and refuses anything else', () => {
    expect(parseConfig({}).trustProxy).toBeUndefined();
    expect(parseConfig({ HIGHWATER_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ HIGHWATER_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => parseConfig({ HIGHWATER_TRUST_PROXY: 'everyone' })).toThrow(/HIGHWATER_TRUST_PROXY/);
  });

  it('builds single sign-on links on HIGHWATER_PUBLIC_URL, without a trailing slash', () => {
    expect(parseConfig({ HIGHWATER_PUBLIC_URL: 'https://billing.example.com/' }).publicUrl).toBe('https://billing.example.com');
    expect(() => parseConfig({ HIGHWATER_PUBLIC_URL: 'billing.example.com' })).toThrow(/HIGHWATER_PUBLIC_URL/);
  });

  it('requires the database URLs and secret key in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL is required in production/);
  });

  it('reads the extra CA files to trust for ConnectWise and JumpCloud', () => {
    const config = parseConfig({ CONNECTWISE_CA_FILE: '/etc/cw-ca.pem', JUMPCLOUD_CA_FILE: '/etc/jc-ca.pem' });
    expect(config).toMatchObject({ connectWiseCaFile: '/etc/cw-ca.pem', jumpCloudCaFile: '/etc/jc-ca.pem' });
    expect(parseConfig({}).jumpCloudCaFile).toBeUndefined();
  });

  it('accepts a 32-byte secret key as hex or base64', () => {
    const hex = 'ab'.repeat(32);
    expect(parseConfig({ HIGHWATER_SECRET_KEY: hex }).secretKey).toHaveLength(32);
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(parseConfig({ HIGHWATER_SECRET_KEY: base64 }).secretKey).toEqual(Buffer.alloc(32, 7));
  });

  it('reads the outbound proxy, the lower-case spelling first, as curl does, an empty one as unset', () => {
    expect(parseConfig({}).outboundProxy).toEqual({ httpsProxy: undefined, httpProxy: undefined, noProxy: [] });
    const config = parseConfig({
      HTTPS_PROXY: 'http://upper.example.com:3128',
      https_proxy: 'http://egress:p%40ss@lower.example.com:3128',
      HTTP_PROXY: 'http://plain.example.com:3128',
      NO_PROXY: 'localhost, 127.0.0.1 .corp.example',
      no_proxy: '',
    });
    expect(config.outboundProxy).toEqual({
      httpsProxy: 'http://egress:p%40ss@lower.example.com:3128',
      httpProxy: 'http://plain.example.com:3128',
      noProxy: ['localhost', '127.0.0.1', '.corp.example'],
    });
    expect(parseConfig({ NO_PROXY: 'localhost', no_proxy: '*' }).outboundProxy.noProxy).toEqual(['*']);
  });

  it('never repeats a malformed proxy URL, which may hold a password', () => {
    expect(() => parseConfig({ HTTPS_PROXY: 'http://egress:hunter2-proxy@proxy.example.com:3128/path' })).toThrow(/HTTPS_PROXY/);
    try {
      parseConfig({ HTTPS_PROXY: 'http://egress:hunter2-proxy@proxy.example.com:3128/path' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
