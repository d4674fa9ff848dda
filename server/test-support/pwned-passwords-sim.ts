import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha1Parts } from '../src/pwned-passwords/client.js';

/**
 * A Pwned Passwords range API of our own (https://haveibeenpwned.com/API/v3#PwnedPasswords), on loopback
 * http: `GET /range/<5 hex>` answers `SUFFIX:COUNT` lines (CRLF, upper case) — a few unrelated suffixes,
 * the ones of passwords it was told are breached, and, with `Add-Padding: true`, random suffixes counted
 * 0, as the real service pads. It records every request, so a test can see what left the process.
 */

export interface PwnedPasswordsRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface PwnedPasswordsSimulator {
  /** The base URL to configure (`/range/…` goes under it). */
  url: string;
  /** Every request received, in order. */
  requests: PwnedPasswordsRequest[];
  /** Makes the password known from breaches, seen `count` times; 0 puts its suffix in as a padding line only. */
  breach(password: string, count?: number): void;
  /** Answers each request only after this many milliseconds (0: at once). */
  delayMs: number;
  /** Answers every request with this status and no range (e.g. 503), until set back to undefined. */
  failWith: number | undefined;
  /** Writes suffixes in lower case, as a mirror might. */
  lowerCase: boolean;
  stop(): Promise<void>;
}

const PADDING_LINES = 20;

export async function startPwnedPasswordsSimulator(): Promise<PwnedPasswordsSimulator> {
  const known = new Map<string, Map<string, number>>(); // prefix → suffix → count
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    sim.requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const answer = () => {
      if (sim.failWith !== undefined) {
        res.writeHead(sim.failWith, { 'content-type': 'text/plain' }).end('Service Unavailable');
        return;
      }
      const match = /^\/range\/([0-9A-Fa-f]{5})$/.exec(path);
      if (req.method !== 'GET' || !match) {
        // The service's answer to anything but a 5-hex-character prefix.
        res.writeHead(400, { 'content-type': 'text/plain' }).end('The hash prefix was not in a valid format');
        return;
      }
      const lines = rangeLines(known.get(match[1]!.toUpperCase()), req.headers['add-padding'] === 'true');
      const text = lines.join('\r\n');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(sim.lowerCase ? text.toLowerCase() : text);
    };
    if (sim.delayMs <= 0) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, sim.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const sim: PwnedPasswordsSimulator = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    delayMs: 0,
    failWith: undefined,
    lowerCase: false,
    breach(password, count = 1) {
      const { prefix, suffix } = sha1Parts(password);
      const suffixes = known.get(prefix) ?? new Map<string, number>();
      suffixes.set(suffix, count);
      known.set(prefix, suffixes);
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return sim;
}

/** Some real-looking entries under every prefix (the service never answers an empty range), the breached ones, and padding. */
function rangeLines(breached: Map<string, number> | undefined, padded: boolean): string[] {
  const lines = [1, 2, 3].map((n) => `${randomSuffix()}:${n * 7}`);
  for (const [suffix, count] of breached ?? []) lines.push(`${suffix}:${count}`);
  if (padded) for (let i = 0; i < PADDING_LINES; i += 1) lines.push(`${randomSuffix()}:0`);
  return lines.sort();
}

const randomSuffix = () => randomBytes(18).toString('hex').slice(0, 35).toUpperCase();
