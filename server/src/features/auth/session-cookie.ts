/** The admin app's browser session travels in this HttpOnly cookie; scripts keep sending `Authorization: Bearer`. */
export const SESSION_COOKIE = 'hw_session';

/** A browser session ends after this long without a request… */
export const BROWSER_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and this long after sign-in, however busy it was. */
export const BROWSER_SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const SESSION_ENDED_MESSAGE =
  'Your browser session has ended (signed out, revoked, 12 hours without use or 7 days since sign-in): sign in again';

/** Whether a browser session started at `createdAt` and last used at `lastUsedAt` is over at `now`. */
export function browserSessionEnded(createdAt: number, lastUsedAt: number, now: number): boolean {
  return now - createdAt >= BROWSER_SESSION_LIFETIME_MS || now - Math.max(createdAt, lastUsedAt) >= BROWSER_SESSION_IDLE_MS;
}

/** The `hw_session` value of a Cookie header; a tiny parser, the only cookie the server reads. */
export function sessionTokenFromCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    return value || undefined;
  }
  return undefined;
}

/** What Express's `res.cookie` is given: HttpOnly, SameSite=Strict, the whole site, Secure over https. */
export function sessionCookieOptions(secure: boolean, maxAgeMs: number) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure, maxAge: maxAgeMs };
}

/**
 * Sets or clears the session cookie on the HTTP answer under way. The GraphQL context carries one for
 * HTTP requests (none for websocket operations), so the sign-in resolvers never see Express.
 */
export interface SessionCookie {
  start(token: string): void;
  end(): void;
}
