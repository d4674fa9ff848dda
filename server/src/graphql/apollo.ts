import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { formatError, isUnexpected } from './errors.js';
import { inputGatePlugin, LIMIT_RULES, PARSE_OPTIONS } from './input-gate.js';
import { schemaExposurePlugin } from './schema-exposure.js';

/**
 * Logs what formatError masks, with the request id the client also receives; marks every answer
 * `Cache-Control: no-store` (what Apollo's cache control plugin sent for answers without cache hints).
 */
const requestIdPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (isUnexpected(formatError({ message: error.message, extensions: error.extensions }, error))) {
            contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected GraphQL error');
          }
        }
      },
      async willSendResponse({ response, contextValue }) {
        response.http.headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          (error.extensions as Record<string, unknown> | undefined) ??= {};
          (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
      },
    };
  },
};

export function createApollo(schema: GraphQLSchema, httpServer: Server, extraPlugins: ApolloServerPlugin<Context>[]) {
  return new ApolloServer<Context>({
    schema,
    formatError,
    csrfPrevention: true,
    // Shutdown is ours (app.stop(): jobs first, then HTTP, then pools). Apollo's own signal handler
    // would race it and leave our apollo.stop() waiting forever.
    stopOnTerminationSignals: false,
    // On for signed-in admins only: schemaExposurePlugin refuses it to everyone else.
    introspection: true,
    // The same parser limit, rules and input gate as graphql-ws (input-gate.ts).
    parseOptions: PARSE_OPTIONS,
    validationRules: LIMIT_RULES,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries would let any client register documents; ids name trusted documents only.
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    // Apollo installs its cache-control plugin unless told not to: it wraps every field's resolver to
    // read cache hints we never give, only to answer `no-store` every time; requestIdPlugin sends that.
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginDrainHttpServer({ httpServer }), requestIdPlugin, schemaExposurePlugin, inputGatePlugin, ...extraPlugins],
  });
}
