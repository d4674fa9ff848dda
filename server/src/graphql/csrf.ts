import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { sessionTokenFromCookies } from '../features/auth/session-cookie.js';
import { ErrorCode } from '../shared/errors.js';

/**
 * Whether the request comes from a page of this very site: its `Origin` (or, when a browser sent none,
 * its `Referer`) names the host the request was sent to. `https://` is accepted on a plain-http request
 * too: a TLS-terminating reverse proxy forwards https pages' requests over http.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase();
  const source = req.headers.origin ?? req.headers.referer;
  if (!host || !source || source === 'null') return false;
  try {
    const url = new URL(source);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host;
  } catch {
    return false;
  }
}

/** The request would be authenticated by the session cookie: it has one and no Authorization header. */
export function authenticatesByCookie(req: IncomingMessage): boolean {
  return req.headers.authorization === undefined && sessionTokenFromCookies(req.headers.cookie) !== undefined;
}

/**
 * Cross-site request forgery: a browser sends the session cookie with any request to this site, even one
 * another site's page makes. SameSite=Strict already keeps it off cross-site requests; on top of that a
 * cookie-authenticated request must come from our own origin and be a JSON POST, which a form or any
 * "simple" cross-origin request cannot be. Bearer-token and anonymous requests are not affected.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  if (!authenticatesByCookie(req)) return next();
  const problem = !isSameOrigin(req)
    ? 'a request with the session cookie must come from this site (its Origin or Referer names another site, or none)'
    : req.method !== 'POST' || !isJsonContentType(req.headers['content-type'])
      ? 'a request with the session cookie must be a POST with content-type application/json'
      : undefined;
  if (!problem) return next();
  res.status(403).json({ errors: [{ message: problem, extensions: { code: ErrorCode.CsrfRejected } }] });
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
