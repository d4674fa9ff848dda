import { VendorError, type VendorErrorDetails } from '../vendor-kit/failures.js';

/**
 * Every way a JumpCloud call can fail, as one error class with a `kind`. Callers switch on `kind`;
 * `status` and `apiMessage` keep what JumpCloud itself said. Messages never contain the API key: they are
 * built from our own wording plus JumpCloud's error text, scrubbed of the key in case it was echoed.
 */
export const jumpCloudErrorKinds = [
  /** 401: wrong or rotated API key (or, for org-scoped calls, no organization selected). */
  'unauthorized',
  /** 403: the key's administrator may not do this (e.g. not associated with the provider). */
  'forbidden',
  /** 404: unknown provider, organization or path. */
  'not-found',
  /** 429, after the retry budget was spent or with a Retry-After longer than we are willing to wait. */
  'rate-limited',
  /** 5xx, or the connection dropped mid-request. */
  'upstream',
  /** No answer within the timeout (ours), or 408. */
  'timeout',
  /** DNS failure, connection refused, TLS failure, the outbound proxy unreachable or refusing: nothing reached JumpCloud. */
  'network',
  /** A 2xx answer that is not JSON or does not have the promised shape; also unexpected redirects. */
  'bad-response',
  /** Any other 4xx (400 validation, 409, 422…), or arguments we refuse before sending. */
  'bad-request',
] as const;

export type JumpCloudErrorKind = (typeof jumpCloudErrorKinds)[number];

export interface JumpCloudErrorDetails extends VendorErrorDetails {
  /** JumpCloud's own `message` from the error body, scrubbed of the API key. */
  apiMessage?: string;
  /** The organization an org-scoped call was made for (`x-org-id`). */
  orgId?: string;
}

export class JumpCloudError extends VendorError<JumpCloudErrorKind> {
  readonly vendor = 'jumpcloud';
  readonly apiMessage?: string;
  readonly orgId?: string;

  constructor(kind: JumpCloudErrorKind, message: string, details: JumpCloudErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'JumpCloudError';
    this.apiMessage = details.apiMessage;
    this.orgId = details.orgId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), apiMessage: this.apiMessage, orgId: this.orgId };
  }
}

export function isJumpCloudError(error: unknown, kind?: JumpCloudErrorKind): error is JumpCloudError {
  return error instanceof JumpCloudError && (kind === undefined || error.kind === kind);
}
