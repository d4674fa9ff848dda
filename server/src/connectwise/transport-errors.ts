import { httpErrorWording, networkErrorWording, type RequestLabel } from '../vendor-kit/failures.js';
import { ConnectWiseError, parseMissingPermission, type ConnectWiseFieldError } from './errors.js';
import { errorBodySchema } from './schemas.js';

/*
 * ConnectWise's wording of the vendor kit's failure classes (vendor-kit/failures.ts): which
 * `ConnectWiseError` kind each is, and what ConnectWise's error body says. Pure functions, so the mapping
 * can be read (and tested) in one place.
 */

export type { RequestLabel };

/** A failure before any HTTP status arrived: DNS, connect, TLS, reset, the outbound proxy, or our own timeout. */
export const networkError = networkErrorWording<RequestLabel, ConnectWiseError>((failure, { details, where, timeoutMs }) => {
  const { causeText } = failure;
  switch (failure.class) {
    case 'timed-out':
      return new ConnectWiseError('timeout', `ConnectWise did not answer within ${timeoutMs} ms (${where})`, details);
    case 'dns':
      return new ConnectWiseError('bad-site', `The ConnectWise site could not be found (${causeText})`, details);
    case 'tls':
      return new ConnectWiseError('bad-site', `The ConnectWise site's TLS certificate was not accepted (${causeText})`, details);
    case 'connect':
      return new ConnectWiseError('bad-site', `Could not connect to the ConnectWise site (${causeText})`, details);
    case 'dropped':
      return new ConnectWiseError('upstream', `The connection to ConnectWise failed during ${where} (${causeText})`, details);
    case 'proxy':
      // Not the site's fault: the way out is. Unavailable, not "unknown site".
      return new ConnectWiseError('upstream', `ConnectWise could not be reached: ${causeText}`, details);
  }
});

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
export const httpError = httpErrorWording<RequestLabel, ConnectWiseError>((failure, context) => {
  const { status } = failure;
  const { where, scrub } = context;
  const body = parseErrorBody(context.bodyText);
  const cwMessage = body.message ? scrub(body.message) : undefined;
  const details = {
    ...context.details,
    code: body.code,
    cwMessage,
    errors: body.errors?.map((entry) => ({ ...entry, message: entry.message && scrub(entry.message) })),
  };
  const said = cwMessage ? `: ${cwMessage}` : '';

  switch (failure.class) {
    case 'redirect':
      // ConnectWise's API never redirects; a login page or proxy does.
      return new ConnectWiseError('bad-response', `ConnectWise answered ${where} with a redirect (${status})`, details);
    case 'unauthorized':
      return new ConnectWiseError(
        'unauthorized',
        `ConnectWise rejected the API credentials (401; check the company ID and API keys, which may have been rotated)${said}`,
        details,
      );
    case 'forbidden': {
      const permission = parseMissingPermission(cwMessage);
      const missing = permission
        ? `: the API member's security role lacks ${permission.level ? `${permission.level} permission for ` : 'access to '}${permission.area}`
        : said;
      return new ConnectWiseError('forbidden', `ConnectWise refused ${where} (403)${missing}`, { ...details, permission });
    }
    case 'not-found':
      return new ConnectWiseError('not-found', `ConnectWise found nothing at ${where} (404)${said}`, details);
    case 'timeout':
      return new ConnectWiseError('timeout', `ConnectWise timed out ${where} (408)${said}`, details);
    case 'rate-limited': {
      const wait = failure.retryAfterSeconds === undefined ? '' : `; retry after ${failure.retryAfterSeconds} s`;
      return new ConnectWiseError('rate-limited', `ConnectWise is throttling requests (429${wait})`, details);
    }
    case 'upstream':
      return new ConnectWiseError('upstream', `ConnectWise failed on ${where} (${status})${said}`, details);
    case 'rejected':
      return new ConnectWiseError('bad-request', `ConnectWise rejected ${where} (${status})${said}`, details);
  }
});

/** A 2xx whose body is not JSON (cut short, or a proxy's page); `transient` on a GET, which is read again. */
export function invalidJson(status: number, label: RequestLabel, transient: boolean): ConnectWiseError {
  const path = label.path.split('?')[0];
  return new ConnectWiseError('bad-response', `ConnectWise answered ${label.method} ${path} with something that is not JSON`, { ...label, status, transient });
}
