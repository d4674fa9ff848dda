import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorCallbackConfiguration, GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ErrorRequestHandler, Request } from 'express';
import { GraphQLError, type GraphQLFormattedError, type ValidationRule } from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * Above the largest batch scripts send: 10,000 `recordUserCounts` items by organization id is 1.1 MB
 * (bench:usage, bench:sync), 10,000 organizations with 45-character names 1.3 MB. Batches of
 * 200-character names or ids, or of 1,000 alerts with large `details`, have to be split.
 */
export const MAX_REQUEST_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Checked on every operation before it runs, signed in or not. The admin app's documents reach
 * depth 4, 75 tokens, cost 103 and no aliases; the schema has no cycles, so no real query is deeper
 * than 6. The cost multiplies by a literal `first` (a variable counts as 1): every field of a
 * 1,000-organization page (`organizations(first: 1000)`) costs 98,375.
 */
export const QUERY_LIMITS = {
  maxTokens: 5_000,
  maxDepth: 10,
  maxAliases: 20,
  maxDirectives: 50,
  maxCost: 150_000,
} as const;

/**
 * How deep objects and arrays may nest in an operation's variables (`variables.x` is level 1) and in
 * the argument values written in its document. The deepest real input is an alert's `details`
 * (`variables.alerts[0].details` is level 3); those highwater builds from JumpCloud events are 2 levels
 * deep, and details are at most 8 KB anyway. Far deeper JSON only exhausts the stack of whatever walks
 * it next (a 300,000-level array took the process's text check down with a 500).
 */
export const MAX_VARIABLES_DEPTH = 64;

/**
 * Operations running at once on one graphql-ws socket (subscriptions, and queries or mutations sent
 * that way while they run). The admin app has three subscriptions and opens at most one per page it
 * shows; each live one costs memory and work on every event.
 */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

/**
 * Reports a limit as an AppError, which formatError turns into the limit's own code (Apollo would
 * call every validation error GRAPHQL_VALIDATION_FAILED).
 */
function rejectWith(code: ErrorCode, limit: number): GraphQLArmorCallbackConfiguration {
  const onReject: GraphQLArmorRejectCallback = (context, error) => {
    // Armor prefixes its messages with "Syntax Error: ", although the document parsed fine.
    const message = error.message.replace(/^Syntax Error: /, '');
    context?.reportError(new GraphQLError(message, { originalError: new AppError(code, message, { limit }) }));
  };
  return { propagateOnRejection: false, onReject: [onReject] };
}

/** Depth, aliases, directives and cost, as validation rules for Apollo. */
export function queryLimitRules(): ValidationRule[] {
  const { maxDepth, maxAliases, maxDirectives, maxCost } = QUERY_LIMITS;
  return new ApolloArmor({
    maxDepth: { n: maxDepth, ...rejectWith(ErrorCode.QueryTooDeep, maxDepth) },
    maxAliases: { n: maxAliases, ...rejectWith(ErrorCode.QueryTooManyAliases, maxAliases) },
    maxDirectives: { n: maxDirectives, ...rejectWith(ErrorCode.QueryTooManyDirectives, maxDirectives) },
    costLimit: { maxCost, ...rejectWith(ErrorCode.QueryTooCostly, maxCost) },
    // Tokens are counted by graphql-js's own parser (Apollo's parseOptions): armor's Apollo plugin
    // throws from a hook, which Apollo answers with a 500.
    maxTokens: { enabled: false },
    // Suggestions are hidden per caller (schema-exposure.ts), not for everyone.
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
}

/** The parse error graphql-js raises at `parseOptions.maxTokens`, as our error; undefined for any other. */
export function tokenLimitError(formatted: GraphQLFormattedError): AppError | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return undefined;
  // graphql-js 16 spells it "more that"; accept the corrected spelling too.
  if (!/Document contains more (?:than|that) \d+ tokens/.test(formatted.message)) return undefined;
  const { maxTokens } = QUERY_LIMITS;
  return new AppError(ErrorCode.QueryTooManyTokens, `the document has more than ${maxTokens} tokens`, { limit: maxTokens });
}

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  if (typeof candidate?.type !== 'string' || typeof candidate.status !== 'number') return false;
  return candidate.status >= 400 && candidate.status < 500;
}

/**
 * After express.json on /graphql: a body it refuses (too large, not JSON, bad charset) gets a
 * GraphQL-shaped JSON answer instead of Express's HTML error page.
 */
export const requestBodyErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (!isBodyParserError(error)) return next(error);
  const requestId = (req as Request & { requestId?: string }).requestId;
  const tooLarge = error.type === 'entity.too.large';
  const extensions = tooLarge
    ? { code: ErrorCode.PayloadTooLarge, maxBytes: MAX_REQUEST_BODY_BYTES, requestId }
    : { code: ErrorCode.BadRequest, requestId };
  const message = tooLarge
    ? `the request body is over ${MAX_REQUEST_BODY_BYTES / (1024 * 1024)} MB; send fewer items per call`
    : `the request body could not be read: ${error.message}`;
  res.status(tooLarge ? 413 : error.status).json({ errors: [{ message, extensions }] });
};
