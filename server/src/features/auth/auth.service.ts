import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import { Admin } from './admin.entity.js';
import { ApiToken, ApiTokenKind } from './api-token.entity.js';
import { Provider } from './provider.entity.js';
import { Role } from './roles.js';
import type { TenantScope } from './tenant-scope.js';
import { BROWSER_SESSION_LIFETIME_MS, browserSessionEnded } from './session-cookie.js';
import { generateToken, hashToken } from './tokens.js';
import { API_TOKEN_REVOKED, type ApiTokenRevoked, type ViewerCache } from './viewer-cache.js';
import type { AppPubSub } from '../../graphql/pubsub.js';

/** Who is calling: resolved once per request or websocket connection from the bearer token. */
export interface Viewer {
  admin: Admin;
  tokenId: string;
  tokenKind: ApiTokenKind;
  scope: TenantScope;
  /** When a BROWSER_SESSION token was issued (ms since the epoch): it ends 7 days later. */
  sessionStartedAt?: number;
}

// Writing lastUsedAt on every request would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export interface AuthDeps {
  /** Recently authenticated tokens (per process); without it every call reads PostgreSQL. */
  viewers?: ViewerCache;
  /** Where revocations are announced to the other server processes. */
  pubSub?: AppPubSub;
  /** Milliseconds since the epoch, for browser sessions' lifetimes; tests move it instead of waiting. */
  now?: () => number;
}

export class AuthService {
  private forked?: EntityManager;

  /** `em` may be a function: a request whose token is in the cache then never forks one. */
  constructor(
    private readonly entityManager: EntityManager | (() => EntityManager),
    private readonly deps: AuthDeps = {},
  ) {}

  private get em(): EntityManager {
    return (this.forked ??= typeof this.entityManager === 'function' ? this.entityManager() : this.entityManager);
  }

  /** The viewer for a bearer token, or undefined for an unknown or revoked one. */
  async authenticate(token: string): Promise<Viewer | undefined> {
    const tokenHash = hashToken(token);
    const now = this.now();
    const cached = this.deps.viewers?.get(tokenHash, now);
    if (cached) {
      const startedAt = cached.viewer.sessionStartedAt;
      if (startedAt !== undefined && browserSessionEnded(startedAt, cached.lastUsedAt, now)) return undefined;
      if (now - cached.lastUsedAt > LAST_USED_RESOLUTION_MS) {
        cached.lastUsedAt = now;
        await this.touch(cached.viewer.tokenId, now);
      }
      return cached.viewer;
    }
    const apiToken = await this.em.findOne(ApiToken, { tokenHash, revokedAt: null }, { populate: ['admin', 'admin.provider'], filters: false });
    if (!apiToken || apiToken.admin.deactivatedAt) return undefined;
    let lastUsedAt = apiToken.lastUsedAt?.getTime() ?? 0;
    const isSession = apiToken.kind === ApiTokenKind.BROWSER_SESSION;
    if (isSession && browserSessionEnded(apiToken.createdAt.getTime(), lastUsedAt, now)) return undefined;
    if (now - lastUsedAt > LAST_USED_RESOLUTION_MS) {
      lastUsedAt = now;
      await this.touch(apiToken.id, now);
    }
    const viewer: Viewer = {
      admin: apiToken.admin,
      tokenId: apiToken.id,
      tokenKind: apiToken.kind,
      scope: { providerId: apiToken.admin.provider.id },
      ...(isSession ? { sessionStartedAt: apiToken.createdAt.getTime() } : {}),
    };
    this.deps.viewers?.set(tokenHash, viewer, lastUsedAt, now);
    return viewer;
  }

  /** Why authenticate refused a token, for the UNAUTHENTICATED message; one query, only on a refusal. */
  /** Why `authenticate` refused a token, when the reason is the admin's account rather than the token. */
  async accountProblem(token: string): Promise<string | undefined> {
    const apiToken = await this.em.findOne(ApiToken, { tokenHash: hashToken(token) }, { populate: ['admin'], filters: false });
    if (apiToken?.admin.deactivatedAt) return 'your admin account was deactivated: ask an admin of your provider to reactivate it';
    return undefined;
  }

  /** Of the tokens behind live connections, those still valid: one query for all of a process's sockets. */
  async activeTokenIds(tokenIds: string[]): Promise<Set<string>> {
    if (tokenIds.length === 0) return new Set();
    // A browser session past its lifetime is over too (its idle time cannot pass while a socket is open).
    const startedAfter = new Date(this.now() - BROWSER_SESSION_LIFETIME_MS);
    const active = await this.em.find(
      ApiToken,
      { id: { $in: tokenIds }, revokedAt: null, $or: [{ kind: ApiTokenKind.API }, { createdAt: { $gt: startedAfter } }] },
      { fields: ['id'], filters: false },
    );
    return new Set(active.map((apiToken) => apiToken.id));
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private async touch(tokenId: string, now: number): Promise<void> {
    await this.em.nativeUpdate(ApiToken, { id: tokenId }, { lastUsedAt: new Date(now) }, { filters: false });
  }

  /**
   * Bootstrap for the admin:create command: the provider (created if new), a new admin and a token.
   * Runs outside any tenant scope, which is why it is not reachable over GraphQL.
   */
  async createProviderAdmin(input: { providerName: string; email: string; roles: Role[] }) {
    const providerName = input.providerName.trim();
    const email = input.email.trim().toLowerCase();
    if (!providerName) throw new AppError(ErrorCode.BadUserInput, 'provider name must not be empty');
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AppError(ErrorCode.BadUserInput, `"${input.email}" is not an email address`);
    if (input.roles.length === 0) throw new AppError(ErrorCode.BadUserInput, 'give at least one role');

    return this.em.transactional(async (em) => {
      const provider =
        (await em.findOne(Provider, { name: providerName }, { filters: false })) ??
        em.create(Provider, { name: providerName });
      if (await em.count(Admin, { email }, { filters: false })) {
        throw new AppError(ErrorCode.Conflict, `an admin with email ${email} already exists`);
      }
      const admin = em.create(Admin, { provider, email, roles: input.roles });
      const token = generateToken();
      em.create(ApiToken, { provider, admin, name: 'created by admin:create', tokenHash: hashToken(token) });
      try {
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) {
          throw new AppError(ErrorCode.Conflict, `an admin with email ${email} already exists`);
        }
        throw error;
      }
      return { provider, admin, token };
    });
  }

  async createApiToken(viewer: Viewer, name: string) {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) {
      throw new AppError(ErrorCode.BadUserInput, 'token name must be 1 to 100 characters', { field: 'name' });
    }
    return this.issueToken(viewer.admin.id, viewer.scope.providerId, trimmed, ApiTokenKind.API);
  }

  /** The admin app's sign-in: a token of its own for the browser, acting as the caller. */
  startBrowserSession(viewer: Viewer, userAgent: string | undefined) {
    return this.issueBrowserSession(viewer.admin, viewer.scope.providerId, userAgent);
  }

  /** A BROWSER_SESSION token for an admin who proved who they are some other way (password, setup link). */
  async issueBrowserSession(admin: Admin, providerId: string, userAgent: string | undefined) {
    const browser = userAgent ? ` (${userAgent.slice(0, 60)})` : '';
    await this.em.nativeUpdate(Admin, { id: admin.id }, { lastSignInAt: new Date(this.now()) }, { filters: false });
    return this.issueToken(admin.id, providerId, `Browser session${browser}`, ApiTokenKind.BROWSER_SESSION);
  }

  /** Signing out of the admin app revokes its session token; an API token is left to revokeApiToken. */
  async endBrowserSession(viewer: Viewer): Promise<boolean> {
    if (viewer.tokenKind !== ApiTokenKind.BROWSER_SESSION) return false;
    await this.revokeApiToken(viewer, viewer.tokenId);
    return true;
  }

  private async issueToken(adminId: string, providerId: string, name: string, kind: ApiTokenKind) {
    const token = generateToken();
    const apiToken = this.em.create(ApiToken, {
      // The app's clock, so a session's lifetime runs on the same clock as its checks.
      createdAt: new Date(this.now()),
      provider: providerId,
      admin: adminId,
      name,
      kind,
      tokenHash: hashToken(token),
    });
    await this.em.flush();
    return { token, apiToken };
  }

  /** The caller's own tokens; an ADMIN sees every token of the provider. */
  listApiTokens(viewer: Viewer): Promise<ApiToken[]> {
    const where = viewer.admin.hasRole(Role.ADMIN) ? {} : { admin: viewer.admin.id };
    return this.em.find(ApiToken, where, { orderBy: { createdAt: 'desc' } });
  }

  async revokeApiToken(viewer: Viewer, tokenId: string): Promise<ApiToken> {
    const apiToken = await this.em.findOne(ApiToken, { id: requireId(tokenId, 'id') });
    // Another admin's token is "not found" to a non-ADMIN, as is another provider's (tenant filter).
    if (!apiToken || (!viewer.admin.hasRole(Role.ADMIN) && apiToken.admin.id !== viewer.admin.id)) {
      throw new AppError(ErrorCode.NotFound, `no API token with id ${tokenId}`);
    }
    apiToken.revokedAt ??= new Date();
    await this.em.flush();
    // This process at once; the others when the event reaches them (their cache entries expire anyway).
    this.deps.viewers?.forgetToken(apiToken.id);
    this.deps.pubSub?.publish(API_TOKEN_REVOKED, { tokenId: apiToken.id } satisfies ApiTokenRevoked);
    return apiToken;
  }

  /**
   * Ends the admin's other browser sessions (after a password change: whoever knew the old one is signed
   * out everywhere but here). API tokens stay: scripts are not signed in with the password.
   */
  async endOtherBrowserSessions(viewer: Viewer): Promise<number> {
    const sessions = await this.em.find(ApiToken, { admin: viewer.admin.id, kind: ApiTokenKind.BROWSER_SESSION, revokedAt: null, id: { $ne: viewer.tokenId } }, { filters: false });
    const now = new Date(this.now());
    for (const session of sessions) session.revokedAt = now;
    await this.em.flush();
    for (const session of sessions) {
      this.deps.viewers?.forgetToken(session.id);
      this.deps.pubSub?.publish(API_TOKEN_REVOKED, { tokenId: session.id } satisfies ApiTokenRevoked);
    }
    return sessions.length;
  }

  /** Deletes tokens revoked long ago; run daily by the auth.prune-revoked-tokens job. */
  async pruneRevokedTokens(olderThan: Date): Promise<number> {
    return this.em.nativeDelete(ApiToken, { revokedAt: { $lt: olderThan } }, { filters: false });
  }
}
