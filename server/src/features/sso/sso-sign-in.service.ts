import type { EntityManager } from '@mikro-orm/postgresql';
import { OidcError, type OidcClient, type OidcIdentity, type OidcPendingSignIn } from '../../oidc/oidc-client.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { AuditService } from '../audit/audit.service.js';
import { Admin } from '../auth/admin.entity.js';
import type { AuthService } from '../auth/auth.service.js';
import { actingAs, DEACTIVATED, type SignInClient } from '../auth/password-sign-in.service.js';
import { SsoSettings } from './sso-settings.entity.js';

export interface SsoSignInDeps {
  secrets: SecretBox;
  auth: AuthService;
  audit: AuditService;
  oidc: OidcClient;
  logger: Logger;
  now: () => number;
}

/** A sign-in must come back from the identity provider within this long. */
export const SSO_SIGN_IN_LIFETIME_MS = 10 * 60 * 1000;

/** What the browser carries, sealed, from the start to the callback: it binds the answer to this browser. */
interface PendingSsoSignIn extends OidcPendingSignIn {
  providerId: string;
  /** Where in the app to land afterwards (a path of ours). */
  returnTo?: string;
  expiresAt: number;
}

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/** Single sign-on for an admin who has no session yet: anonymous callers, every provider's settings. */
export class SsoSignInService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: SsoSignInDeps,
  ) {}

  /** The identity provider's sign-in page for this email's domain, and the sealed state for the browser. */
  async start(emailIn: string, redirectUri: string, returnTo?: string): Promise<{ url: string; pending: string }> {
    const email = emailIn.trim().toLowerCase();
    const domain = EMAIL.exec(email)?.[1];
    const settings = domain ? await this.settingsForDomain(domain) : null;
    if (!settings) throw new AppError(ErrorCode.SsoNotConfigured, 'single sign-on is not set up for this email address');
    let started: Awaited<ReturnType<OidcClient['startSignIn']>>;
    try {
      started = await this.deps.oidc.startSignIn(this.providerSettings(settings), redirectUri, email);
    } catch (error) {
      throw this.failed(error, settings);
    }
    const pending: PendingSsoSignIn = { ...started.pending, providerId: settings.provider.id, returnTo, expiresAt: this.deps.now() + SSO_SIGN_IN_LIFETIME_MS };
    return { url: started.url.href, pending: this.deps.secrets.seal(JSON.stringify(pending)) };
  }

  /** Checks the identity provider's answer and starts a browser session for the admin it names. */
  async finish(sealedPending: string | undefined, callbackQuery: URLSearchParams, client: SignInClient): Promise<{ token: string; returnTo?: string }> {
    const pending = this.openPending(sealedPending);
    if (!pending || pending.state !== callbackQuery.get('state')) {
      throw new AppError(ErrorCode.SsoExpired, 'the sign-in expired or was started in another browser: start again');
    }
    const settings = await this.em.findOne(SsoSettings, { provider: pending.providerId }, { populate: ['provider'], filters: false });
    if (!settings) throw new AppError(ErrorCode.SsoNotConfigured, 'single sign-on was turned off meanwhile');
    let identity: OidcIdentity;
    try {
      identity = await this.deps.oidc.finishSignIn(this.providerSettings(settings), pending, callbackQuery);
    } catch (error) {
      throw this.failed(error, settings);
    }
    const admin = await this.adminFor(identity, settings);
    const { token } = await this.deps.auth.issueBrowserSession(admin, settings.provider.id, client.userAgent);
    this.deps.audit.record(actingAs(admin), 'auth.sso_sign_in', { issuer: identity.issuer });
    await this.em.flush();
    return { token, returnTo: pending.returnTo };
  }

  /** Whether the admin's provider allows only single sign-on (password sign-in and setup links refuse). */
  async requiredFor(providerId: string): Promise<boolean> {
    const settings = await this.em.findOne(SsoSettings, { provider: providerId }, { filters: false, fields: ['ssoOnly'] });
    return settings?.ssoOnly ?? false;
  }

  /** The admin the identity names: by the linked subject, else by email, which links it (once). */
  private async adminFor(identity: OidcIdentity, settings: SsoSettings): Promise<Admin> {
    const email = identity.email?.trim().toLowerCase();
    const refuse = (message: string) => new AppError(ErrorCode.SsoEmailRefused, message);
    if (!email) throw refuse('the identity provider did not give an email address (Entra ID: add the optional "email" claim)');
    if (identity.emailVerified === false) throw refuse(`the identity provider says ${email} is not verified`);
    const domain = EMAIL.exec(email)?.[1];
    if (!domain || !settings.allowedDomains.includes(domain)) throw refuse(`${email} is not in the domains allowed to sign in (${settings.allowedDomains.join(', ')})`);

    const subject = `${identity.issuer} ${identity.subject}`;
    const providerId = settings.provider.id;
    const admin =
      (await this.em.findOne(Admin, { ssoSubject: subject, provider: providerId }, { filters: false })) ??
      (await this.em.findOne(Admin, { email, provider: providerId }, { filters: false }));
    if (!admin) throw new AppError(ErrorCode.SsoNotInvited, `${email} has no admin account here: ask an admin of your provider to invite you`);
    if (admin.ssoSubject && admin.ssoSubject !== subject) {
      throw new AppError(ErrorCode.SsoSubjectMismatch, `${email} is linked to another account at the identity provider: ask an admin to reset your sign-in`);
    }
    if (admin.deactivatedAt) throw new AppError(ErrorCode.Unauthenticated, DEACTIVATED);
    if (!admin.ssoSubject) {
      admin.ssoSubject = subject;
      this.deps.audit.record(actingAs(admin), 'auth.sso_linked', { issuer: identity.issuer });
    }
    return admin;
  }

  private async settingsForDomain(domain: string): Promise<SsoSettings | null> {
    return this.em.findOne(SsoSettings, { allowedDomains: { $contains: [domain] } }, { populate: ['provider'], filters: false });
  }

  private providerSettings(settings: SsoSettings) {
    return { issuerUrl: settings.issuerUrl, clientId: settings.clientId, clientSecret: this.deps.secrets.open(settings.clientSecretSealed) };
  }

  private openPending(sealed: string | undefined): PendingSsoSignIn | undefined {
    if (!sealed) return undefined;
    try {
      const pending = JSON.parse(this.deps.secrets.open(sealed)) as PendingSsoSignIn;
      return pending.expiresAt > this.deps.now() ? pending : undefined;
    } catch {
      return undefined;
    }
  }

  /** The admin sees what went wrong in general; the log keeps the identity provider's own words. */
  private failed(error: unknown, settings: SsoSettings): AppError {
    if (!(error instanceof OidcError)) throw error;
    this.deps.logger.warn({ providerId: settings.provider.id, issuer: settings.issuerUrl, kind: error.kind, reason: error.message }, 'single sign-on failed');
    return new AppError(ErrorCode.SsoFailed, error.message);
  }
}
