import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Context } from './context.js';

// graphql-js appends suggestions at the end of a message: ` Did you mean "name"?`, ` Did you mean the
// enum value "FAILED"?`, ` Did you mean to use an inline fragment on "Organization"?`.
const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * What a caller who is not signed in learns about the schema: no introspection (`__schema`, `__type`;
 * `__typename` is fine) and no "Did you mean …" in error messages, which would spell out field, type
 * and enum names one guess at a time. Signed-in admins get both, for tools like GraphiQL.
 */
export const schemaExposurePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    if (contextValue.viewer) return;
    return {
      // After validation, so a malformed or over-limit document keeps its own error.
      async didResolveOperation({ document, schema }) {
        if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return;
        const reason = contextValue.authProblem ?? 'send Authorization: Bearer <token>';
        const message = `introspection needs a signed-in admin: ${reason}`;
        throw new GraphQLError(message, {
          originalError: new AppError(ErrorCode.Unauthenticated, message),
          extensions: { http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } },
        });
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          (error as { message: string }).message = error.message.replace(SUGGESTION, '');
        }
      },
    };
  },
};
