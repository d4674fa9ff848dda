import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { Admin } from './admin.entity.js';
import type { AuthService } from './auth.service.js';
import { checkNewPassword, hashPassword, notBreached, type BreachCheck } from './passwords.js';
import { actingAs, DEACTIVATED, SSO_REQUIRED, type PasswordSignIn, type SignInClient } from './password-sign-in.service.js';
import { SetupLink } from './setup-link.entity.js';
import { generateToken, hashToken } from './tokens.js';

export const SETUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The address an admin opens: the token travels in the fragment, which browsers never send to a server. */
export function setupLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/setup#${token}`;
}

/** A new one-time link for the admin (start-up, admin:create --setup-link); returns its token. */
export async function createSetupLink(em: EntityManager, admin: Admin, now = Date.now()): Promise<string> {
  const token = generateToken();
  em.create(SetupLink, { admin, tokenHash: hashToken(token), expiresAt: new Date(now + SETUP_LINK_LIFETIME_MS) });
  await em.flush();
  return token;
}

export interface SetupLinkDeps {
  auth: AuthService;
  audit: AuditService;
  now: () => number;
  /** Pwned Passwords, when configured; none: no password is known breached. */
  breachCheck?: BreachCheck;
  ssoRequired?: (providerId: string) => Promise<boolean>;
}

export class SetupLinkService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: SetupLinkDeps,
  ) {}

  /** Sets the admin's password, uses the link up, and signs the admin in. */
  async redeem(token: string, password: string, client: SignInClient): Promise<PasswordSignIn> {
    const link = await this.em.findOne(SetupLink, { tokenHash: hashToken(token.trim()) }, { populate: ['admin', 'admin.provider'], filters: false });
    const refuse = (message: string) => new AppError(ErrorCode.BadUserInput, message, { field: 'token' });
    if (!link) throw refuse('this setup link is not known: copy the whole link, or ask for a new one');
    if (link.usedAt) throw refuse('this setup link was already used: sign in with your password, or ask for a new link');
    const now = this.deps.now();
    if (link.expiresAt.getTime() <= now) throw refuse('this setup link expired (links last 24 hours): ask for a new one');
    const admin: Admin = link.admin;
    if (admin.deactivatedAt) throw new AppError(ErrorCode.Unauthenticated, DEACTIVATED);
    if (await this.deps.ssoRequired?.(admin.provider.id)) throw new AppError(ErrorCode.SsoRequired, SSO_REQUIRED);
    const normalized = await checkNewPassword(password, admin.email, this.deps.breachCheck ?? notBreached);

    // One conditional update, so the same link opened twice at once sets one password.
    const claimed = await this.em.nativeUpdate(SetupLink, { id: link.id, usedAt: null }, { usedAt: new Date(now) }, { filters: false });
    if (claimed !== 1) throw refuse('this setup link was already used: sign in with your password, or ask for a new link');
    admin.passwordHash = await hashPassword(normalized);
    this.deps.audit.record(actingAs(admin), 'auth.setup_link_used', { setupLinkId: link.id });
    const { token: sessionToken } = await this.deps.auth.issueBrowserSession(admin, admin.provider.id, client.userAgent);
    return { token: sessionToken, secondFactorRequired: false };
  }
}
