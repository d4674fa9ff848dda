import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../features/auth/auth.service.js';
import { sessionTokenFromCookies } from '../features/auth/session-cookie.js';
import { tokenFromAuthorization } from '../features/auth/tokens.js';
import { isSameOrigin } from './csrf.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { createServices, type ServiceDeps } from '../services.js';
import { buildContext, type Context } from './context.js';
import { formatError, isUnexpected } from './errors.js';
import { errorMessageOf, gateWebSocketOperation } from './input-gate.js';
import { MAX_REQUEST_BODY_BYTES, MAX_SUBSCRIPTIONS_PER_SOCKET } from './limits.js';
import { subscribeSharingExecutions } from './shared-subscription-execution.js';
import { DOCUMENT_REQUIRED_MESSAGE, mustUseTrustedDocument, unknownDocumentError, type DocumentReference, type TrustedDocuments } from './trusted-documents.js';

interface ConnectionState {
  viewer: Viewer;
  authorization: unknown;
  socket: WebSocket;
}

export interface WebSocketOptions {
  /** How often the open connections' tokens are re-checked (a revocation event closes them sooner). */
  revocationCheckMs?: number;
  trustedDocuments: TrustedDocuments;
  /** Browser sessions may only run trusted documents (TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS). */
  enforceTrustedDocuments?: boolean;
}

export interface WebSockets {
  /** Drains the sockets when Apollo stops. */
  plugin: ApolloServerPlugin<Context>;
  /** Closes every socket opened with this token (4403): it was revoked, here or on another process. */
  closeRevoked(tokenId: string): void;
}

const REVOKED = 'Forbidden: token revoked';

/** graphql-ws on the HTTP server's `/graphql`, authenticated by `connection_init` like HTTP is by header. */
export function attachWebSockets(
  httpServer: Server,
  schema: GraphQLSchema,
  rootEm: EntityManager,
  deps: ServiceDeps,
  { revocationCheckMs = 5_000, trustedDocuments, enforceTrustedDocuments = false }: WebSocketOptions,
): WebSockets {
  // A bigger message is refused by ws itself: the socket closes with 1009 (message too big), as HTTP
  // answers a bigger body with 413.
  //
  // Cross-site WebSocket hijacking: a browser sends the session cookie with an upgrade any site's page
  // asks for, and WebSockets have no CORS. An upgrade carrying the cookie must come from our own origin;
  // any other is answered 403 before a socket exists. Scripts (no cookie) are not affected.
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: MAX_REQUEST_BODY_BYTES,
    verifyClient: ({ req }, accept) => {
      if (sessionTokenFromCookies(req.headers.cookie) === undefined || isSameOrigin(req)) return accept(true);
      accept(false, 403, 'Forbidden: the session cookie is only accepted from this site');
    },
  });
  const states = new Map<object, ConnectionState>();
  const closeWhere = (revoked: (tokenId: string) => boolean) => {
    for (const state of states.values()) if (revoked(state.viewer.tokenId)) state.socket.close(CloseCode.Forbidden, REVOKED);
  };
  // One query for all open sockets per interval, for revocations whose event this process missed
  // (a dropped LISTEN connection) or made outside the API.
  const recheck = setInterval(() => {
    const checked = new Set([...states.values()].map((state) => state.viewer.tokenId));
    if (checked.size === 0) return;
    createServices(rootEm.fork(), deps)
      .auth.activeTokenIds([...checked])
      // Only tokens this check asked about: a socket opened while it ran is not "missing" from the answer.
      .then((active) => closeWhere((tokenId) => checked.has(tokenId) && !active.has(tokenId)))
      // A failed check (the database restarting, the pool closing at shutdown) is retried next interval.
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not re-check the websocket tokens'));
  }, revocationCheckMs);
  recheck.unref();
  const cleanup = useServer<Record<string, unknown>, { socket: WebSocket }>(
    {
      schema,
      subscribe: subscribeSharingExecutions,
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
      // Returning false closes the socket with 4403 Forbidden before any operation runs.
      onConnect: async (ctx) => {
        const sent = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        // The admin app sends no token: the upgrade's session cookie (checked same-origin above) signs it in.
        const cookieToken = sent === undefined ? sessionTokenFromCookies(ctx.extra.request.headers.cookie) : undefined;
        const authorization = cookieToken ? `Bearer ${cookieToken}` : sent;
        const token = tokenFromAuthorization(authorization);
        const viewer = token ? await createServices(rootEm.fork(), deps).auth.authenticate(token) : undefined;
        if (!viewer) return false;
        // Closed while its token was looked up: onClose has run already, so there is nothing to track.
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
        states.set(ctx.extra, { viewer, authorization, socket: ctx.extra.socket });
        return true;
      },
      // Everything HTTP checks before an operation runs (input-gate.ts), answered with an `error`
      // message: the socket and the caller's other subscriptions stay up.
      onSubscribe: (ctx, _id, payload) => {
        // graphql-ws has counted this one already.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          const message = `this socket already runs ${MAX_SUBSCRIPTIONS_PER_SOCKET} operations: complete one first, or open another socket`;
          return [errorMessageOf(new AppError(ErrorCode.TooManySubscriptions, message, { limit: MAX_SUBSCRIPTIONS_PER_SOCKET }))];
        }
        // A trusted document named by id gets its text here.
        const found = trustedDocuments.lookup(payload as DocumentReference);
        let query = payload.query;
        if (found) {
          if (payload.query) return [errorMessageOf(new AppError(ErrorCode.BadRequest, 'send either a query or a documentId, not both'))];
          if (found.text === undefined) return [errorMessageOf(unknownDocumentError(found.id))];
          query = found.text;
        } else if (mustUseTrustedDocument(enforceTrustedDocuments, states.get(ctx.extra)?.viewer)) {
          return [errorMessageOf(new AppError(ErrorCode.PersistedDocumentRequired, DOCUMENT_REQUIRED_MESSAGE))];
        }
        const gated = gateWebSocketOperation(schema, { ...payload, query });
        if ('errors' in gated) return [...gated.errors];
        return { schema, document: gated.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onDisconnect: (ctx) => void states.delete(ctx.extra),
      onClose: (ctx) => void states.delete(ctx.extra),
      context: (ctx) => buildContext(rootEm, deps, { authorization: states.get(ctx.extra)?.authorization, requestId: randomUUID(), clientIp: ctx.extra.request.socket.remoteAddress }),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return result;
        return {
          ...result,
          errors: result.errors.map((error) => {
            const formatted = formatError(error.toJSON(), error);
            if (isUnexpected(formatted)) deps.logger.error({ err: error.originalError ?? error }, 'unexpected subscription error');
            return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
          }),
        };
      },
    },
    wsServer,
  );
  // A socket's 'error' is the client breaking the protocol (a message over maxPayload, bad framing) or
  // the connection dropping; ws closes the socket itself (1009 for a message too big). graphql-ws would
  // print each to stderr as an "internal error" of ours: it goes to our log instead.
  wsServer.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error) => deps.logger.info({ err: error }, 'websocket closed on a protocol or connection error'));
  });

  return {
    plugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            clearInterval(recheck);
            await cleanup.dispose();
          },
        };
      },
    },
    closeRevoked: (tokenId) => closeWhere((revoked) => revoked === tokenId),
  };
}
