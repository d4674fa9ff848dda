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
  /** DNS failure, connection refused, TLS failure: nothing reached JumpCloud. */
  'network',
  /** A 2xx answer that is not JSON or does not have the promised shape; also unexpected redirects. */
  'bad-response',
  /** Any other 4xx (400 validation, 409, 422…), or arguments we refuse before sending. */
  'bad-request',
] as const;

export type JumpCloudErrorKind = (typeof jumpCloudErrorKinds)[number];

export interface JumpCloudErrorDetails {
  status?: number;
  /** JumpCloud's own `message` from the error body, scrubbed of the API key. */
  apiMessage?: string;
  retryAfterSeconds?: number;
  method?: string;
  /** Path and query relative to the API host (never the key: it travels in a header). */
  path?: string;
  /** The organization an org-scoped call was made for (`x-org-id`). */
  orgId?: string;
  /** Low-level cause as `code: message`, already scrubbed. */
  causeText?: string;
  /** Whether a retry may succeed; set by the transport. */
  transient?: boolean;
}

export class JumpCloudError extends Error {
  readonly kind: JumpCloudErrorKind;
  readonly status?: number;
  readonly apiMessage?: string;
  readonly retryAfterSeconds?: number;
  readonly method?: string;
  readonly path?: string;
  readonly orgId?: string;
  readonly causeText?: string;
  readonly transient: boolean;

  constructor(kind: JumpCloudErrorKind, message: string, details: JumpCloudErrorDetails = {}) {
    super(message);
    this.name = 'JumpCloudError';
    this.kind = kind;
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.method = details.method;
    this.path = details.path;
    this.orgId = details.orgId;
    this.causeText = details.causeText;
    this.transient = details.transient ?? false;
  }

  /** What a logger serialises: plain fields only, so nothing unexpected rides along. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      apiMessage: this.apiMessage,
      retryAfterSeconds: this.retryAfterSeconds,
      method: this.method,
      path: this.path,
      orgId: this.orgId,
      causeText: this.causeText,
    };
  }
}

export function isJumpCloudError(error: unknown, kind?: JumpCloudErrorKind): error is JumpCloudError {
  return error instanceof JumpCloudError && (kind === undefined || error.kind === kind);
}
