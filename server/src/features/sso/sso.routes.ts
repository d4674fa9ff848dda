import { Router, type Request, type Response } from 'express';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { SessionCookie } from '../auth/session-cookie.js';
import { SSO_SIGN_IN_LIFETIME_MS, type SsoSignInService } from './sso-sign-in.service.js';

/** The sealed state of a sign-in under way, between the start and the callback. */
export const SSO_PENDING_COOKIE = 'hw_sso';
export const SSO_PATH = '/auth/sso';
export const SSO_CALLBACK_PATH = `${SSO_PATH}/callback`;

/** The address to register at the identity provider ("redirect URI"). */
export function ssoRedirectUri(appOrigin: string): string {
  return `${appOrigin.replace(/\/+$/, '')}${SSO_CALLBACK_PATH}`;
}

/** HIGHWATER_PUBLIC_URL when set (behind a proxy the request's own scheme and host may not be the public ones). */
export function appOriginOf(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

export interface SsoRoutesOptions {
  signIn: () => SsoSignInService;
  sessionCookieOn: (req: Request, res: Response) => SessionCookie;
  publicUrl?: string;
  logger: Logger;
}

/**
 * The browser's side of single sign-on: `GET /auth/sso/start?email=…` sends it to the identity provider,
 * which sends it back to `GET /auth/sso/callback`. Both answer with a redirect to the sign-in page, which
 * shows an error (`?sso_error=<code>`) or goes on into the app (`?signed-in=sso`).
 */
export function ssoRoutes(options: SsoRoutesOptions): Router {
  const router = Router();
  router.use((_req, res, next) => {
    // The callback's URL holds the authorization code: never cached, never sent on as a Referer.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  router.get('/start', async (req, res) => {
    const email = typeof req.query.email === 'string' ? req.query.email.slice(0, 320) : '';
    try {
      const { url, pending } = await options.signIn().start(email, ssoRedirectUri(appOriginOf(req, options.publicUrl)), appPath(req.query.redirect));
      res.cookie(SSO_PENDING_COOKIE, pending, pendingCookieOptions(req.secure, SSO_SIGN_IN_LIFETIME_MS));
      res.redirect(303, url);
    } catch (error) {
      res.redirect(303, signInPage({ sso_error: errorCodeOf(error, options.logger) }));
    }
  });

  router.get('/callback', async (req, res) => {
    // Used once, whatever happens next.
    res.cookie(SSO_PENDING_COOKIE, '', pendingCookieOptions(req.secure, 0));
    try {
      const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
      const client = { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.headers['user-agent'] };
      const { token, returnTo } = await options.signIn().finish(pendingFrom(req.headers.cookie), query, client);
      options.sessionCookieOn(req, res).start(token);
      res.redirect(303, signInPage({ 'signed-in': 'sso', ...(returnTo ? { redirect: returnTo } : {}) }));
    } catch (error) {
      res.redirect(303, signInPage({ sso_error: errorCodeOf(error, options.logger) }));
    }
  });
  return router;
}

/**
 * Lax, not Strict like the session cookie: the identity provider's redirect back is a navigation from
 * another site, and a Strict cookie would not come with it. Only the callback's path gets it.
 */
function pendingCookieOptions(secure: boolean, maxAgeMs: number) {
  return { httpOnly: true, sameSite: 'lax' as const, path: SSO_PATH, secure, maxAge: maxAgeMs };
}

function pendingFrom(header: string | undefined): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SSO_PENDING_COOKIE) continue;
    try {
      return decodeURIComponent(pair.slice(separator + 1).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A path of the app to return to; anything else (another site, `//host`) is dropped. */
function appPath(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && value.length <= 500 ? value : undefined;
}

function signInPage(query: Record<string, string>): string {
  return `/login?${new URLSearchParams(query).toString()}`;
}

function errorCodeOf(error: unknown, logger: Logger): string {
  if (error instanceof AppError) return error.code;
  logger.error({ err: error }, 'single sign-on failed unexpectedly');
  return ErrorCode.Internal;
}
