import type { AuthChecker, MiddlewareFn } from 'type-graphql';
import type { Role } from '../features/auth/roles.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { requireViewer, type Context } from './context.js';

/** `@Authorized(Role.X)`: signed in, and holding one of the roles named. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = requireViewer(context);
  if (roles.length === 0 || roles.some((role) => viewer.admin.hasRole(role))) return true;
  throw new AppError(ErrorCode.Forbidden, `this needs the ${roles.join(' or ')} role`, { requiredRoles: roles });
};

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Denied by default: every root field needs a signed-in admin, whether or not its resolver remembered
 * to say so. Roles on top are `@Authorized(...)`.
 */
export const requireSignedIn: MiddlewareFn<Context> = ({ context, info }, next) => {
  if (ROOT_TYPES.has(info.parentType.name)) requireViewer(context);
  return next();
};
