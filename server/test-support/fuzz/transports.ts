import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { FuzzOperation } from './operation.js';
import { payloadText, serialize } from './serialize.js';

/** What came back for one request. */
export interface Outcome {
  /** HTTP status; undefined over graphql-ws. */
  status?: number;
  errors: { code: string; message: string; path?: readonly (string | number)[] }[];
  /** Some root field answered with data, or an error below a root field says its resolver returned: for a mutation, it ran. */
  answered: boolean;
  /** graphql-ws: the server closed the socket before answering. */
  closed?: { code: number; reason: string };
  /** No answer in time, or a body that is not GraphQL's JSON. */
  problem?: string;
}

/** Longer than any refusal or simulator call takes; an operation without an answer by then is a failure. */
const ANSWER_TIMEOUT_MS = 20_000;
/** A subscription with no error by then was accepted; the harness unsubscribes. */
const SUBSCRIPTION_SETTLE_MS = 60;

function fromResult(result: ExecutionResult | undefined): Outcome {
  const errors = (result?.errors ?? []).map(codeOf);
  const data = result?.data as Record<string, unknown> | null | undefined;
  // A nested error can null the root field (non-null all the way up) after a mutation ran.
  const belowRoot = errors.some((error) => (error.path?.length ?? 0) > 1);
  return { errors, answered: belowRoot || (!!data && Object.values(data).some((value) => value !== null && value !== undefined)) };
}

function codeOf(error: GraphQLFormattedError | { message?: string; path?: readonly (string | number)[]; extensions?: { code?: unknown } }): Outcome['errors'][number] {
  const code = error.extensions?.code;
  return { code: typeof code === 'string' ? code : '(no code)', message: String(error.message ?? ''), path: Array.isArray(error.path) ? error.path : undefined };
}

export async function sendHttp(baseUrl: string, op: FuzzOperation, adminToken: string): Promise<Outcome> {
  const authorization = op.auth === 'admin' ? `Bearer ${adminToken}` : op.auth === 'bad token' ? String(op.badToken ?? '') : undefined;
  try {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body: op.rawPayload ?? payloadText(op.document, op.variables, op.operationName),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: ExecutionResult | undefined;
    try {
      body = JSON.parse(text) as ExecutionResult;
    } catch {
      return { status: response.status, errors: [], answered: false, problem: response.status >= 500 ? undefined : `a body that is not JSON: ${text.slice(0, 80)}` };
    }
    return { status: response.status, ...fromResult(body) };
  } catch (error) {
    return { errors: [], answered: false, problem: `no answer: ${(error as Error).message}` };
  }
}

/** Signed-in graphql-ws clients, each keeping its socket open between operations; one that was closed is replaced. */
export class WsClients {
  private readonly clients: { client: Client; closed: boolean }[] = [];

  constructor(
    private readonly wsUrl: string,
    private readonly token: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.clients.push(this.open());
  }

  private open(): { client: Client; closed: boolean } {
    const entry = { client: undefined as unknown as Client, closed: false };
    entry.client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: true,
      lazyCloseTimeout: 60_000,
      on: { closed: () => (entry.closed = true) },
    });
    return entry;
  }

  get(index: number): Client {
    const at = index % this.clients.length;
    if (this.clients[at]!.closed) {
      void this.clients[at]!.client.dispose();
      this.clients[at] = this.open();
    }
    return this.clients[at]!.client;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.clients.map((entry) => entry.client.dispose()));
  }
}

/** One operation through the graphql-ws client. */
export function sendWs(client: Client, op: FuzzOperation): Promise<Outcome> {
  return new Promise((resolve) => {
    let last: ExecutionResult | undefined;
    let settled = false;
    let dispose = () => {};
    const subscription = op.operationType === 'subscription';
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      dispose();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(subscription ? { errors: [], answered: false } : { errors: [], answered: false, problem: `no answer in ${ANSWER_TIMEOUT_MS} ms` }), subscription ? SUBSCRIPTION_SETTLE_MS : ANSWER_TIMEOUT_MS);
    dispose = client.subscribe(
      { query: op.document, variables: op.variables, operationName: op.operationName },
      {
        next: (result) => {
          last = result as ExecutionResult;
          if (subscription) finish(fromResult(last));
        },
        error: (error) => finish(fromWsError(error)),
        complete: () => finish(fromResult(last)),
      },
    );
  });
}

function fromWsError(error: unknown): Outcome {
  if (Array.isArray(error)) return { errors: (error as GraphQLFormattedError[]).map(codeOf), answered: false };
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') return { errors: [], answered: false, closed: { code: close.code, reason: String(close.reason ?? '') } };
  return { errors: [], answered: false, problem: `graphql-ws client: ${(error as Error)?.message ?? String(error)}` };
}

/**
 * One operation on its own socket, speaking graphql-transport-ws by hand: for payloads the client
 * cannot send (raw deep JSON, a malformed subscribe payload), for callers that are not signed in, and
 * for documents that do not parse (a socket closed for one would end the shared socket's other operations).
 */
export function sendRawWs(wsUrl: string, op: FuzzOperation, adminToken: string): Promise<Outcome> {
  const connectionParams =
    op.auth === 'admin'
      ? { authorization: `Bearer ${adminToken}` }
      : op.auth === 'none'
        ? {}
        : typeof op.badToken === 'object' && op.badToken !== null
          ? op.badToken
          : { authorization: op.badToken };
  const payload = op.rawPayload ?? payloadText(op.document, op.variables, op.operationName);
  const subscription = op.operationType === 'subscription';
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    let last: ExecutionResult | undefined;
    let settled = false;
    let timer = setTimeout(() => finish({ errors: [], answered: false, problem: `no answer in ${ANSWER_TIMEOUT_MS} ms` }), ANSWER_TIMEOUT_MS);
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      resolve(outcome);
    };
    socket.on('open', () => socket.send(serialize({ type: 'connection_init', payload: connectionParams })));
    socket.on('message', (data) => {
      let message: { type?: string; payload?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return finish({ errors: [], answered: false, problem: `a message that is not JSON: ${String(data).slice(0, 80)}` });
      }
      if (message.type === 'connection_ack') {
        socket.send(`{"id":"1","type":"subscribe","payload":${payload}}`);
        if (subscription) {
          clearTimeout(timer);
          timer = setTimeout(() => finish(fromResult(last)), SUBSCRIPTION_SETTLE_MS);
        }
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'next') {
        last = message.payload as ExecutionResult;
        if (subscription) finish(fromResult(last));
      } else if (message.type === 'error') finish(fromWsError(message.payload));
      else if (message.type === 'complete') finish(fromResult(last));
    });
    socket.on('close', (code, reason) => finish({ errors: [], answered: false, closed: { code, reason: reason.toString() } }));
    socket.on('error', (error) => finish({ errors: [], answered: false, problem: `socket error: ${error.message}` }));
  });
}
