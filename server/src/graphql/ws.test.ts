import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ revocationCheckMs: 100 });
});
afterAll(() => t.stop());

function connect(token: string | undefined, onClosed?: (code: number) => void, app: TestApp = t): Client {
  return createClient({
    url: app.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
  });
}

/** Resolves with the first `count` values of a subscription, or rejects with how it ended. */
function take<T>(client: Client, query: string, count: number): Promise<T[]> {
  const values: T[] = [];
  return new Promise((resolve, reject) => {
    const dispose = client.subscribe<T>(
      { query },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          values.push(result.data as T);
          if (values.length === count) {
            dispose();
            resolve(values);
          }
        },
        error: (error) => reject(error instanceof Error ? error : new Error(`closed: ${(error as { code?: number }).code}`)),
        complete: () => resolve(values),
      },
    );
  });
}

describe('graphql-ws on /graphql', () => {
  it('streams the server time, once a second, to a signed-in admin', async () => {
    const admin = await t.createAdmin();
    const client = connect(admin.token);
    const ticks = await take<{ serverTime: string }>(client, 'subscription { serverTime }', 2);
    await client.dispose();
    const [first, second] = ticks.map((tick) => Date.parse(tick.serverTime));
    expect(second! - first!).toBeGreaterThanOrEqual(900);
  });

  it('applies the HTTP request limits: an alias bomb is refused with its own code', async () => {
    const admin = await t.createAdmin();
    const client = connect(admin.token);
    const aliases = Array.from({ length: 30 }, (_, i) => `v${i}: viewer { id }`).join(' ');
    const errors = await new Promise<{ extensions?: { code?: string } }[]>((resolve, reject) => {
      client.subscribe({ query: `{ ${aliases} }` }, { next: () => reject(new Error('the query ran')), error: (error) => resolve(error as never), complete: () => reject(new Error('completed')) });
    });
    await client.dispose();
    expect(errors.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_MANY_ALIASES']);
  });

  it('closes a connection that never sends connection_init with 4408 after 3 seconds', async () => {
    const socket = new WebSocket(t.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
    const opened = Date.now();
    const code = await new Promise<number>((resolve) => socket.on('close', (closedWith) => resolve(closedWith)));
    expect(code).toBe(4408);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(2_900);
  });

  it('closes an unauthenticated connection with 4403', async () => {
    let code = 0;
    const client = connect(undefined, (closedWith) => (code = closedWith));
    await expect(take(client, 'subscription { serverTime }', 1)).rejects.toThrow();
    expect(code).toBe(4403);
  });

  it('ends the subscription when its token is revoked while connected', async () => {
    const admin = await t.createAdmin();
    const created = await t.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "short-lived") { token apiToken { id } } }',
      {},
      admin.token,
    );
    const { token, apiToken } = created.data!.createApiToken;
    let code = 0;
    const client = connect(token, (closedWith) => (code = closedWith));
    const ended = take(client, 'subscription { serverTime }', 1_000);
    await take(connect(token), 'subscription { serverTime }', 1);
    await t.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: apiToken.id }, admin.token);
    await expect(ended).rejects.toThrow();
    expect(code).toBe(4403);
  });
});

describe('a token revoked outside the API (no revocation event)', () => {
  it('ends its subscription at the next periodic re-check', async () => {
    const admin = await t.createAdmin();
    let code = 0;
    const client = connect(admin.token, (closedWith) => (code = closedWith));
    const ended = take(client, 'subscription { serverTime }', 1_000);
    await take(connect(admin.token), 'subscription { serverTime }', 1);
    await t.app.orm.em.fork().getConnection().execute('update api_tokens set revoked_at = now() where admin_id = ?', [admin.adminId]);
    await expect(ended).rejects.toThrow();
    expect(code).toBe(4403);
  });

  it('leaves alone a socket opened while a re-check was running (its token was not asked about)', async () => {
    const watcher = await t.createAdmin();
    const latecomer = await t.createAdmin();
    // A socket open before: re-checks have a token to ask about.
    void take(connect(watcher.token), 'subscription { serverTime }', 1_000).catch(() => undefined);
    await take(connect(watcher.token), 'subscription { serverTime }', 1);
    // The latecomer's token is now cached, so its socket opens without PostgreSQL.
    await t.graphql('{ viewer { id } }', {}, latecomer.token);
    let code = 0;
    const late = connect(latecomer.token, (closedWith) => (code = closedWith));
    const connected = new Promise<void>((resolve) => late.on('connected', () => resolve()));
    await t.app.orm.em.fork().transactional(async (em) => {
      // Re-checks started now wait on the lock, having asked about the watcher's token only.
      await em.execute('lock table api_tokens in access exclusive mode');
      await new Promise((resolve) => setTimeout(resolve, 300));
      void take(late, 'subscription { serverTime }', 1_000).catch(() => undefined);
      await connected;
    });
    // The waiting re-checks answer now; a few more intervals pass.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(code).toBe(0);
    await late.dispose();
  });
});

describe('a token revoked on another server process', () => {
  it('stops working there at once, over HTTP and on its open websockets, without waiting for the periodic re-check', async () => {
    // Process B re-checks its sockets' tokens only every minute: what closes them here is the revocation event.
    const other = await startTestApp({ revocationCheckMs: 60_000 });
    try {
      const admin = await t.createAdmin();
      const created = await t.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
        'mutation { createApiToken(name: "used on B") { token apiToken { id } } }',
        {},
        admin.token,
      );
      const { token, apiToken } = created.data!.createApiToken;
      // B has seen (and keeps) the token: one request, one live subscription.
      expect((await other.graphql<{ viewer: { id: string } }>('{ viewer { id } }', {}, token)).data?.viewer.id).toBe(admin.adminId);
      let code = 0;
      const client = connect(token, (closedWith) => (code = closedWith), other);
      const ended = take(client, 'subscription { serverTime }', 1_000);
      await take(connect(token, undefined, other), 'subscription { serverTime }', 1);

      const revokedAt = Date.now();
      await t.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: apiToken.id }, admin.token);
      await expect(ended).rejects.toThrow();
      expect(code).toBe(4403);
      expect(Date.now() - revokedAt).toBeLessThan(5_000);
      const refused = await other.graphql('{ viewer { id } }', {}, token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await other.stop();
    }
  });
});
