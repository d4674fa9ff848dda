import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { AuthService } from '../features/auth/auth.service.js';
import { tokenFromAuthorization } from '../features/auth/tokens.js';
import type { ServiceDeps } from '../services.js';
import { buildContext, type Context } from './context.js';
import { formatError, isUnexpected } from './errors.js';
import { QUERY_LIMITS, queryLimitRules } from './limits.js';

interface ConnectionState {
  tokenId?: string;
  authorization?: unknown;
  revocationTimer?: NodeJS.Timeout;
}

export interface WebSocketOptions {
  /** How often an open connection re-checks that its token was not revoked. */
  revocationCheckMs?: number;
}

/** graphql-ws on the HTTP server's `/graphql`, authenticated by `connection_init` like HTTP is by header. */
export function attachWebSockets(
  httpServer: Server,
  schema: GraphQLSchema,
  rootEm: EntityManager,
  deps: ServiceDeps,
  { revocationCheckMs = 5_000 }: WebSocketOptions = {},
): ApolloServerPlugin<Context> {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const states = new WeakMap<object, ConnectionState>();
  // The same request limits as over HTTP (graphql-ws validates with the spec's rules only).
  const rules = [...specifiedRules, ...queryLimitRules()];

  const cleanup = useServer<Record<string, unknown>, { socket: WebSocket }>(
    {
      schema,
      // Over the token limit, parse throws and graphql-ws closes the socket with the reason.
      parse: (source) => parse(source, { maxTokens: QUERY_LIMITS.maxTokens }),
      validate: (validated, document) => validate(validated, document, rules),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
      // Returning false closes the socket with 4403 Forbidden before any operation runs.
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const token = tokenFromAuthorization(authorization);
        const viewer = token ? await new AuthService(rootEm.fork()).authenticate(token) : undefined;
        if (!viewer) return false;
        const state: ConnectionState = { tokenId: viewer.tokenId, authorization };
        state.revocationTimer = setInterval(() => {
          void new AuthService(rootEm.fork())
            .isTokenActive(viewer.tokenId)
            .then((active) => {
              if (!active) ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden: token revoked');
            })
            // A failed check (the database restarting, the pool closing at shutdown) is retried next interval.
            .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not re-check a websocket token'));
        }, revocationCheckMs);
        states.set(ctx.extra, state);
        return true;
      },
      onDisconnect: (ctx) => clearInterval(states.get(ctx.extra)?.revocationTimer),
      onClose: (ctx) => clearInterval(states.get(ctx.extra)?.revocationTimer),
      context: (ctx) => buildContext(rootEm, deps, states.get(ctx.extra)?.authorization, randomUUID()),
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
    async serverWillStart() {
      return {
        async drainServer() {
          await cleanup.dispose();
        },
      };
    },
  };
}
