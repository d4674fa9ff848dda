import { errorMessageOf } from './contract.js';
import { JumpCloudError } from './errors.js';

/*
 * Turning what undici and JumpCloud hand back into `JumpCloudError`s. Pure functions, so the mapping can
 * be read (and tested) in one place.
 */

export interface RequestLabel {
  method: string;
  /** Path and query relative to the host. */
  path: string;
  orgId?: string;
}

/** Failures that will not fix themselves on a retry: unknown host, rejected certificate. */
const permanentCodes = new Set(['ENOTFOUND', 'ENODATA', 'ERR_INVALID_URL']);
const tlsCodePattern = /CERT|SSL|TLS|EPROTO|UNABLE_TO|SELF_SIGNED|HOSTNAME|ALTNAME/i;
/** Nothing was sent: the host may be down for a moment. */
const connectCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  // undici sometimes wraps the system error; walk the `cause` chain for the first `code`.
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    current = cause;
  }
  return undefined;
}

function errorText(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** A failure before any HTTP status arrived: DNS, connect, TLS, reset, or our own timeout. */
export function networkError(
  error: unknown,
  label: RequestLabel,
  timedOut: boolean,
  timeoutMs: number,
  scrub: (text: string) => string,
): JumpCloudError {
  const causeText = scrub(errorText(error));
  const where = `${label.method} ${label.path}`;
  if (timedOut) {
    return new JumpCloudError('timeout', `JumpCloud did not answer ${where} within ${timeoutMs} ms`, {
      ...label,
      causeText,
      transient: true,
    });
  }
  const code = errorCode(error) ?? '';
  if (permanentCodes.has(code)) {
    return new JumpCloudError('network', `The JumpCloud host could not be found (${causeText})`, { ...label, causeText });
  }
  if (tlsCodePattern.test(code)) {
    const message = `JumpCloud's TLS certificate was not accepted (${causeText})`;
    return new JumpCloudError('network', message, { ...label, causeText });
  }
  if (connectCodes.has(code)) {
    const message = `Could not connect to JumpCloud (${causeText})`;
    return new JumpCloudError('network', message, { ...label, causeText, transient: true });
  }
  return new JumpCloudError('network', `The connection to JumpCloud failed during ${where} (${causeText})`, {
    ...label,
    causeText,
    transient: true,
  });
}

/** `Retry-After` as seconds: delta-seconds, or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A non-2xx answer. */
export function httpError(
  status: number,
  bodyText: string,
  retryAfterHeader: string | undefined,
  label: RequestLabel,
  scrub: (text: string) => string,
): JumpCloudError {
  const raw = errorMessageOf(bodyText);
  const apiMessage = raw === undefined ? undefined : scrub(raw);
  const details = { ...label, status, apiMessage };
  const where = `${label.method} ${label.path}`;
  const said = apiMessage ? `: ${apiMessage}` : '';

  if (status >= 300 && status < 400) {
    // undici does not follow redirects; JumpCloud's API does not redirect, a proxy or login page does.
    return new JumpCloudError('bad-response', `JumpCloud answered ${where} with a redirect (${status})`, details);
  }
  if (status === 401) {
    return new JumpCloudError(
      'unauthorized',
      `JumpCloud rejected the API key (401; it may be wrong or have been rotated)${said}`,
      details,
    );
  }
  if (status === 403) return new JumpCloudError('forbidden', `JumpCloud refused ${where} (403)${said}`, details);
  if (status === 404) return new JumpCloudError('not-found', `JumpCloud found nothing at ${where} (404)${said}`, details);
  if (status === 408) {
    return new JumpCloudError('timeout', `JumpCloud timed out ${where} (408)${said}`, { ...details, transient: true });
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(retryAfterHeader);
    const wait = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds} s`;
    return new JumpCloudError('rate-limited', `JumpCloud is throttling requests (429${wait})${said}`, {
      ...details,
      retryAfterSeconds,
      transient: true,
    });
  }
  if (status >= 500) {
    const message = `JumpCloud failed on ${where} (${status})${said}`;
    return new JumpCloudError('upstream', message, { ...details, transient: true });
  }
  return new JumpCloudError('bad-request', `JumpCloud rejected ${where} (${status})${said}`, details);
}
