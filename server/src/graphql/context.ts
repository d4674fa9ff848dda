import type { EntityManager } from '@mikro-orm/postgresql';
import { createParameterDecorator } from 'type-graphql';
import type { Viewer } from '../features/auth/auth.service.js';
import { scopeEntityManager } from '../features/auth/tenant-scope.js';
import { tokenFromAuthorization } from '../features/auth/tokens.js';
import { createServices, type ServiceDeps, type Services } from '../services.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export interface Context {
  requestId: string;
  logger: Logger;
  viewer: Viewer | undefined;
  /** Why there is no viewer although a token was sent. */
  authProblem?: string;
  /** The request named one of the admin app's trusted documents instead of sending text. */
  trustedDocument: boolean;
  /** For naming browser sessions after the browser that started them. */
  userAgent?: string;
  /** The caller's address (the socket's, unless a trusted proxy is configured): sign-in throttling counts by it. */
  clientIp?: string;
  services: Services;
}

/** What a context is built from: an HTTP request or a websocket operation. */
export interface RequestInfo {
  authorization: unknown;
  requestId: string;
  trustedDocument?: boolean;
  userAgent?: string;
  clientIp?: string;
}

/**
 * One context per HTTP request or websocket operation: a forked EntityManager (on first use), scoped to
 * the viewer's provider — the single place tenant scoping is switched on.
 */
export async function buildContext(rootEm: EntityManager, deps: ServiceDeps, request: RequestInfo): Promise<Context> {
  const { requestId } = request;
  const token = tokenFromAuthorization(request.authorization);
  // A cached token needs no EntityManager; a miss looks it up on a fork of its own.
  const auth = () => createServices(() => rootEm.fork(), deps).auth;
  const viewer = token ? await auth().authenticate(token) : undefined;
  const authProblem = token && !viewer ? await auth().whyRefused(token) : undefined;
  // Made on first use: `{ __typename }` or a query that fails its checks needs neither.
  let em: EntityManager | undefined;
  let logger: Logger | undefined;
  const requestLogger = () => (logger ??= deps.logger.child({ requestId, adminId: viewer?.admin.id }));
  const requestEm = () => (em ??= viewer ? scopeEntityManager(rootEm.fork(), viewer.scope) : rootEm.fork());
  return {
    requestId,
    get logger() {
      return requestLogger();
    },
    viewer,
    authProblem,
    trustedDocument: request.trustedDocument ?? false,
    userAgent: request.userAgent,
    clientIp: request.clientIp,
    services: createServices(requestEm, { ...deps, get logger() { return requestLogger(); } }, viewer?.scope),
  };
}

/** The authenticated caller; resolvers that take it never see an anonymous request. */
export function CurrentViewer() {
  return createParameterDecorator<Context>(({ context }) => requireViewer(context));
}

export function requireViewer(context: Context): Viewer {
  if (!context.viewer) {
    throw new AppError(ErrorCode.Unauthenticated, context.authProblem ?? 'sign in: send Authorization: Bearer <token>');
  }
  return context.viewer;
}
