import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client, type SubscribePayload } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { MAX_REQUEST_BODY_BYTES, MAX_SUBSCRIPTIONS_PER_SOCKET, MAX_VARIABLES_DEPTH, QUERY_LIMITS } from './limits.js';

/*
 * graphql-ws gets the gate HTTP has: text rules, nesting depth of variables, request limits, message
 * size, a cap on subscriptions per socket; every refusal is an `error` message with its code, and the
 * socket (with the caller's other subscriptions) stays open.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

interface Connection {
  client: Client;
  /** The close code, once the socket closed. */
  closedWith(): number | undefined;
}

function connect(token: string): Connection {
  let code: number | undefined;
  const client = createClient({
    url: t.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => (code = (event as { code: number }).code) },
  });
  return { client, closedWith: () => code };
}

interface Message {
  id?: string;
  type: string;
  payload?: unknown;
}

/** A graphql-transport-ws socket spoken by hand, for messages no client library would send. */
async function rawSocket(token: string) {
  const socket = new WebSocket(t.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
  const received: Message[] = [];
  const waiters: (() => void)[] = [];
  let code: number | undefined;
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Message);
    waiters.splice(0).forEach((wake) => wake());
  });
  socket.on('close', (closedWith) => (code = closedWith));
  await new Promise((resolve) => socket.once('open', resolve));
  const next = async (id?: string): Promise<Message> => {
    for (;;) {
      const index = received.findIndex((message) => message.id === id);
      if (index >= 0) return received.splice(index, 1)[0]!;
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  expect((await next()).type).toBe('connection_ack');
  return { send: (text: string) => socket.send(text), next, closedWith: () => code, close: () => socket.close() };
}

type Outcome = { data: unknown } | { errors: readonly GraphQLFormattedError[] } | { closed: number };

/** How one operation ends: its first result, its `error` message, or the socket closing under it. */
function outcome(client: Client, payload: SubscribePayload): Promise<Outcome> {
  return new Promise((resolve) => {
    const dispose = client.subscribe(payload, {
      next: (result) => {
        dispose();
        resolve(result.errors ? { errors: result.errors } : { data: result.data });
      },
      error: (error) => resolve(Array.isArray(error) ? { errors: error } : { closed: (error as { code: number }).code }),
      complete: () => undefined,
    });
  });
}

const codesOf = (result: Outcome) => ('errors' in result ? result.errors.map((error) => error.extensions?.code) : result);

/** A serverTime subscription on `client`, and a way to wait for its next tick. */
function ticking(client: Client) {
  let ticks = 0;
  const waiters: (() => void)[] = [];
  const dispose = client.subscribe(
    { query: 'subscription { serverTime }' },
    {
      next: () => {
        ticks += 1;
        waiters.splice(0).forEach((resolve) => resolve());
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return {
    dispose,
    ticks: () => ticks,
    nextTick: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

const UPSERT = 'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id name } }';

describe('text rules and nesting depth over graphql-ws', () => {
  const unstorable: [string, Record<string, unknown>, string][] = [
    ['a NUL character in a name', { o: [{ externalId: 'ws-nul', name: 'Acme\u0000Corp', costPerSeat: 1 }] }, 'variables.o[0].name'],
    ['an unpaired surrogate in a name', { o: [{ externalId: 'ws-surrogate', name: 'Acme \ud800', costPerSeat: 1 }] }, 'variables.o[0].name'],
  ];
  for (const [what, variables, field] of unstorable) {
    it(`refuses ${what} with BAD_USER_INPUT, and stores nothing`, async () => {
      const admin = await t.createAdmin();
      const { client } = connect(admin.token);
      const result = await outcome(client, { query: UPSERT, variables });
      await client.dispose();
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect((result as { errors: GraphQLFormattedError[] }).errors[0]!.extensions?.field).toBe(field);
      const stored = await t.graphql<{ organizations: { totalCount: number } }>('{ organizations { totalCount } }', {}, admin.token);
      expect(stored.data?.organizations.totalCount).toBe(0);
    });
  }

  it('refuses the same text written inline in the document', async () => {
    const admin = await t.createAdmin();
    const { client } = connect(admin.token);
    const query = 'mutation { upsertOrganizations(organizations: [{ externalId: "ws-inline", name: "Acme \\u0000", costPerSeat: 1 }]) { id } }';
    const result = await outcome(client, { query });
    await client.dispose();
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  });

  it(`refuses variables nested 300,000 levels deep with BAD_USER_INPUT and the limit (${MAX_VARIABLES_DEPTH}); the socket stays open`, async () => {
    const admin = await t.createAdmin();
    const socket = await rawSocket(admin.token);
    // Written by hand: JSON.stringify (the client's too) cannot write this deep.
    const deep = '['.repeat(300_000) + ']'.repeat(300_000);
    socket.send(`{"id":"deep","type":"subscribe","payload":{"query":"{ __typename }","variables":{"x":${deep}}}}`);
    const refused = await socket.next('deep');
    expect(refused.type).toBe('error');
    const [error] = refused.payload as GraphQLFormattedError[];
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_VARIABLES_DEPTH });
    expect(error!.extensions!.field).toMatch(/^variables\.x(\[0\])+$/);
    socket.send(JSON.stringify({ id: 'after', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect(await socket.next('after')).toMatchObject({ type: 'next', payload: { data: { __typename: 'Query' } } });
    expect(socket.closedWith()).toBeUndefined();
    socket.close();
  });
});

describe('request errors over graphql-ws: an error message with the HTTP code, the socket stays open', () => {
  const cases: [string, SubscribePayload, string][] = [
    ['an unknown field', { query: '{ viewer { nope } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['an unused variable', { query: 'query($x: Int) { viewer { id } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a syntax error', { query: '{ viewer { id }' }, 'GRAPHQL_PARSE_FAILED'],
    ['a document over the token limit', { query: `{ ${'__typename '.repeat(QUERY_LIMITS.maxTokens)} }` }, 'QUERY_TOO_MANY_TOKENS'],
    ['a variable of the wrong type', { query: 'query($first: Int!) { organizations(first: $first) { totalCount } }', variables: { first: 'ten' } }, 'BAD_USER_INPUT'],
    ['an operation name the document does not have', { query: 'query A { __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  ];
  for (const [what, payload, code] of cases) {
    it(`answers ${what} with ${code}, and the caller's subscription keeps ticking`, async () => {
      const admin = await t.createAdmin();
      const { client, closedWith } = connect(admin.token);
      const clock = ticking(client);
      await clock.nextTick();
      expect(codesOf(await outcome(client, payload))).toEqual([code]);
      const before = clock.ticks();
      await clock.nextTick();
      expect(clock.ticks()).toBeGreaterThan(before);
      expect(closedWith()).toBeUndefined();
      clock.dispose();
      await client.dispose();
    });
  }
});

describe('message size over graphql-ws', () => {
  it(`closes the socket with 1009 (message too big) on a message over ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MB; one under it runs`, async () => {
    const admin = await t.createAdmin();
    const { client, closedWith } = connect(admin.token);
    const under = await outcome(client, { query: '{ __typename }', variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES - 1024) } });
    expect(under).toEqual({ data: { __typename: 'Query' } });
    const over = await outcome(client, { query: '{ __typename }', variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } });
    expect(over).toEqual({ closed: 1009 });
    expect(closedWith()).toBe(1009);
  });
});

describe('subscriptions per socket', () => {
  it(`refuses subscription ${MAX_SUBSCRIPTIONS_PER_SOCKET + 1} on one socket with TOO_MANY_SUBSCRIPTIONS; the others keep running`, async () => {
    const admin = await t.createAdmin();
    const { client, closedWith } = connect(admin.token);
    const clock = ticking(client);
    await clock.nextTick();
    const idle = Array.from({ length: MAX_SUBSCRIPTIONS_PER_SOCKET - 1 }, () =>
      client.subscribe({ query: 'subscription { syncRunUpdated { run { id } } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined }),
    );
    const refused = await outcome(client, { query: 'subscription { syncRunUpdated { run { id } } }' });
    expect(codesOf(refused)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    expect((refused as { errors: GraphQLFormattedError[] }).errors[0]!.extensions?.limit).toBe(MAX_SUBSCRIPTIONS_PER_SOCKET);

    const before = clock.ticks();
    await clock.nextTick();
    expect(clock.ticks()).toBeGreaterThan(before);
    expect(closedWith()).toBeUndefined();
    // One ended: room for one more.
    idle.pop()!();
    expect(await outcome(client, { query: '{ __typename }' })).toEqual({ data: { __typename: 'Query' } });
    idle.forEach((dispose) => dispose());
    clock.dispose();
    await client.dispose();
  });
});
