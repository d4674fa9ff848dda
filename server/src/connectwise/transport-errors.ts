import { classifyNetworkFailure, parseRetryAfter } from '../shared/network-failure.js';
import { ConnectWiseError, parseMissingPermission, type ConnectWiseFieldError } from './errors.js';
import { errorBodySchema } from './schemas.js';

/*
 * Turning what undici and ConnectWise hand back into `ConnectWiseError`s. Pure functions, so the mapping
 * can be read (and tested) in one place.
 */

export interface RequestLabel {
  method: string;
  /** Path and query relative to the site. */
  path: string;
}

/** A failure before any HTTP status arrived: DNS, connect, TLS, reset, or our own timeout. */
export function networkError(
  error: unknown,
  label: RequestLabel,
  timedOut: boolean,
  timeoutMs: number,
  scrub: (text: string) => string,
): ConnectWiseError {
  const causeText = scrub(classifyNetworkFailure(error).text);
  const where = `${label.method} ${label.path}`;
  if (timedOut) {
    return new ConnectWiseError('timeout', `ConnectWise did not answer within ${timeoutMs} ms (${where})`, {
      ...label,
      causeText,
      transient: true,
    });
  }
  const failure = classifyNetworkFailure(error);
  if (failure.kind === 'dns') {
    return new ConnectWiseError('bad-site', `The ConnectWise site could not be found (${causeText})`, { ...label, causeText });
  }
  if (failure.kind === 'tls') {
    return new ConnectWiseError('bad-site', `The ConnectWise site's TLS certificate was not accepted (${causeText})`, { ...label, causeText });
  }
  if (failure.kind === 'connect') {
    return new ConnectWiseError('bad-site', `Could not connect to the ConnectWise site (${causeText})`, { ...label, causeText, transient: true });
  }
  return new ConnectWiseError('upstream', `The connection to ConnectWise failed during ${where} (${causeText})`, {
    ...label,
    causeText,
    transient: true,
  });
}

interface ParsedErrorBody {
  code?: string;
  message?: string;
  errors?: ConnectWiseFieldError[];
}

function parseErrorBody(text: string): ParsedErrorBody {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {}; // proxies and load balancers answer errors in HTML; the status alone decides then
  }
}

/** A non-2xx answer. */
export function httpError(
  status: number,
  bodyText: string,
  retryAfterHeader: string | undefined,
  label: RequestLabel,
  scrub: (text: string) => string,
): ConnectWiseError {
  const body = parseErrorBody(bodyText);
  const cwMessage = body.message ? scrub(body.message) : undefined;
  const details = {
    ...label,
    status,
    code: body.code,
    cwMessage,
    errors: body.errors?.map((entry) => ({ ...entry, message: entry.message && scrub(entry.message) })),
  };
  const where = `${label.method} ${label.path}`;
  const said = cwMessage ? `: ${cwMessage}` : '';

  if (status === 401) {
    return new ConnectWiseError(
      'unauthorized',
      `ConnectWise rejected the API credentials (401; check the company ID and API keys, which may have been rotated)${said}`,
      details,
    );
  }
  if (status === 403) {
    const permission = parseMissingPermission(cwMessage);
    const missing = permission
      ? `: the API member's security role lacks ${permission.level ? `${permission.level} permission for ` : 'access to '}${permission.area}`
      : said;
    return new ConnectWiseError('forbidden', `ConnectWise refused ${where} (403)${missing}`, { ...details, permission });
  }
  if (status === 404) return new ConnectWiseError('not-found', `ConnectWise found nothing at ${where} (404)${said}`, details);
  if (status === 408) {
    return new ConnectWiseError('timeout', `ConnectWise timed out ${where} (408)${said}`, { ...details, transient: true });
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(retryAfterHeader);
    const wait = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds} s`;
    return new ConnectWiseError('rate-limited', `ConnectWise is throttling requests (429${wait})`, {
      ...details,
      retryAfterSeconds,
      transient: true,
    });
  }
  if (status >= 500) {
    return new ConnectWiseError('upstream', `ConnectWise failed on ${where} (${status})${said}`, {
      ...details,
      transient: true,
    });
  }
  return new ConnectWiseError('bad-request', `ConnectWise rejected ${where} (${status})${said}`, details);
}
