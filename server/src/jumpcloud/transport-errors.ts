import { httpErrorWording, networkErrorWording, type RequestLabel as KitRequestLabel } from '../vendor-kit/failures.js';
import { errorMessageOf } from './contract.js';
import { JumpCloudError } from './errors.js';

/*
 * JumpCloud's wording of the vendor kit's failure classes (vendor-kit/failures.ts): which `JumpCloudError`
 * kind each is, and what JumpCloud's error body says. Pure functions, so the mapping can be read (and
 * tested) in one place.
 */

export interface RequestLabel extends KitRequestLabel {
  orgId?: string;
}

/** A failure before any HTTP status arrived: DNS, connect, TLS, reset, the outbound proxy, or our own timeout. */
export const networkError = networkErrorWording<RequestLabel, JumpCloudError>((failure, { details, where, timeoutMs }) => {
  const { causeText } = failure;
  switch (failure.class) {
    case 'timed-out':
      return new JumpCloudError('timeout', `JumpCloud did not answer ${where} within ${timeoutMs} ms`, details);
    case 'dns':
      return new JumpCloudError('network', `The JumpCloud host could not be found (${causeText})`, details);
    case 'tls':
      return new JumpCloudError('network', `JumpCloud's TLS certificate was not accepted (${causeText})`, details);
    case 'connect':
      return new JumpCloudError('network', `Could not connect to JumpCloud (${causeText})`, details);
    case 'dropped':
      return new JumpCloudError('network', `The connection to JumpCloud failed during ${where} (${causeText})`, details);
    case 'proxy':
      return new JumpCloudError('network', `JumpCloud could not be reached: ${causeText}`, details);
  }
});

/** A non-2xx answer. */
export const httpError = httpErrorWording<RequestLabel, JumpCloudError>((failure, context) => {
  const { status } = failure;
  const { where } = context;
  const raw = errorMessageOf(context.bodyText);
  const apiMessage = raw === undefined ? undefined : context.scrub(raw);
  const details = { ...context.details, apiMessage };
  const said = apiMessage ? `: ${apiMessage}` : '';

  switch (failure.class) {
    case 'redirect':
      // JumpCloud's API does not redirect; a proxy or login page does.
      return new JumpCloudError('bad-response', `JumpCloud answered ${where} with a redirect (${status})`, details);
    case 'unauthorized':
      return new JumpCloudError('unauthorized', `JumpCloud rejected the API key (401; it may be wrong or have been rotated)${said}`, details);
    case 'forbidden':
      return new JumpCloudError('forbidden', `JumpCloud refused ${where} (403)${said}`, details);
    case 'not-found':
      return new JumpCloudError('not-found', `JumpCloud found nothing at ${where} (404)${said}`, details);
    case 'timeout':
      return new JumpCloudError('timeout', `JumpCloud timed out ${where} (408)${said}`, details);
    case 'rate-limited': {
      const wait = failure.retryAfterSeconds === undefined ? '' : `; retry after ${failure.retryAfterSeconds} s`;
      return new JumpCloudError('rate-limited', `JumpCloud is throttling requests (429${wait})${said}`, details);
    }
    case 'upstream':
      return new JumpCloudError('upstream', `JumpCloud failed on ${where} (${status})${said}`, details);
    case 'rejected':
      return new JumpCloudError('bad-request', `JumpCloud rejected ${where} (${status})${said}`, details);
  }
});

/** A 2xx whose body is not JSON (cut short, or a proxy's page); `transient` on a GET, which is read again. */
export function invalidJson(status: number, label: RequestLabel, transient: boolean): JumpCloudError {
  return new JumpCloudError('bad-response', `JumpCloud answered ${label.method} ${label.path} with something other than JSON`, { ...label, status, transient });
}
