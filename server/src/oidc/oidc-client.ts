import * as client from 'openid-client';
import { OutboundAgent, OutboundProxyError, type OutboundProxySettings } from '../shared/outbound-proxy.js';

/**
 * The typed client for an MSP's OpenID Connect identity provider (Entra ID, Google Workspace, Okta…):
 * discovery, the authorization URL (code flow with PKCE S256, state and nonce) and the code exchange. The
 * only code that speaks to an identity provider; built on openid-client, which is OpenID Certified.
 */

/** Why an identity provider could not be used; the message is for the admin who configures it. */
export class OidcError extends Error {
  constructor(
    readonly kind: 'discovery' | 'callback' | 'token' | 'userinfo',
    message: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

export interface OidcProviderSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** What a sign-in proved: the provider's subject and the email it vouches for. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string;
  /** Absent when the provider does not say (Entra ID never does); false when it says unverified. */
  emailVerified?: boolean;
}

/** What the browser carries between the start and the callback (sealed in a cookie). */
export interface OidcPendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

const SCOPE = 'openid email profile';
const REQUEST_TIMEOUT_SECONDS = 10;

/**
 * Plain http is allowed only for an issuer on this machine (a development or test provider), the way
 * RFC 8252 allows loopback redirects; anything that crosses a network must be https.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export class OidcClient {
  private readonly configurations = new Map<string, { at: number; configuration: Promise<client.Configuration> }>();
  private readonly outbound: OutboundAgent;

  /** `proxy`: the outbound proxy (HTTPS_PROXY, NO_PROXY) for discovery, the token and userinfo calls; absent: direct. */
  constructor(private readonly options: { now?: () => number; cacheMs?: number; proxy?: OutboundProxySettings } = {}) {
    this.outbound = new OutboundAgent(options.proxy);
  }

  /** Releases the sockets kept open to identity providers. */
  close(): Promise<void> {
    return this.outbound.close();
  }

  /** Fetches the provider's metadata (`/.well-known/openid-configuration`); throws OidcError('discovery'). */
  async discover(settings: OidcProviderSettings): Promise<client.Configuration> {
    const key = JSON.stringify([settings.issuerUrl, settings.clientId, settings.clientSecret]);
    const now = (this.options.now ?? Date.now)();
    const cached = this.configurations.get(key);
    if (cached && now - cached.at < (this.options.cacheMs ?? 10 * 60_000)) return cached.configuration;
    const configuration = discover(settings, this.outbound.fetch);
    this.configurations.set(key, { at: now, configuration });
    // A failure is not kept: the next sign-in asks the provider again.
    configuration.catch(() => this.configurations.delete(key));
    return configuration;
  }

  async startSignIn(settings: OidcProviderSettings, redirectUri: string, loginHint?: string): Promise<{ url: URL; pending: OidcPendingSignIn }> {
    const configuration = await this.discover(settings);
    const pending: OidcPendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      redirectUri,
    };
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: SCOPE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (loginHint) parameters.login_hint = loginHint;
    return { url: client.buildAuthorizationUrl(configuration, parameters), pending };
  }

  /**
   * Checks the provider's answer (state, issuer, PKCE, the ID token's signature, audience, nonce and
   * expiry) and exchanges the code. The email comes from the ID token, or from userinfo when the provider
   * keeps it there.
   */
  async finishSignIn(settings: OidcProviderSettings, pending: OidcPendingSignIn, callbackQuery: URLSearchParams): Promise<OidcIdentity> {
    const configuration = await this.discover(settings);
    const error = callbackQuery.get('error');
    if (error) {
      const description = callbackQuery.get('error_description');
      throw new OidcError('callback', `the identity provider refused the sign-in: ${error}${description ? ` (${description.slice(0, 200)})` : ''}`);
    }
    const currentUrl = new URL(pending.redirectUri);
    for (const [name, value] of callbackQuery) currentUrl.searchParams.append(name, value);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (cause) {
      throw new OidcError('token', `the sign-in could not be completed with the identity provider: ${describe(cause)}`);
    }
    const claims = tokens.claims()!;
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    // Entra ID says nothing of email_verified, but can say whether the domain owner verified it (xms_edov).
    let emailVerified = typeof claims.email_verified === 'boolean' ? claims.email_verified : claims.xms_edov === false ? false : undefined;
    if (email === undefined) {
      try {
        const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        email = typeof userInfo.email === 'string' ? userInfo.email : undefined;
        emailVerified = typeof userInfo.email_verified === 'boolean' ? userInfo.email_verified : emailVerified;
      } catch (cause) {
        throw new OidcError('userinfo', `the identity provider's userinfo endpoint failed: ${describe(cause)}`);
      }
    }
    return { issuer: String(claims.iss), subject: claims.sub, email, emailVerified };
  }
}

async function discover(settings: OidcProviderSettings, fetch: OutboundAgent['fetch']): Promise<client.Configuration> {
  let issuer: URL;
  try {
    issuer = new URL(settings.issuerUrl);
  } catch {
    throw new OidcError('discovery', 'the issuer URL is not a URL');
  }
  try {
    return await client.discovery(issuer, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
      execute: issuer.protocol === 'http:' && isLoopbackUrl(issuer) ? [client.allowInsecureRequests] : [],
      timeout: REQUEST_TIMEOUT_SECONDS,
      // Kept by the configuration for the token and userinfo calls too.
      [client.customFetch]: fetch,
    });
  } catch (cause) {
    throw new OidcError('discovery', `${issuer.href} did not answer as an OpenID Connect provider: ${describe(cause)}`);
  }
}

/** openid-client's errors say what failed; their causes (a fetch's) say why. Never a token or secret. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // An OAuth error answer (ResponseBodyError) names the reason, e.g. invalid_client for a wrong secret.
  const body = error as { error?: unknown; error_description?: unknown };
  const reason = typeof body.error === 'string' ? ` (${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''})` : '';
  // A failure through the outbound proxy says all in its message (its cause is fetch's bare "fetch failed").
  const cause = error.cause instanceof Error && !(error instanceof OutboundProxyError) ? `: ${error.cause.message}` : '';
  return `${error.message}${reason}${cause}`.slice(0, 300);
}
