import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import { isUniqueViolation } from '../shared/unique-violation.js';
import { tokenLimitError } from './limits.js';

/**
 * The one error contract. AppError → its code (also one raised before execution, by a request limit
 * or plugin, which Apollo wraps); GraphQL's own request errors (parse, validation, bad variables) keep
 * the code Apollo gave them; a unique violation is a concurrent request that saved the same key
 * first (CONFLICT, without the SQL or the values); anything else is unexpected: masked here, logged
 * by the caller with the request id.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const appError =
    original instanceof AppError
      ? original
      : original instanceof GraphQLError && original.originalError instanceof AppError
        ? original.originalError
        : tokenLimitError(formatted);
  if (appError) {
    return { ...formatted, message: appError.message, extensions: { ...appError.details, code: appError.code } };
  }
  if (isUniqueViolation(original)) {
    return { message: CONCURRENT_WRITE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.Conflict } };
  }
  if (original instanceof ArgumentValidationError) {
    return { ...formatted, extensions: { code: ErrorCode.BadUserInput, validationErrors: original.extensions } };
  }
  const code = formatted.extensions?.code;
  const thrownByGraphQL = original === error;
  if (thrownByGraphQL && typeof code === 'string' && code !== ErrorCode.Internal) return formatted;
  // graphql-js stops checking variables after 50 errors and says so in an error of its own, which
  // Apollo does not mark as the client's (it has no variable node): the errors before it are.
  if (thrownByGraphQL && formatted.message.startsWith(TOO_MANY_VARIABLE_ERRORS)) {
    return { ...formatted, extensions: { code: ErrorCode.BadUserInput } };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}

const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables';
const CONCURRENT_WRITE = 'another request saved the same thing at the same time; nothing was saved by this one: reload and try again';

export function isUnexpected(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === ErrorCode.Internal;
}
