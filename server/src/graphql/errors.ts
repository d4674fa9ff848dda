import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * The one error contract. AppError → its code; GraphQL's own request errors (parse, validation, bad
 * variables) keep the code Apollo gave them; anything else is unexpected: masked here, logged by the
 * caller with the request id.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  if (original instanceof ArgumentValidationError) {
    return { ...formatted, extensions: { code: ErrorCode.BadUserInput, validationErrors: original.extensions } };
  }
  const code = formatted.extensions?.code;
  const thrownByGraphQL = original === error;
  if (thrownByGraphQL && typeof code === 'string' && code !== ErrorCode.Internal) return formatted;
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}

export function isUnexpected(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === ErrorCode.Internal;
}
