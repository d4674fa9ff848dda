import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppPubSub } from '../../graphql/pubsub.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { AuditService } from '../audit/audit.service.js';
import { Admin } from '../auth/admin.entity.js';
import { ApiToken, ApiTokenKind } from '../auth/api-token.entity.js';
import { type AuthService, type Viewer } from '../auth/auth.service.js';
import { BROWSER_SESSION_IDLE_MS, BROWSER_SESSION_LIFETIME_MS } from '../auth/session-cookie.js';
import { Role } from '../auth/roles.js';
import { SetupLink } from '../auth/setup-link.entity.js';
import { createSetupLink, SETUP_LINK_LIFETIME_MS, setupLinkUrl } from '../auth/setup-links.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { ADMIN_CHANGED, API_TOKEN_REVOKED, type AdminChanged, type ApiTokenRevoked, type ViewerCache } from '../auth/viewer-cache.js';
import { IssuedSetupLink, Person } from './person.types.js';

export interface PeopleDeps {
  auth: AuthService;
  audit: AuditService;
  pubSub?: AppPubSub;
  viewers?: ViewerCache;
  now: () => number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 320;

/** The provider's admins: invitations, roles, deactivation, second factor and tokens. Callers hold ADMIN. */
export class PeopleService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: PeopleDeps,
  ) {}

  async list(): Promise<Person[]> {
    const admins = await this.em.find(Admin, {}, { orderBy: { email: 'asc' } });
    return admins.map((admin) => Person.of(admin));
  }

  async invite(viewer: Viewer, input: { email: string; roles: Role[]; appUrl: string }): Promise<IssuedSetupLink> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > MAX_EMAIL_LENGTH) {
      throw new AppError(ErrorCode.BadUserInput, `"${input.email.trim()}" is not an email address`, { field: 'email' });
    }
    const roles = requireRoles(input.roles);
    const appUrl = requireAppUrl(input.appUrl);
    const taken = () => new AppError(ErrorCode.BadUserInput, `${email} already has an admin account`, { field: 'email' });
    // Emails are unique across providers: someone else's admin is "taken" too (without saying whose).
    if (await this.em.count(Admin, { email }, { filters: false })) throw taken();

    const admin = this.em.create(Admin, { provider: this.scope.providerId, email, roles });
    this.deps.audit.record(viewer, 'admin.invited', { adminId: admin.id, email, roles });
    let token: string;
    try {
      token = await createSetupLink(this.em, admin, this.deps.now());
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    return this.issued(admin, appUrl, token);
  }

  /** A fresh link for someone who lost theirs (or never used it); earlier unused links stop working. */
  async newSetupLink(viewer: Viewer, adminId: string, appUrl: string): Promise<IssuedSetupLink> {
    const url = requireAppUrl(appUrl);
    const admin = await this.find(adminId);
    if (admin.deactivatedAt) throw new AppError(ErrorCode.BadUserInput, `${admin.email} is deactivated: reactivate them first`);
    const now = this.deps.now();
    await this.em.nativeUpdate(SetupLink, { admin: admin.id, usedAt: null, expiresAt: { $gt: new Date(now) } }, { expiresAt: new Date(now) });
    this.deps.audit.record(viewer, 'admin.setup-link-issued', { adminId: admin.id, email: admin.email });
    const token = await createSetupLink(this.em, admin, now);
    return this.issued(admin, url, token);
  }

  async setRoles(viewer: Viewer, adminId: string, rolesIn: Role[]): Promise<Person> {
    const roles = requireRoles(rolesIn);
    const person = await this.underAdminLock(adminId, async (em, admin) => {
      const previousRoles = admin.roles;
      if (admin.hasRole(Role.ADMIN) && !roles.includes(Role.ADMIN)) await this.keepAnotherAdmin(em, admin, 'take the ADMIN role from');
      admin.roles = roles;
      new AuditService(em).record(viewer, 'admin.roles-set', { adminId: admin.id, email: admin.email, roles, previousRoles });
      return Person.of(admin);
    });
    this.forgetCachedViewers(adminId);
    return person;
  }

  /** Ends their sessions and tokens at once; they cannot sign in until reactivated. */
  async deactivate(viewer: Viewer, adminId: string): Promise<Person> {
    let revoked: string[] = [];
    const person = await this.underAdminLock(adminId, async (em, admin) => {
      if (admin.deactivatedAt) return Person.of(admin);
      await this.keepAnotherAdmin(em, admin, 'deactivate');
      const now = new Date(this.deps.now());
      admin.deactivatedAt = now;
      const tokens = await em.find(ApiToken, { admin: admin.id, revokedAt: null });
      for (const token of tokens) token.revokedAt = now;
      revoked = tokens.map((token) => token.id);
      new AuditService(em).record(viewer, 'admin.deactivated', { adminId: admin.id, email: admin.email, tokensRevoked: revoked.length });
      return Person.of(admin);
    });
    this.forgetCachedViewers(adminId);
    for (const tokenId of revoked) {
      this.deps.viewers?.forgetToken(tokenId);
      // Closes their open websockets on every process.
      this.deps.pubSub?.publish(API_TOKEN_REVOKED, { tokenId } satisfies ApiTokenRevoked);
    }
    return person;
  }

  async reactivate(viewer: Viewer, adminId: string): Promise<Person> {
    const admin = await this.find(adminId);
    if (admin.deactivatedAt) {
      admin.deactivatedAt = null;
      this.deps.audit.record(viewer, 'admin.reactivated', { adminId: admin.id, email: admin.email });
      await this.em.flush();
    }
    return Person.of(admin);
  }

  /** For a lost authenticator: they sign in with the password alone and may enrol again. */
  async resetTwoFactor(viewer: Viewer, adminId: string): Promise<Person> {
    const admin = await this.find(adminId);
    const wasOn = Boolean(admin.totpSecretSealed);
    admin.totpSecretSealed = null;
    admin.totpPendingSecretSealed = null;
    admin.totpLastUsedStep = null;
    admin.recoveryCodeHashes = [];
    this.deps.audit.record(viewer, 'admin.two-factor-reset', { adminId: admin.id, email: admin.email, wasOn });
    await this.em.flush();
    return Person.of(admin);
  }

  /** Their live browser sessions and API tokens, newest first. */
  async tokens(adminId: string): Promise<ApiToken[]> {
    const tokens = await this.em.find(ApiToken, { admin: requireId(adminId, 'adminId'), revokedAt: null }, { orderBy: { createdAt: 'desc', name: 'asc' } });
    const now = this.deps.now();
    return tokens.filter((token) => (tokenExpiresAt(token)?.getTime() ?? Infinity) > now);
  }

  async revokeToken(viewer: Viewer, tokenId: string): Promise<ApiToken> {
    const token = await this.deps.auth.revokeApiToken(viewer, tokenId);
    this.deps.audit.record(viewer, 'admin.token-revoked', { tokenId: token.id, adminId: token.admin.id, kind: token.kind, name: token.name });
    await this.em.flush();
    return token;
  }

  private async find(adminId: string): Promise<Admin> {
    // The tenant filter makes another provider's admin "not found".
    const admin = await this.em.findOne(Admin, { id: requireId(adminId, 'adminId') });
    if (!admin) throw new AppError(ErrorCode.NotFound, `no admin with id ${adminId}`);
    return admin;
  }

  private issued(admin: Admin, appUrl: string, token: string): IssuedSetupLink {
    return Object.assign(new IssuedSetupLink(), {
      person: Person.of(admin),
      setupLink: setupLinkUrl(appUrl, token),
      expiresAt: new Date(this.deps.now() + SETUP_LINK_LIFETIME_MS),
    });
  }

  /**
   * Runs a change to one admin in a transaction holding the row locks of all the provider's admins, so
   * two requests that would each leave one ADMIN (removing the role from A, deactivating B) run one after
   * the other, and the second sees the first's change.
   */
  private async underAdminLock<T>(adminId: string, change: (em: EntityManager, admin: Admin) => Promise<T>): Promise<T> {
    const id = requireId(adminId, 'adminId');
    return this.em.transactional(async (em) => {
      await em.execute('select id from admins where provider_id = ? order by id for update', [this.scope.providerId]);
      const admin = await em.findOne(Admin, { id }, { refresh: true });
      if (!admin) throw new AppError(ErrorCode.NotFound, `no admin with id ${adminId}`);
      return change(em, admin);
    });
  }

  /** The rule: a provider always keeps at least one active admin with the ADMIN role. */
  private async keepAnotherAdmin(em: EntityManager, admin: Admin, doing: string): Promise<void> {
    const [row] = await em.execute<{ others: number }[]>(
      "select count(*)::int as others from admins where provider_id = ? and id <> ? and deactivated_at is null and 'admin' = any(roles)",
      [this.scope.providerId, admin.id],
    );
    if ((row?.others ?? 0) > 0 || admin.deactivatedAt) return;
    throw new AppError(
      ErrorCode.BadUserInput,
      `cannot ${doing} ${admin.email}: they are the last active admin with the ADMIN role. Give someone else ADMIN first.`,
      { reason: 'LAST_ADMIN' },
    );
  }

  private forgetCachedViewers(adminId: string): void {
    this.deps.viewers?.forgetAdmin(adminId);
    this.deps.pubSub?.publish(ADMIN_CHANGED, { adminId } satisfies AdminChanged);
  }
}

/** A browser session ends 12 hours unused or 7 days after sign-in, whichever comes first; an API token lives until revoked. */
export function tokenExpiresAt(token: ApiToken): Date | null {
  if (token.kind !== ApiTokenKind.BROWSER_SESSION) return null;
  const created = token.createdAt.getTime();
  const lastUsed = Math.max(created, token.lastUsedAt?.getTime() ?? 0);
  return new Date(Math.min(created + BROWSER_SESSION_LIFETIME_MS, lastUsed + BROWSER_SESSION_IDLE_MS));
}

function requireRoles(roles: Role[]): Role[] {
  const unique = [...new Set(roles)];
  if (unique.length === 0) throw new AppError(ErrorCode.BadUserInput, 'choose at least one role', { field: 'roles' });
  return unique;
}

/** The admin app's own address (window.location.origin): the server does not know its public URL. */
function requireAppUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError(ErrorCode.BadUserInput, 'appUrl must be an http(s) URL', { field: 'appUrl' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError(ErrorCode.BadUserInput, 'appUrl must be an http(s) URL', { field: 'appUrl' });
  return url.origin;
}
