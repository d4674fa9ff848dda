import type { EntityManager } from '@mikro-orm/postgresql';
import { isLoopbackUrl, OidcError, type OidcClient } from '../../oidc/oidc-client.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { AuditService } from '../audit/audit.service.js';
import { Admin } from '../auth/admin.entity.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { SsoSettings } from './sso-settings.entity.js';

export interface SsoSettingsInput {
  issuerUrl: string;
  clientId: string;
  /** Required the first time; left out (or empty) to keep the one saved. */
  clientSecret?: string | null;
  allowedDomains: string[];
  ssoOnly: boolean;
}

export interface SsoSettingsDeps {
  secrets: SecretBox;
  audit: AuditService;
  oidc: OidcClient;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_DOMAINS = 50;
// Entra ID's multi-tenant endpoints: anyone with any Microsoft account could sign in through them.
const ENTRA_SHARED_TENANTS = /^https:\/\/login\.microsoftonline\.com\/(common|organizations|consumers)(\/|$)/i;
// Two providers saving the same domain at once: one waits for the other, so the check below holds.
const DOMAIN_CLAIM_LOCK = 'select pg_advisory_xact_lock(hashtext(?))';

/** The provider's single sign-on settings; callers hold ADMIN. */
export class SsoSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: SsoSettingsDeps,
  ) {}

  get(): Promise<SsoSettings | null> {
    return this.em.findOne(SsoSettings, { provider: this.scope.providerId });
  }

  /** Checks the issuer by discovery before anything is written; the secret is sealed and never returned. */
  async save(viewer: Viewer, input: SsoSettingsInput): Promise<SsoSettings> {
    const issuerUrl = requireIssuerUrl(input.issuerUrl);
    const clientId = requireText(input.clientId, 'clientId', 'the client id (application id)', 255);
    const allowedDomains = requireDomains(input.allowedDomains);
    const existing = await this.get();
    const newSecret = input.clientSecret?.trim() ? requireText(input.clientSecret, 'clientSecret', 'the client secret', 1000) : undefined;
    if (!newSecret && !existing) throw new AppError(ErrorCode.BadUserInput, 'give the client secret', { field: 'clientSecret' });
    const clientSecret = newSecret ?? this.deps.secrets.open(existing!.clientSecretSealed);
    // Passwords stay off only for someone proven to get in with this very issuer.
    if (input.ssoOnly && (!existing?.ssoOnly || existing.issuerUrl !== issuerUrl)) await this.requireSignedInWithSso(viewer, issuerUrl);

    try {
      await this.deps.oidc.discover({ issuerUrl, clientId, clientSecret });
    } catch (error) {
      if (error instanceof OidcError) throw new AppError(ErrorCode.OidcDiscoveryFailed, error.message, { field: 'issuerUrl' });
      throw error;
    }

    return this.em.transactional(async (em) => {
      for (const domain of allowedDomains) await em.execute(DOMAIN_CLAIM_LOCK, [`sso-domain:${domain}`]);
      const claimed = await em.execute<{ domain: string }[]>(
        'select unnest(allowed_domains) as domain from sso_settings where provider_id <> ? and allowed_domains && ?::text[]',
        [this.scope.providerId, `{${allowedDomains.join(',')}}`],
      );
      const taken = claimed.map((row) => row.domain).filter((domain) => allowedDomains.includes(domain));
      if (taken.length > 0) {
        throw new AppError(ErrorCode.Conflict, `${taken.join(', ')} already signs in to another provider: each domain belongs to one`, { field: 'allowedDomains' });
      }
      const settings = (await em.findOne(SsoSettings, { provider: this.scope.providerId })) ?? em.create(SsoSettings, { provider: this.scope.providerId, issuerUrl, clientId, clientSecretSealed: '', allowedDomains });
      // Subjects are per issuer: with another identity provider everyone links again by email.
      if (settings.issuerUrl !== issuerUrl) await this.unlinkAdmins(em);
      Object.assign(settings, { issuerUrl, clientId, allowedDomains, ssoOnly: input.ssoOnly, updatedAt: new Date() });
      if (newSecret) settings.clientSecretSealed = this.deps.secrets.seal(newSecret);
      this.deps.audit.record(viewer, existing ? 'sso.updated' : 'sso.configured', { issuerUrl, clientId, allowedDomains, ssoOnly: input.ssoOnly, clientSecretChanged: Boolean(newSecret) });
      await em.flush();
      return settings;
    });
  }

  /** Passwords work again for everyone; false when nothing was configured. */
  async remove(viewer: Viewer): Promise<boolean> {
    return this.em.transactional(async (em) => {
      const settings = await em.findOne(SsoSettings, { provider: this.scope.providerId });
      if (!settings) return false;
      await this.unlinkAdmins(em);
      em.remove(settings);
      this.deps.audit.record(viewer, 'sso.removed', { issuerUrl: settings.issuerUrl });
      await em.flush();
      return true;
    });
  }

  /**
   * "SSO only" is turned on (or kept on across a new issuer) by someone who signed in with that issuer:
   * no one is locked out by a typo. Subjects are stored as "<issuer> <sub>".
   */
  private async requireSignedInWithSso(viewer: Viewer, issuerUrl: string): Promise<void> {
    const admin = await this.em.findOne(Admin, { id: viewer.admin.id }, { filters: false });
    if (!admin?.ssoSubject?.startsWith(`${issuerUrl} `)) {
      throw new AppError(
        ErrorCode.BadUserInput,
        'sign in with single sign-on through this identity provider yourself before turning off passwords (save without "SSO only" first)',
        { field: 'ssoOnly' },
      );
    }
  }

  private unlinkAdmins(em: EntityManager): Promise<number> {
    return em.nativeUpdate(Admin, { provider: this.scope.providerId, ssoSubject: { $ne: null } }, { ssoSubject: null });
  }
}

function requireText(value: string, field: string, what: string, maxLength: number): string {
  const text = value.trim();
  if (!text) throw new AppError(ErrorCode.BadUserInput, `give ${what}`, { field });
  if (text.length > maxLength) throw new AppError(ErrorCode.BadUserInput, `${what} is longer than ${maxLength} characters`, { field });
  return text;
}

function requireIssuerUrl(value: string): string {
  const text = requireText(value, 'issuerUrl', 'the issuer URL', 2000).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError(ErrorCode.BadUserInput, 'the issuer URL is not a URL (e.g. https://accounts.google.com)', { field: 'issuerUrl' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw new AppError(ErrorCode.BadUserInput, 'the issuer URL must start with https://', { field: 'issuerUrl' });
  }
  if (url.search || url.hash) throw new AppError(ErrorCode.BadUserInput, 'the issuer URL has no query or fragment', { field: 'issuerUrl' });
  if (ENTRA_SHARED_TENANTS.test(text)) {
    throw new AppError(
      ErrorCode.BadUserInput,
      'use your Entra ID tenant\'s own issuer, https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0: "common", "organizations" and "consumers" let any Microsoft account in',
      { field: 'issuerUrl' },
    );
  }
  return text;
}

function requireDomains(values: string[]): string[] {
  const domains = [...new Set(values.map((value) => value.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))];
  if (domains.length === 0) throw new AppError(ErrorCode.BadUserInput, 'give at least one email domain (e.g. example.com)', { field: 'allowedDomains' });
  if (domains.length > MAX_DOMAINS) throw new AppError(ErrorCode.BadUserInput, `at most ${MAX_DOMAINS} domains`, { field: 'allowedDomains' });
  const invalid = domains.find((domain) => !DOMAIN.test(domain));
  if (invalid) throw new AppError(ErrorCode.BadUserInput, `"${invalid.slice(0, 100)}" is not an email domain (e.g. example.com)`, { field: 'allowedDomains' });
  return domains;
}
