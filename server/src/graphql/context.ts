import type { EntityManager } from '@mikro-orm/postgresql';
import { createParameterDecorator } from 'type-graphql';
import type { Viewer } from '../features/auth/auth.service.js';
import { scopeEntityManager } from '../features/auth/tenant-scope.js';
import { SESSION_ENDED_MESSAGE, type SessionCookie } from '../features/auth/session-cookie.js';
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
  /** Sets or clears the browser's session cookie; only HTTP requests have one. */
  sessionCookie?: SessionCookie;
  /** Where the app is served (HIGHWATER_PUBLIC_URL, or the HTTP request's scheme and host); not known on a websocket. */
  appOrigin?: string;
  services: Services;
}

/** What a context is built from: an HTTP request or a websocket operation. */
export interface RequestInfo {
  authorization: unknown;
  requestId: string;
  trustedDocument?: boolean;
  userAgent?: string;
  clientIp?: string;
  /** The `hw_session` cookie's token; used only when there is no Authorization header. */
  sessionToken?: string;
  sessionCookie?: SessionCookie;
  appOrigin?: string;
}

/**
 * One context per HTTP request or websocket operation: a forked EntityManager (on first use), scoped to
 * the viewer's provider — the single place tenant scoping is switched on.
 */
export async function buildContext(rootEm: EntityManager, deps: ServiceDeps, request: RequestInfo): Promise<Context> {
  const { requestId } = request;
  // A script's Authorization header wins over a cookie its HTTP library may have kept.
  const byCookie = request.authorization === undefined && request.sessionToken !== undefined;
  const token = byCookie ? request.sessionToken : tokenFromAuthorization(request.authorization);
  // A cached token needs no EntityManager; a miss looks it up on a fork of its own.
  const auth = () => createServices(() => rootEm.fork(), deps).auth;
  const viewer = token ? await auth().authenticate(token) : undefined;
  let authProblem: string | undefined;
  if (token && !viewer) {
    authProblem =
      (await auth().accountProblem(token)) ??
      (byCookie ? SESSION_ENDED_MESSAGE : 'the bearer token is unknown, revoked, or a browser session that ended (12 hours unused or 7 days old)');
    // The browser forgets a cookie that no longer signs anyone in.
    if (byCookie) request.sessionCookie?.end();
  }
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
    sessionCookie: request.sessionCookie,
    appOrigin: request.appOrigin,
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
