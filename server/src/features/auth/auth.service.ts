import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import { Admin } from './admin.entity.js';
import { ApiToken } from './api-token.entity.js';
import { Provider } from './provider.entity.js';
import { Role } from './roles.js';
import type { TenantScope } from './tenant-scope.js';
import { generateToken, hashToken } from './tokens.js';

/** Who is calling: resolved once per request or websocket connection from the bearer token. */
export interface Viewer {
  admin: Admin;
  tokenId: string;
  scope: TenantScope;
}

// Writing lastUsedAt on every request would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export class AuthService {
  constructor(private readonly em: EntityManager) {}

  /** The viewer for a bearer token, or undefined for an unknown or revoked one. */
  async authenticate(token: string): Promise<Viewer | undefined> {
    const apiToken = await this.em.findOne(
      ApiToken,
      { tokenHash: hashToken(token), revokedAt: null },
      { populate: ['admin', 'admin.provider'], filters: false },
    );
    if (!apiToken) return undefined;
    const now = Date.now();
    if (!apiToken.lastUsedAt || now - apiToken.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.em.nativeUpdate(ApiToken, { id: apiToken.id }, { lastUsedAt: new Date(now) }, { filters: false });
    }
    return {
      admin: apiToken.admin,
      tokenId: apiToken.id,
      scope: { providerId: apiToken.admin.provider.id },
    };
  }

  /** True while the token behind a live connection is still valid (revocation ends subscriptions). */
  async isTokenActive(tokenId: string): Promise<boolean> {
    const count = await this.em.count(ApiToken, { id: tokenId, revokedAt: null }, { filters: false });
    return count === 1;
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
    const token = generateToken();
    const apiToken = this.em.create(ApiToken, {
      provider: viewer.scope.providerId,
      admin: viewer.admin.id,
      name: trimmed,
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
    return apiToken;
  }

  /** Deletes tokens revoked long ago; run daily by the auth.prune-revoked-tokens job. */
  async pruneRevokedTokens(olderThan: Date): Promise<number> {
    return this.em.nativeDelete(ApiToken, { revokedAt: { $lt: olderThan } }, { filters: false });
  }
}
