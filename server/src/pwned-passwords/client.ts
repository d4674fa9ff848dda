import { createHash } from 'node:crypto';
import { OutboundAgent, OutboundProxyError, type OutboundProxySettings } from '../shared/outbound-proxy.js';

/*
 * The typed client for Have I Been Pwned's Pwned Passwords range API
 * (https://haveibeenpwned.com/API/v3#PwnedPasswords): the only code that speaks to it.
 *
 * k-anonymity: we hash the password with SHA-1 and send only the first 5 hex characters of the hash
 * (`GET /range/ABCDE`); the service answers every suffix it holds under that prefix (hundreds), and we
 * look for ours here. Neither the password nor the rest of its hash leaves the process. With
 * `Add-Padding: true` the answer is padded with random suffixes counted 0, so its size does not give
 * the prefix away either; those lines are not breaches and are ignored.
 */

export const DEFAULT_PWNED_PASSWORDS_URL = 'https://api.pwnedpasswords.com';
export const DEFAULT_PWNED_PASSWORDS_TIMEOUT_MS = 3_000;

export type PwnedPasswordsErrorKind = 'timeout' | 'network' | 'upstream' | 'bad-response';

/** Why the range could not be read. Messages carry the prefix at most, never a password or a whole hash. */
export class PwnedPasswordsError extends Error {
  constructor(
    readonly kind: PwnedPasswordsErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PwnedPasswordsError';
  }
}

export interface PwnedPasswordsClientOptions {
  /** The service or a mirror of it, without `/range`; default `https://api.pwnedpasswords.com`. */
  baseUrl?: string;
  timeoutMs?: number;
  /** The outbound proxy (HTTPS_PROXY, NO_PROXY); absent: direct. */
  proxy?: OutboundProxySettings;
}

/** SHA-1 of the UTF-8 password, upper-case hex, split where the range API splits it. */
export function sha1Parts(password: string): { prefix: string; suffix: string } {
  const hash = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  return { prefix: hash.slice(0, 5), suffix: hash.slice(5) };
}

const PREFIX = /^[0-9A-F]{5}$/;
// The service answers upper case; a mirror may not, and hex is hex either way.
const RANGE_LINE = /^([0-9A-Fa-f]{35}):(\d+)$/;

export class PwnedPasswordsClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly outbound: OutboundAgent;

  constructor(options: PwnedPasswordsClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_PWNED_PASSWORDS_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PWNED_PASSWORDS_TIMEOUT_MS;
    this.outbound = new OutboundAgent(options.proxy);
  }

  /** Releases the sockets kept open for the next lookup. */
  close(): Promise<void> {
    return this.outbound.close();
  }

  /** Every suffix known under a 5-hex-character prefix, upper case, with how often it was seen (padding left out). */
  async range(prefix: string): Promise<Map<string, number>> {
    const upper = prefix.toUpperCase();
    if (!PREFIX.test(upper)) throw new Error('a range prefix is 5 hex characters');
    const url = `${this.baseUrl}/range/${upper}`;
    let response: Response;
    let body: string;
    try {
      response = await this.outbound.fetch(url, { headers: { 'add-padding': 'true' }, signal: AbortSignal.timeout(this.timeoutMs) });
      body = await response.text();
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new PwnedPasswordsError('timeout', `Pwned Passwords did not answer range ${upper} within ${this.timeoutMs} ms`);
      }
      // Through a proxy, the error names it (never its credentials).
      const cause = error instanceof OutboundProxyError ? error.message : error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new PwnedPasswordsError('network', `Pwned Passwords could not be reached for range ${upper}: ${cause}`);
    }
    if (!response.ok) throw new PwnedPasswordsError('upstream', `Pwned Passwords answered ${response.status} for range ${upper}`, response.status);
    return parseRange(body, upper);
  }

  /** How many times the password was seen in breaches; 0 when it never was. Throws PwnedPasswordsError. */
  async timesSeen(password: string): Promise<number> {
    const { prefix, suffix } = sha1Parts(password);
    return (await this.range(prefix)).get(suffix) ?? 0;
  }
}

/**
 * `SUFFIX:COUNT` lines (CRLF). A body with any other line is not the range API (a captive portal, a
 * proxy's error page), and a range is never empty: the service holds hundreds under every prefix.
 */
function parseRange(body: string, prefix: string): Map<string, number> {
  const suffixes = new Map<string, number>();
  let lines = 0;
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const match = RANGE_LINE.exec(line);
    if (!match) throw new PwnedPasswordsError('bad-response', `Pwned Passwords answered range ${prefix} with something other than SUFFIX:COUNT lines`);
    lines += 1;
    const count = Number(match[2]);
    if (count > 0) suffixes.set(match[1]!.toUpperCase(), count);
  }
  if (lines === 0) throw new PwnedPasswordsError('bad-response', `Pwned Passwords answered range ${prefix} with no lines`);
  return suffixes;
}
