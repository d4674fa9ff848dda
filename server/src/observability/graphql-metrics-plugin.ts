import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context.js';
import type { GraphQLRequestObservation } from './metrics.js';

/**
 * Operation names come from the client, so any caller could mint new label values; past this many
 * distinct names, further ones are counted as "other".
 */
const MAX_OPERATION_NAMES = 200;

/** Times each GraphQL request (HTTP) and reports it by operation name, type and outcome. */
export function graphqlMetricsPlugin(observe: (observation: GraphQLRequestObservation) => void): ApolloServerPlugin<Context> {
  const seenNames = new Set<string>();
  const nameOf = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (seenNames.has(name)) return name;
    if (seenNames.size >= MAX_OPERATION_NAMES) return 'other';
    seenNames.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName, errors }) {
          const failed = (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          observe({
            // Both are known only once the document parsed, validated and resolved to one operation.
            operation: nameOf(operationName),
            type: operation?.operation ?? 'unknown',
            outcome: failed ? 'error' : 'ok',
            seconds: (performance.now() - started) / 1000,
          });
        },
      };
    },
  };
}
