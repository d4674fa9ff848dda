import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Express, NextFunction, Request, Response } from 'express';

/** Vite's build output: `assets/<name>-<content hash>.<ext>`; a new build gives changed files new names. */
const HASHED_ASSET = /^assets\/[^/]+-[\w-]{8,}\.\w+$/;
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
/** The shell names the current assets, so the browser revalidates it every time (cheap: ETag). */
export const CACHE_SHELL = 'no-cache';
/** Anything else at the top of dist/ (unhashed): a little caching, and a new build shows within minutes. */
export const CACHE_OTHER = 'public, max-age=300';

/** The precompressed twins the build writes (web/build/precompress.ts), best first. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
type Coding = (typeof ENCODINGS)[number]['coding'];

/** A Host header that is a host[:port] (name, IPv4 or [IPv6]); anything else never reaches the policy. */
const HOST = /^[\w.-]+(?::\d{1,5})?$|^\[[\da-f:.]+\](?::\d{1,5})?$/i;

/** Routes of the server itself, never the admin app's shell. */
const SPA_ROUTE = /^\/(?!graphql|healthz|readyz).*/;

/**
 * Serves the built admin app (web/dist) at `/`: its files with their precompressed twins, cached by
 * kind, under a Content-Security-Policy; any other GET that is not the API gets the shell (index.html),
 * for the app routes in the browser. Without a build, `/` says how to make one.
 */
export function serveWebApp(web: Express, webDistDir: string | undefined): void {
  const distDir = webDistDir ? path.resolve(webDistDir) : undefined;
  if (!distDir || !existsSync(path.join(distDir, 'index.html'))) {
    web.get('/', (_req, res) => {
      res
        .type('text/plain')
        .send('highwater API is at /graphql. The admin app is not built: run `pnpm --filter web build`.');
    });
    return;
  }

  web.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = distPath(req.path);
    if (!file || !(await isFile(path.join(distDir, file)))) return next();
    const cacheControl = HASHED_ASSET.test(file)
      ? CACHE_HASHED
      : file === 'index.html'
        ? CACHE_SHELL
        : CACHE_OTHER;
    await sendNegotiated(req, res, next, distDir, file, cacheControl);
  });
  web.get(SPA_ROUTE, (req, res, next) => sendNegotiated(req, res, next, distDir, 'index.html', CACHE_SHELL));
}

/**
 * The app's policy: its own scripts and styles only (no inline script, no eval; vite puts all CSS in
 * files and no component renders a `style` attribute), GraphQL over HTTP and graphql-ws to this host.
 * `'self'` covers ws:/wss: of the same host only in CSP Level 3 browsers, hence the explicit origins,
 * taken from the Host the browser sent — the one the app's websocket URL is built from.
 * A `:style` binding still works (Vue sets it through CSSOM, which CSP allows); a literal `style="…"`
 * in a template would be blocked and need `style-src-attr 'unsafe-inline'` — use a class instead.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sameHostSockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${sameHostSockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The encoding to send, from the twins there are: the highest q in Accept-Encoding, br on a tie.
 * A coding with q=0 (or only `*;q=0`) is refused; `*` stands for any coding not named.
 */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  available: readonly Coding[],
): Coding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  let best: { coding: Coding; weight: number } | undefined;
  for (const coding of available) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > 0 && (!best || weight > best.weight)) best = { coding, weight };
  }
  return best?.coding;
}

async function sendNegotiated(
  req: Request,
  res: Response,
  next: NextFunction,
  distDir: string,
  file: string,
  cacheControl: string,
) {
  const twins = [];
  for (const encoding of ENCODINGS) {
    if (await isFile(path.join(distDir, file + encoding.suffix))) twins.push(encoding);
  }
  const coding = chooseEncoding(req.header('accept-encoding'), twins.map((twin) => twin.coding));
  const sent = coding ? file + twins.find((twin) => twin.coding === coding)!.suffix : file;

  // The original's type: send() would name the twin's (application/gzip), but never overrides one set.
  res.type(path.extname(file));
  if (coding) res.setHeader('Content-Encoding', coding);
  if (twins.length > 0) res.vary('Accept-Encoding');
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.header('host')));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Content-Length, ETag and Last-Modified are those of the file sent: each encoding validates on its own.
  res.sendFile(sent, { root: distDir, cacheControl: false, dotfiles: 'ignore' }, (error) => {
    if (error && !res.headersSent) next(error);
  });
}

/** The request's path as a file inside dist/, or undefined if it cannot be one. */
function distPath(requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  // No '..' out of dist/, and no dotfiles.
  if (relative === '' || relative.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  return relative;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
