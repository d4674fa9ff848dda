import { classifyNetworkFailure, parseRetryAfter } from '../shared/network-failure.js';
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

/** A failure before any HTTP status arrived: DNS, connect, TLS, reset, or our own timeout. */
export function networkError(
  error: unknown,
  label: RequestLabel,
  timedOut: boolean,
  timeoutMs: number,
  scrub: (text: string) => string,
): JumpCloudError {
  const causeText = scrub(classifyNetworkFailure(error).text);
  const where = `${label.method} ${label.path}`;
  if (timedOut) {
    return new JumpCloudError('timeout', `JumpCloud did not answer ${where} within ${timeoutMs} ms`, {
      ...label,
      causeText,
      transient: true,
    });
  }
  const failure = classifyNetworkFailure(error);
  if (failure.kind === 'dns') {
    return new JumpCloudError('network', `The JumpCloud host could not be found (${causeText})`, { ...label, causeText });
  }
  if (failure.kind === 'tls') {
    return new JumpCloudError('network', `JumpCloud's TLS certificate was not accepted (${causeText})`, { ...label, causeText });
  }
  if (failure.kind === 'connect') {
    return new JumpCloudError('network', `Could not connect to JumpCloud (${causeText})`, { ...label, causeText, transient: true });
  }
  return new JumpCloudError('network', `The connection to JumpCloud failed during ${where} (${causeText})`, {
    ...label,
    causeText,
    transient: true,
  });
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
