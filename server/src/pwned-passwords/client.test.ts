import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, closedPort, failure } from '../../test-support/client-test-helpers.js';
import { startConnectProxy, type ConnectProxy } from '../../test-support/connect-proxy.js';
import { startPwnedPasswordsSimulator, type PwnedPasswordsSimulator } from '../../test-support/pwned-passwords-sim.js';
import { pwnedPasswordsBreachCheck } from './breach-check.js';
import { PwnedPasswordsClient, PwnedPasswordsError, sha1Parts } from './client.js';

const BREACHED = 'correct horse battery staple';
const FRESH = 'a passphrase nobody has leaked 🦔 yet';

let sim: PwnedPasswordsSimulator;
let client: PwnedPasswordsClient;
beforeAll(async () => {
  sim = await startPwnedPasswordsSimulator();
  client = new PwnedPasswordsClient({ baseUrl: `${sim.url}/`, timeoutMs: 200 });
});
afterAll(async () => {
  await client.close();
  await sim.stop();
});
beforeEach(() => {
  sim.requests.length = 0;
  sim.delayMs = 0;
  sim.failWith = undefined;
  sim.lowerCase = false;
});

describe('the Pwned Passwords client', () => {
  it('says how many times a breached password was seen, and 0 for one never seen', async () => {
    sim.breach(BREACHED, 3_730_471);
    expect(await client.timesSeen(BREACHED)).toBe(3_730_471);
    expect(await client.timesSeen(FRESH)).toBe(0);
  });

  it('ignores padding lines counted 0, even one carrying the password’s own suffix', async () => {
    const padded = 'only ever seen as padding';
    sim.breach(padded, 0);
    expect(await client.timesSeen(padded)).toBe(0);
    const range = await client.range(sha1Parts(padded).prefix);
    expect([...range.values()].every((count) => count > 0)).toBe(true);
  });

  it('reads suffixes written in lower case', async () => {
    sim.breach('lower case mirror password', 12);
    sim.lowerCase = true;
    expect(await client.timesSeen('lower case mirror password')).toBe(12);
  });

  it('sends only the first 5 hex characters of the SHA-1, asking for padding — never the password or the rest of its hash', async () => {
    await client.timesSeen(FRESH);
    await client.timesSeen(BREACHED);
    const sent = sim.requests.map((request) => JSON.stringify(request));
    expect(sim.requests.map((request) => request.path)).toEqual([`/range/${sha1Parts(FRESH).prefix}`, `/range/${sha1Parts(BREACHED).prefix}`]);
    expect(sim.requests.every((request) => request.method === 'GET' && request.headers['add-padding'] === 'true')).toBe(true);
    for (const password of [FRESH, BREACHED]) {
      expect(sent.join('\n').toUpperCase()).not.toContain(sha1Parts(password).suffix);
      expect(sent.join('\n')).not.toContain(password);
      expect(sent.join('\n')).not.toContain(encodeURIComponent(password));
    }
  });

  it('fails with a typed error when the service is slow, down or unreachable', async () => {
    sim.delayMs = 5_000;
    expect(await failure(client.timesSeen(FRESH))).toMatchObject({ kind: 'timeout' });
    sim.delayMs = 0;
    sim.failWith = 503;
    expect(await failure(client.timesSeen(FRESH))).toMatchObject({ kind: 'upstream', status: 503 });
    const unreachable = new PwnedPasswordsClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 200 });
    const refused = await failure(unreachable.timesSeen(FRESH));
    expect(refused).toBeInstanceOf(PwnedPasswordsError);
    expect(refused).toMatchObject({ kind: 'network' });
    await unreachable.close();
  });
});

describe('the breached-password check', () => {
  it('counts a breached password and passes a fresh one', async () => {
    sim.breach(BREACHED, 42);
    const check = pwnedPasswordsBreachCheck(client, captureLogger());
    expect(await check(BREACHED)).toBe(42);
    expect(await check(FRESH)).toBe(0);
  });

  it.each([
    ['answers too slowly', () => void (sim.delayMs = 5_000), 'timeout'],
    ['answers 503', () => void (sim.failWith = 503), 'upstream'],
  ])('fails open when the service %s: the password passes, a warning names the prefix but not the password', async (_, fault, kind) => {
    sim.breach(BREACHED, 42);
    fault();
    const logger = captureLogger();
    expect(await pwnedPasswordsBreachCheck(client, logger)(BREACHED)).toBe(0);
    expect(logger.entries).toEqual([{ level: 'warn', obj: expect.objectContaining({ kind, prefix: sha1Parts(BREACHED).prefix }), msg: expect.stringMatching(/accepted/) }]);
    const logged = JSON.stringify(logger.entries);
    expect(logged).not.toContain(BREACHED);
    expect(logged).not.toContain(sha1Parts(BREACHED).suffix);
  });
});

describe('through the outbound proxy', () => {
  // The simulator is plain http on loopback, so HTTP_PROXY is the one that applies.
  const PROXY_PASSWORD = 'proxy-pass-6b0e';
  let guarded: ConnectProxy;
  beforeAll(async () => {
    guarded = await startConnectProxy({ auth: { user: 'egress', password: PROXY_PASSWORD } });
  });
  afterAll(() => guarded?.stop());
  const simHost = () => new URL(sim.url).host;

  it('asks for the range through the proxy, with the credentials in the proxy URL', async () => {
    sim.breach(BREACHED, 7);
    const proxied = new PwnedPasswordsClient({ baseUrl: sim.url, timeoutMs: 2_000, proxy: { httpProxy: guarded.urlWithAuth() } });

    expect(await proxied.timesSeen(BREACHED)).toBe(7);

    expect(await guarded.exchangesTo(simHost())).toEqual([{ method: 'GET', target: simHost(), authorized: true }]);
    await proxied.close();
  });

  it('a proxy refusing the credentials is a network failure naming the proxy, never the password (and the check fails open)', async () => {
    const proxied = new PwnedPasswordsClient({ baseUrl: sim.url, timeoutMs: 2_000, proxy: { httpProxy: guarded.urlWithAuth('egress', 'wrong-pass') } });

    const error = await failure(proxied.timesSeen(FRESH));

    expect(error).toMatchObject({ kind: 'network' });
    expect((error as PwnedPasswordsError).message).toBe(
      `Pwned Passwords could not be reached for range ${sha1Parts(FRESH).prefix}: the outbound proxy ${guarded.url} refused the connection to ${simHost()} (407 Proxy Authentication Required: check the user and password in the proxy URL)`,
    );
    const logger = captureLogger();
    expect(await pwnedPasswordsBreachCheck(proxied, logger)(BREACHED)).toBe(0);
    expect(JSON.stringify(logger.entries)).not.toContain('wrong-pass');
    await proxied.close();
  });
});
