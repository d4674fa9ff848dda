import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Context } from './context.js';
import { QUERY_LIMITS, queryLimitRules, tokenLimitError } from './limits.js';
import { checkDocumentValues, variablesProblem } from './text-input.js';

/*
 * The one gate every operation passes, over HTTP (Apollo: parseOptions, validationRules and the plugin
 * below) and over graphql-ws (ws.ts: gateWebSocketOperation in onSubscribe): the same token limit,
 * validation rules, nesting depth and text rules, so the transports cannot drift apart.
 */

/** graphql-js's parser, stopping at the token limit. */
export const PARSE_OPTIONS = { maxTokens: QUERY_LIMITS.maxTokens } as const;

/** Depth, aliases, directives and cost, on top of the spec's rules (Apollo adds those itself). */
export const LIMIT_RULES = queryLimitRules();

/** What an operation sends that the checks below look at. */
export interface GatedInput {
  document: DocumentNode;
  variables: unknown;
}

/** Variables and the document's own argument values: nesting depth, then text PostgreSQL cannot store. */
export function inputProblem({ document, variables }: GatedInput): AppError | undefined {
  return variablesProblem(variables ?? {}) ?? checkDocumentValues(document);
}

const SUBSCRIPTION_OVER_HTTP =
  'subscriptions run over graphql-ws (the graphql-transport-ws protocol) on this same /graphql endpoint, not over HTTP POST';

const refusal = (error: AppError, status = 400) =>
  new GraphQLError(error.message, { originalError: error, extensions: { http: { status } } });

/** The gate for Apollo, after parsing and validation and before anything runs. */
export const inputGatePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, operation }) {
        // Apollo would run it with execute(), which fails on a subscription's async iterator.
        if (operation?.operation === 'subscription') throw refusal(new AppError(ErrorCode.BadRequest, SUBSCRIPTION_OVER_HTTP));
        const problem = inputProblem({ document, variables: request.variables });
        if (problem) throw refusal(problem);
      },
    };
  },
};

/** A graphql-ws `subscribe` payload, its query text already resolved from a trusted document id. */
export interface WebSocketOperation {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const withCode = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError, extensions: { ...error.extensions, code } });

/** A refusal as graphql-ws sends it: an `error` message, formatted by formatError like over HTTP. */
export const errorMessageOf = (error: AppError) => new GraphQLError(error.message, { originalError: error });

/**
 * What Apollo does for an HTTP request before it runs, for a graphql-ws operation: parse (token limit),
 * validate (spec rules and limits), pick the operation, the input gate, coerce the variables. Either
 * the operation, ready to run, or the errors for an `error` message carrying the codes HTTP would give —
 * never a throw, which graphql-ws would answer by closing the socket (and every other subscription on it).
 */
export function gateWebSocketOperation(
  schema: GraphQLSchema,
  { query, operationName, variables }: WebSocketOperation,
): { document: DocumentNode; operation: OperationDefinitionNode } | { errors: readonly GraphQLError[] } {
  if (!query) return { errors: [errorMessageOf(new AppError(ErrorCode.BadRequest, 'send a non-empty query, or the documentId of a trusted document'))] };
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const tooManyTokens = tokenLimitError({ message: error.message, extensions: { code: ApolloServerErrorCode.GRAPHQL_PARSE_FAILED } });
    return { errors: [tooManyTokens ? errorMessageOf(tooManyTokens) : withCode(error, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED)] };
  }
  const invalid = validate(schema, document, [...specifiedRules, ...LIMIT_RULES]);
  // A limit's error carries its AppError (formatError gives it the limit's code); the rest are GraphQL's own.
  if (invalid.length > 0) {
    return { errors: invalid.map((error) => (error.originalError instanceof AppError ? error : withCode(error, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED))) };
  }
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
    return { errors: [new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE } })] };
  }
  const problem = inputProblem({ document, variables });
  if (problem) return { errors: [errorMessageOf(problem)] };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
  if (coerced.errors) return { errors: coerced.errors.map((error) => withCode(error, ApolloServerErrorCode.BAD_USER_INPUT)) };
  return { document, operation };
}
