import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import { PUBLIC_ROOT_FIELDS } from '../features/auth/public-operations.js';
import type { Role } from '../features/auth/roles.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { requireViewer, type Context } from './context.js';

/** `@Authorized(Role.X)`: signed in, and holding one of the roles named. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => authorizeField(context, ...roles);

/**
 * The same check, called by a field resolver itself: for fields drawn on every row of a large page,
 * where type-graphql's `@Authorized` would wrap each call in an async middleware (1,000 rows, 1,000
 * promises per field).
 */
export function authorizeField(context: Context, ...roles: Role[]): true {
  const viewer = requireViewer(context);
  if (roles.length === 0 || roles.some((role) => viewer.admin.hasRole(role))) return true;
  throw new AppError(ErrorCode.Forbidden, `this needs the ${roles.join(' or ')} role`, { requiredRoles: roles });
}

/**
 * Denied by default: every root field needs a signed-in admin, whether or not its resolver remembered
 * to say so — except the few sign-in mutations listed in PUBLIC_ROOT_FIELDS. Roles on top are `@Authorized(...)`. Wrapped here, on the root fields only, rather than as
 * a type-graphql global middleware: that would turn every field of every object into an async
 * middleware chain (a 1,000-organization page resolves ~9,000 of them).
 */
export function requireSignedInOnRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (type === schema.getMutationType() && PUBLIC_ROOT_FIELDS.has(field.name)) continue;
      field.resolve = signedInOnly(field.resolve ?? defaultFieldResolver);
      if (field.subscribe) field.subscribe = signedInOnly(field.subscribe);
    }
  }
  return schema;
}

function signedInOnly<TSource>(resolve: GraphQLFieldResolver<TSource, Context>): GraphQLFieldResolver<TSource, Context> {
  return (source, args, context, info) => {
    requireViewer(context);
    return resolve(source, args, context, info);
  };
}
