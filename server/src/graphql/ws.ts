import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../features/auth/auth.service.js';
import { tokenFromAuthorization } from '../features/auth/tokens.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { createServices, type ServiceDeps } from '../services.js';
import { buildContext, type Context } from './context.js';
import { formatError, isUnexpected } from './errors.js';
import { QUERY_LIMITS, queryLimitRules } from './limits.js';
import { subscribeSharingExecutions } from './shared-subscription-execution.js';
import { DOCUMENT_REQUIRED_MESSAGE, mustUseTrustedDocument, unknownDocumentError, type DocumentReference, type TrustedDocuments } from './trusted-documents.js';

/** An expected refusal; onError formats it as over HTTP (extensions.code). */
const errorOf = (error: AppError) => new GraphQLError(error.message, { originalError: error });

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
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
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
  // The same request limits as over HTTP (graphql-ws validates with the spec's rules only).
  const rules = [...specifiedRules, ...queryLimitRules()];

  const cleanup = useServer<Record<string, unknown>, { socket: WebSocket }>(
    {
      schema,
      subscribe: subscribeSharingExecutions,
      // Over the token limit, parse throws and graphql-ws closes the socket with the reason.
      parse: (source) => parse(source, { maxTokens: QUERY_LIMITS.maxTokens }),
      validate: (validated, document) => validate(validated, document, rules),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
      // Returning false closes the socket with 4403 Forbidden before any operation runs.
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const token = tokenFromAuthorization(authorization);
        const viewer = token ? await createServices(rootEm.fork(), deps).auth.authenticate(token) : undefined;
        if (!viewer) return false;
        // Closed while its token was looked up: onClose has run already, so there is nothing to track.
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
        states.set(ctx.extra, { viewer, authorization, socket: ctx.extra.socket });
        return true;
      },
      // A trusted document named by id gets its text here, before graphql-ws parses and validates it.
      onSubscribe: (ctx, _id, payload) => {
        const found = trustedDocuments.lookup(payload as DocumentReference);
        if (found) {
          if (payload.query) return [errorOf(new AppError(ErrorCode.BadRequest, 'send either a query or a documentId, not both'))];
          if (found.text === undefined) return [errorOf(unknownDocumentError(found.id))];
          (payload as { query: string }).query = found.text;
          return undefined;
        }
        if (mustUseTrustedDocument(enforceTrustedDocuments, states.get(ctx.extra)?.viewer)) {
          return [errorOf(new AppError(ErrorCode.PersistedDocumentRequired, DOCUMENT_REQUIRED_MESSAGE))];
        }
        return undefined;
      },
      onDisconnect: (ctx) => void states.delete(ctx.extra),
      onClose: (ctx) => void states.delete(ctx.extra),
      context: (ctx) => buildContext(rootEm, deps, { authorization: states.get(ctx.extra)?.authorization, requestId: randomUUID() }),
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
