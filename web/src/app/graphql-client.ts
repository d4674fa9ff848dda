import {
  Client,
  cacheExchange,
  fetchExchange,
  makeOperation,
  mapExchange,
  subscriptionExchange,
  type Operation,
  type CombinedError,
  type ExecutionResult,
} from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface GraphqlClientOptions {
  /** Whether the admin signed in: the session cookie then authenticates every request and the websocket. */
  signedIn: boolean;
  /** Called when the server answers UNAUTHENTICATED to a request of a signed-in admin. */
  onUnauthenticated: () => void;
  url?: string;
  wsUrl?: string;
  /** Defaults to the global fetch; tests pass their own. */
  fetch?: typeof fetch;
}

export interface GraphqlClient {
  client: Client;
  /** Closes the websocket; the urql client must not be used afterwards. */
  dispose: () => void;
}

/**
 * Sends the id of the document (`pnpm codegen` gives each one `__meta__.hash`) instead of its text, in
 * the persisted-query shape, so a server that runs only the admin app's documents for browser sessions
 * accepts it. The text stays in the bundle: the cache and the tests still read it.
 */
function byTrustedDocumentId(operation: Operation): Operation {
  const hash = (operation.query as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash?.startsWith('sha256:')) return operation;
  const persistedQuery = { version: 1 as const, sha256Hash: hash.slice('sha256:'.length) };
  return makeOperation(operation.kind, { ...operation, extensions: { ...operation.extensions, persistedQuery } }, operation.context);
}

/**
 * An UNAUTHENTICATED answer about the request's token ends the session. One that names a field is about what
 * the admin typed into a form (a wrong current password, a wrong authenticator code) and stays with that form.
 */
export function endsSession(error: CombinedError): boolean {
  return error.graphQLErrors.some(
    (e) => e.extensions?.code === 'UNAUTHENTICATED' && typeof e.extensions.field !== 'string',
  );
}

/** The websocket endpoint: same host and path as the page's `/graphql`, ws:// or wss:// to match. */
export function defaultWsUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const { signedIn, onUnauthenticated } = options;

  // Lazy: the socket opens with the first subscription and closes after the last one ends. No token in
  // connection_init: the browser sends the session cookie with the upgrade.
  const ws: WsClient = createWsClient({
    url: options.wsUrl ?? defaultWsUrl(),
    lazy: true,
  });

  const client = new Client({
    url: options.url ?? '/graphql',
    // Apollo's CSRF prevention rejects urql's default GET queries.
    preferGetMethod: false,
    fetch: options.fetch,
    // The session is the HttpOnly cookie, sent with same-origin requests only (the server checks the Origin).
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      mapExchange({
        onOperation: byTrustedDocumentId,
        onError(error) {
          if (signedIn && endsSession(error)) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(payload, {
                // graphql-ws types `extensions` as unknown; urql wants a record — the wire format is the same.
                next: (value) => sink.next(value as ExecutionResult),
                error: (error) => sink.error(toSubscriptionError(error)),
                complete: () => sink.complete(),
              });
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return { client, dispose: () => void ws.dispose() };
}

/**
 * graphql-ws reports a closed socket with the CloseEvent itself, which urql would show as "[Network] undefined".
 * GraphQL errors (an array) pass through so urql keeps them as graphQLErrors.
 */
export function toSubscriptionError(error: unknown): unknown {
  if (Array.isArray(error) || error instanceof Error) return error;
  if (isCloseEvent(error)) {
    const reason = error.reason ? `: ${error.reason}` : '';
    return new Error(`The live connection closed (code ${error.code}${reason})`);
  }
  if (typeof Event !== 'undefined' && error instanceof Event) {
    return new Error('The live connection could not be opened');
  }
  return new Error(`The live connection failed: ${String(error)}`);
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';
}
