import type { EntityManager } from '@mikro-orm/postgresql';
import { createParameterDecorator } from 'type-graphql';
import type { AuthService, Viewer } from '../features/auth/auth.service.js';
import { scopeEntityManager } from '../features/auth/tenant-scope.js';
import { SESSION_ENDED_MESSAGE, type SessionCookie } from '../features/auth/session-cookie.js';
import { tokenFromAuthorization } from '../features/auth/tokens.js';
import { createAuthService, createServices, type ServiceDeps, type Services } from '../services.js';
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

/**
 * What a context is built from: an HTTP request or a websocket operation. Read when a resolver asks, so
 * an HTTP request's costlier parts (its address through the proxy rules, its origin, the cookie setter)
 * may be getters.
 */
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
  let authService: AuthService | undefined;
  const auth = () => (authService ??= createAuthService(() => rootEm.fork(), deps));
  const viewer = token ? await auth().authenticate(token) : undefined;
  let authProblem: string | undefined;
  if (token && !viewer) {
    authProblem =
      (await auth().accountProblem(token)) ??
      (byCookie ? SESSION_ENDED_MESSAGE : 'the bearer token is unknown, revoked, or a browser session that ended (12 hours unused or 7 days old)');
    // The browser forgets a cookie that no longer signs anyone in.
    if (byCookie) request.sessionCookie?.end();
  }
  return new RequestContext(requestId, viewer, authProblem, request, rootEm, deps);
}

/**
 * What a request needs only sometimes — its EntityManager, logger and services, its address and origin
 * — is made on first use: `{ __typename }` or a query that fails its checks needs none of it. Apollo
 * copies the context for each operation (own enumerable properties, same prototype), so these are
 * getters on the prototype over state the copies share.
 */
class RequestContext implements Context {
  private readonly made: { em?: EntityManager; logger?: Logger; services?: Services } = {};

  constructor(
    readonly requestId: string,
    readonly viewer: Viewer | undefined,
    readonly authProblem: string | undefined,
    private readonly request: RequestInfo,
    private readonly rootEm: EntityManager,
    private readonly deps: ServiceDeps,
  ) {}

  get trustedDocument(): boolean {
    return this.request.trustedDocument ?? false;
  }

  get userAgent(): string | undefined {
    return this.request.userAgent;
  }

  get clientIp(): string | undefined {
    return this.request.clientIp;
  }

  get sessionCookie(): SessionCookie | undefined {
    return this.request.sessionCookie;
  }

  get appOrigin(): string | undefined {
    return this.request.appOrigin;
  }

  get logger(): Logger {
    return (this.made.logger ??= this.deps.logger.child({ requestId: this.requestId, adminId: this.viewer?.admin.id }));
  }

  get services(): Services {
    return (this.made.services ??= createServices(
      () => (this.made.em ??= this.viewer ? scopeEntityManager(this.rootEm.fork(), this.viewer.scope) : this.rootEm.fork()),
      withLogger(this.deps, () => this.logger),
      this.viewer?.scope,
    ));
  }
}

/** The services log with the request's logger, made only if one of them logs. */
function withLogger(deps: ServiceDeps, logger: () => Logger): ServiceDeps {
  return {
    ...deps,
    get logger() {
      return logger();
    },
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
