import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context.js';
import type { GraphQLRequestObservation } from './metrics.js';

/**
 * Operation names are chosen by the client, so they become label values only when someone we trust
 * chose them: a trusted document (the admin app's own, a fixed set from the documents file) always keeps
 * its name; a signed-in caller's name does until this many distinct names have been given out, for the
 * life of the process. Everything else shares one of the fixed labels below, so /metrics holds at most
 * (trusted documents' names + this budget + 3) operation values whatever anyone sends.
 */
export const SIGNED_IN_OPERATION_NAME_BUDGET = 100;

/** GraphQL names have no length limit of their own; a label value does. */
const MAX_NAME_LENGTH = 100;

export const OPERATION_LABELS = {
  /** The operation has no name (or the request never got as far as choosing one). */
  unnamed: 'anonymous',
  /** Named by a caller who is not signed in and did not use a trusted document. */
  unauthenticated: 'unauthenticated',
  /** Named by a signed-in caller once the budget is spent, or a name too long to be a label. */
  other: 'other',
} as const;

/** Times each GraphQL request (HTTP) and reports it by operation name, type and outcome. */
export function graphqlMetricsPlugin(observe: (observation: GraphQLRequestObservation) => void): ApolloServerPlugin<Context> {
  const signedInNames = new Set<string>();
  const labelOf = (name: string | null | undefined, context: Context): string => {
    if (!name) return OPERATION_LABELS.unnamed;
    if (name.length > MAX_NAME_LENGTH) return OPERATION_LABELS.other;
    if (context.trustedDocument) return name;
    if (!context.viewer) return OPERATION_LABELS.unauthenticated;
    if (signedInNames.has(name)) return name;
    if (signedInNames.size >= SIGNED_IN_OPERATION_NAME_BUDGET) return OPERATION_LABELS.other;
    signedInNames.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName, errors, contextValue }) {
          const failed = (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          observe({
            // Both are known only once the document parsed, validated and resolved to one operation.
            operation: labelOf(operationName, contextValue),
            type: operation?.operation ?? 'unknown',
            outcome: failed ? 'error' : 'ok',
            seconds: (performance.now() - started) / 1000,
          });
        },
      };
    },
  };
}
