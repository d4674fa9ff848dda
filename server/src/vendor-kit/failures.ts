import { classifyNetworkFailure, parseRetryAfter, type NetworkFailureKind } from '../shared/network-failure.js';
import { proxyFault, type ProxyRoute } from '../shared/outbound-proxy.js';
import type { Vendor } from './exchange-recorder.js';

/*
 * What a failed vendor call was, before any vendor words it: an HTTP status or a network failure turned
 * into a class, whether trying again may help, and how long the vendor asked us to wait. Written once
 * for every vendor; each vendor's `transport-errors.ts` only chooses its error kind and message per class.
 */

/** What a non-2xx status means to a client, whatever the vendor. */
export type StatusClass =
  /** 3xx: vendor APIs do not redirect; a proxy or login page does (undici does not follow). */
  | 'redirect'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  /** 408. */
  | 'timeout'
  /** 429. */
  | 'rate-limited'
  /** 5xx. */
  | 'upstream'
  /** Any other 4xx. */
  | 'rejected';

export interface StatusFailure {
  class: StatusClass;
  status: number;
  /** 408, 429 and 5xx: the same request may succeed later. */
  transient: boolean;
  /** From `Retry-After` on a 429. */
  retryAfterSeconds?: number;
}

export interface NetworkFailure {
  /**
   * `timed-out`: our own per-attempt timer; `proxy`: the outbound proxy could not be reached or refused
   * the connection (nothing reached the vendor); otherwise what failed below HTTP. A proxy that says it
   * could not reach the vendor (502–504 to the tunnel) is `connect`, as a refused connection would be.
   */
  class: 'timed-out' | 'proxy' | NetworkFailureKind;
  /** A timeout, a refused connection or a dropped one may succeed later; DNS and TLS failures, and a proxy's refusal, will not. */
  transient: boolean;
  /** `code: message` of the low-level cause, scrubbed of secrets; through a proxy, it names the proxy (never its credentials). */
  causeText: string;
}

export function classifyStatus(status: number, retryAfterHeader: string | undefined): StatusFailure {
  if (status >= 300 && status < 400) return { class: 'redirect', status, transient: false };
  if (status === 401) return { class: 'unauthorized', status, transient: false };
  if (status === 403) return { class: 'forbidden', status, transient: false };
  if (status === 404) return { class: 'not-found', status, transient: false };
  if (status === 408) return { class: 'timeout', status, transient: true };
  if (status === 429) return { class: 'rate-limited', status, transient: true, retryAfterSeconds: parseRetryAfter(retryAfterHeader) };
  if (status >= 500) return { class: 'upstream', status, transient: true };
  return { class: 'rejected', status, transient: false };
}

/** `via`: the outbound proxy the request went through, if any. */
export function classifyNetwork(error: unknown, timedOut: boolean, scrub: (text: string) => string, via?: ProxyRoute): NetworkFailure {
  const failure = classifyNetworkFailure(error);
  const through = via ? ` (through the outbound proxy ${via.proxy})` : '';
  const causeText = scrub(failure.text) + through;
  if (timedOut) return { class: 'timed-out', transient: true, causeText };
  const fault = via && proxyFault(error, via);
  if (fault?.kind === 'target-unreachable') return { class: 'connect', transient: true, causeText: scrub(fault.text) };
  if (fault) return { class: 'proxy', transient: fault.kind === 'unreachable' && fault.transient, causeText: scrub(fault.text) };
  return { class: failure.kind, transient: failure.kind === 'connect' || failure.kind === 'dropped', causeText };
}

/** The fields of a failure every vendor error carries, ready to spread into its details. */
export function failureDetails(failure: StatusFailure | NetworkFailure): VendorErrorDetails {
  return 'status' in failure
    ? { status: failure.status, transient: failure.transient, retryAfterSeconds: failure.retryAfterSeconds }
    : { transient: failure.transient, causeText: failure.causeText };
}

export type Scrub = (text: string) => string;

/** What a vendor's wording gets: the request, the details its error should carry, and `METHOD path`. */
export interface FailureContext<L extends RequestLabel> {
  label: L;
  details: L & VendorErrorDetails;
  where: string;
}

/**
 * A vendor's `networkError(error, label, timedOut, timeoutMs, scrub, via)` from its wording of each class: the
 * classification and the shared details are done here.
 */
export function networkErrorWording<L extends RequestLabel, E>(
  word: (failure: NetworkFailure, context: FailureContext<L> & { timeoutMs: number }) => E,
): (error: unknown, label: L, timedOut: boolean, timeoutMs: number, scrub: Scrub, via?: ProxyRoute) => E {
  return (error, label, timedOut, timeoutMs, scrub, via) => {
    const failure = classifyNetwork(error, timedOut, scrub, via);
    return word(failure, { label, details: { ...label, ...failureDetails(failure) }, where: `${label.method} ${label.path}`, timeoutMs });
  };
}

/**
 * A vendor's `httpError(status, bodyText, retryAfterHeader, label, scrub)` from its wording of each class;
 * reading the vendor's error body (`bodyText`, scrubbed with `scrub`) is the wording's job.
 */
export function httpErrorWording<L extends RequestLabel, E>(
  word: (failure: StatusFailure, context: FailureContext<L> & { bodyText: string; scrub: Scrub }) => E,
): (status: number, bodyText: string, retryAfterHeader: string | undefined, label: L, scrub: Scrub) => E {
  return (status, bodyText, retryAfterHeader, label, scrub) => {
    const failure = classifyStatus(status, retryAfterHeader);
    const context = { label, details: { ...label, ...failureDetails(failure) }, where: `${label.method} ${label.path}`, bodyText, scrub };
    return word(failure, context);
  };
}

/** Method and path of a request, for messages, logs and error details; vendors may add their own fields. */
export interface RequestLabel {
  method: string;
  /** Path and query relative to the host, scrubbed of secrets. */
  path: string;
  /** The transport's id for one call (all its attempts): in every log line of the call and on its error. */
  requestId?: string;
}

export interface VendorErrorDetails {
  status?: number;
  retryAfterSeconds?: number;
  method?: string;
  /** Path relative to the host (never credentials). */
  path?: string;
  /** Low-level cause as `code: message`, already scrubbed of secrets. */
  causeText?: string;
  /** Whether a retry may succeed; set from the failure's class. */
  transient?: boolean;
  requestId?: string;
}

/**
 * The fields every vendor's error shares. Each vendor subclasses it with its own `kind`s and what its
 * error bodies say (`ConnectWiseError`, `JumpCloudError`); callers keep using those.
 */
export abstract class VendorError<Kind extends string = string> extends Error {
  abstract readonly vendor: Vendor;
  readonly kind: Kind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly method?: string;
  readonly path?: string;
  readonly causeText?: string;
  readonly transient: boolean;
  /** Ties the error to the transport's log lines of the same call. */
  readonly requestId?: string;

  constructor(kind: Kind, message: string, details: VendorErrorDetails = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.method = details.method;
    this.path = details.path;
    this.causeText = details.causeText;
    this.transient = details.transient ?? false;
    this.requestId = details.requestId;
  }

  /** What a logger serialises: plain fields only, so nothing unexpected rides along. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      retryAfterSeconds: this.retryAfterSeconds,
      method: this.method,
      path: this.path,
      causeText: this.causeText,
      requestId: this.requestId,
    };
  }
}
