import { randomUUID } from 'node:crypto';
import { createSecureContext, rootCertificates } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { OutboundAgent, proxySecrets, type OutboundProxySettings, type ProxyRoute } from '../shared/outbound-proxy.js';
import { recordExchange, recordingExchanges, type Vendor } from './exchange-recorder.js';
import { VendorError, type RequestLabel } from './failures.js';
import { RequestLimiter } from './limiter.js';

/*
 * The vendor kit's transport: the one HTTPS request loop every vendor client (ConnectWise, JumpCloud, and
 * any later PSA) sends through. A vendor plugs in with a `VendorAdapter`: its name, how its failures are
 * worded as its own error class (built on `VendorError` from the shared classification in failures.ts),
 * and optionally how a URL becomes a metric route. Its client then builds requests (endpoints, auth
 * headers) and parses answers (schemas); limits, retries, Retry-After, error classification, redacted
 * logging with request ids, metrics and contract recording all happen here.
 */

/** The logger shape we need; pino's child loggers satisfy it. */
export interface VendorLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  /** pino's: lets a per-request debug line be skipped before its fields are built. */
  isLevelEnabled?(level: string): boolean;
}

const silentLogger: VendorLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * - `idempotent`: reads, and writes that may be applied twice (a PATCH of whole fields): retried on 429,
 *   408, 5xx, timeouts and network failures.
 * - `rejected-only`: a POST that creates something: retried only on 429, where the vendor turned the
 *   request away unprocessed. A 5xx or dropped connection may have created the record anyway, so the
 *   caller deduplicates instead of us sending it twice.
 */
export type RetryPolicy = 'idempotent' | 'rejected-only';

export interface TransportRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  retry: RetryPolicy;
  /**
   * The answer must be a JSON document: a 2xx whose body is not (cut short by a proxy, an HTML page with
   * 200) fails with the adapter's `invalidJson` error, and on a GET is tried again like a 5xx. A write is
   * never repeated for it: the vendor has already applied it.
   */
  json?: boolean;
  /** Extra fields for log lines and error details (e.g. JumpCloud's `orgId`); never secrets. */
  labels?: Record<string, string | undefined>;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body, when the request asked for `json`. */
  json?: unknown;
}

/**
 * What the transport reports about its traffic. `route` is the path without ids or query
 * (`finance/agreements/:id/additions/:id`), so it is safe as a metric label.
 */
export interface TransportObserver<Kind extends string = string> {
  /**
   * One request sent: its HTTP status, or the failure kind when no status arrived (timeout, network);
   * `error` is the vendor's error for a non-2xx answer (e.g. which permission a 403 lacked).
   */
  onAttempt?(attempt: { route: string; method: string; status?: number; kind?: Kind; ms: number; error?: VendorError<Kind> }): void;
  /** A failed attempt that will be tried again after `delayMs`. */
  onRetry?(retry: { route: string; method: string; kind: Kind; delayMs: number }): void;
}

export interface TransportOptions<Kind extends string = string> {
  /** An extra trusted CA (PEM), added to the system roots, not replacing them; through a proxy, for the vendor's TLS inside the tunnel. */
  ca?: string | Buffer;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY (see shared/outbound-proxy.ts); absent: always direct. */
  proxy?: OutboundProxySettings;
  /** Per attempt, covering connect, headers and body. */
  timeoutMs: number;
  maxConcurrency: number;
  /** Request starts per minute; absent: no pacing beyond the concurrency limit. */
  maxRequestsPerMinute?: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A Retry-After longer than this is not waited out; the 429 surfaces so a job can reschedule. */
  maxRetryAfterSeconds: number;
  logger?: VendorLogger;
  /** Strings that must never appear in an error message or log entry (keys, credentials). */
  secrets: string[];
  /** Told of every attempt and retry, e.g. for metrics; must not throw. */
  observer?: TransportObserver<Kind>;
}

/** What a vendor tells the transport about itself. */
export interface VendorAdapter<E extends VendorError> {
  vendor: Vendor;
  /** As it appears in log messages: `ConnectWise request`, `retrying JumpCloud request`. */
  displayName: string;
  /** A non-2xx, non-redirect-following answer, worded as the vendor's error (see failures.ts `classifyStatus`). */
  httpError(status: number, bodyText: string, retryAfterHeader: string | undefined, label: RequestLabel, scrub: (text: string) => string): E;
  /** No status arrived (see failures.ts `classifyNetwork`); `via`: the outbound proxy it went through. */
  networkError(error: unknown, label: RequestLabel, timedOut: boolean, timeoutMs: number, scrub: (text: string) => string, via?: ProxyRoute): E;
  /**
   * A 2xx whose body is not the JSON document asked for. `transient` (set for GETs) makes the transport
   * try again; the error must carry it.
   */
  invalidJson(status: number, label: RequestLabel, transient: boolean): E;
  /** For calls still waiting for a slot when the client is closed. */
  closedError(): E;
  /** The metric route of a URL: no ids, no query, nothing naming a tenant. Default: see `defaultRoute`. */
  route?(url: URL): string;
}

export function headerValue(headers: TransportResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * HTTPS to one vendor account: per-attempt timeout, bounded retries with backoff and jitter honouring
 * Retry-After, a pause shared by every call after a 429, and a concurrency and requests-per-minute limit
 * shared by every call made through this transport.
 */
export class VendorTransport<E extends VendorError> {
  private readonly agent: OutboundAgent;
  private readonly secrets: string[];
  private readonly limiter: RequestLimiter;
  private readonly logger: VendorLogger;
  /** After a 429, no attempt starts before this time (ms since epoch), so every caller backs off together. */
  private pausedUntil = 0;

  constructor(
    private readonly adapter: VendorAdapter<E>,
    private readonly options: TransportOptions<E['kind']>,
  ) {
    this.agent = new OutboundAgent(options.proxy, {
      // An extra CA (the simulator's, an on-premise site's private CA, a TLS-inspecting proxy's) is added to,
      // not substituted for, the public roots: a `ca` option on its own would replace them. Built once for
      // every socket: per socket, the ~140 roots are parsed anew (~30 ms of blocked event loop each).
      secureContext: options.ca ? createSecureContext({ ca: [...rootCertificates, options.ca.toString()] }) : undefined,
      // The limiter caps requests in flight; spare sockets let the next request leave at once instead of
      // waiting for undici to hand back the socket of the one that just finished (measured: 30.3 → 28.8 ms
      // per 25 ms request at 16 in flight).
      connections: options.maxConcurrency * 2,
      // Our per-attempt abort does not reach a tunnel being opened; this bounds it instead.
      tunnelTimeoutMs: options.timeoutMs,
    });
    // A proxy's password never appears in a message or log line, whatever undici puts in an error.
    this.secrets = [...options.secrets, ...proxySecrets(options.proxy)];
    this.limiter = new RequestLimiter(options.maxConcurrency, options.maxRequestsPerMinute);
    this.logger = options.logger ?? silentLogger;
  }

  /** Replaces every known secret in a text; used on anything that ends up in an error or a log. */
  scrub = (text: string): string => {
    let result = text;
    for (const secret of this.secrets) {
      if (secret && result.includes(secret)) result = result.split(secret).join('[redacted]');
    }
    return result;
  };

  async send(req: TransportRequest): Promise<TransportResponse> {
    const label: RequestLabel = {
      ...req.labels,
      method: req.method,
      path: this.scrub(req.url.pathname + req.url.search),
      requestId: randomUUID(),
    };
    const route = (this.adapter.route ?? defaultRoute)(req.url);
    for (let attemptNumber = 1; ; attemptNumber++) {
      await this.waitWhilePaused();
      try {
        return await this.limiter.run(() => this.attempt(req, label, route, attemptNumber));
      } catch (error) {
        const delayMs = attemptNumber < this.options.maxAttempts ? this.retryDelay(error, req.retry, attemptNumber) : undefined;
        if (delayMs === undefined) throw error;
        const { kind } = error as E;
        this.logger.warn({ ...label, kind, attemptNumber, delayMs: Math.round(delayMs) }, `retrying ${this.adapter.displayName} request`);
        this.options.observer?.onRetry?.({ route, method: req.method, kind, delayMs });
        await sleep(delayMs);
      }
    }
  }

  async close(): Promise<void> {
    this.limiter.close(this.adapter.closedError());
    await this.agent.close();
  }

  private debugEnabled(): boolean {
    return this.logger.isLevelEnabled?.('debug') ?? true;
  }

  /** Milliseconds to wait before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(error: unknown, policy: RetryPolicy, attemptNumber: number): number | undefined {
    if (!(error instanceof VendorError) || !error.transient) return undefined;
    const backoff = this.backoff(attemptNumber);
    if (error.status === 429) {
      const retryAfter = error.retryAfterSeconds;
      if (retryAfter === undefined) return backoff;
      if (retryAfter > this.options.maxRetryAfterSeconds) return undefined;
      // Small jitter on top so clients released at the same instant do not collide again.
      return retryAfter * 1000 + Math.random() * this.options.retryBaseDelayMs;
    }
    return policy === 'idempotent' ? backoff : undefined;
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(attemptNumber: number): number {
    const ceiling = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** (attemptNumber - 1));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  private async waitWhilePaused(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      await sleep(wait);
    }
  }

  private async attempt(req: TransportRequest, label: RequestLabel, route: string, attemptNumber: number): Promise<TransportResponse> {
    const { displayName } = this.adapter;
    const started = performance.now();
    // A plain timer, cleared on completion, rather than AbortSignal.timeout(): cheaper per request.
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const { dispatcher, via } = this.agent.route(req.url);
    let response: TransportResponse;
    try {
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const res = await request(req.url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        dispatcher,
        signal,
      });
      // The body is read under the same signal: a server that sends headers and then stalls still times out.
      response = { status: res.statusCode, headers: res.headers, text: await res.body.text() };
      if (recordingExchanges()) recordExchange({ vendor: this.adapter.vendor, request: { method: req.method, url: req.url, headers, body: req.body }, response });
    } catch (error) {
      const failure = this.adapter.networkError(error, label, signal.aborted, this.options.timeoutMs, this.scrub, via);
      if (this.debugEnabled()) this.logger.debug({ ...label, attemptNumber, kind: failure.kind, proxy: via?.proxy, ms: elapsed(started) }, `${displayName} request failed`);
      this.options.observer?.onAttempt?.({ route, method: req.method, kind: failure.kind, ms: performance.now() - started });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
    if (this.debugEnabled()) this.logger.debug({ ...label, attemptNumber, status: response.status, ms: elapsed(started) }, `${displayName} request`);
    const ms = performance.now() - started;
    if (response.status >= 200 && response.status < 300) {
      this.options.observer?.onAttempt?.({ route, method: req.method, status: response.status, ms });
      return req.json ? this.withJson(req, response, label) : response;
    }
    const failure = this.adapter.httpError(response.status, response.text, headerValue(response.headers, 'retry-after'), label, this.scrub);
    this.options.observer?.onAttempt?.({ route, method: req.method, status: response.status, ms, error: failure });
    if (failure.status === 429 && failure.retryAfterSeconds !== undefined) {
      const pauseMs = Math.min(failure.retryAfterSeconds, this.options.maxRetryAfterSeconds) * 1000;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + pauseMs);
    }
    throw failure;
  }

  private withJson(req: TransportRequest, response: TransportResponse, label: RequestLabel): TransportResponse {
    try {
      return { ...response, json: JSON.parse(response.text) };
    } catch {
      // Only a GET is read again: a write that got a cut-short answer has been applied all the same.
      throw this.adapter.invalidJson(response.status, label, req.method.toUpperCase() === 'GET');
    }
  }
}

/** A URL's path with every segment that is not a plain word replaced by `:id`: `api/v2/providers/:id/organizations`. */
export function defaultRoute(url: URL): string {
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  if (path === '') return '/';
  return path
    .split('/')
    .map((segment) => (/^(?:[A-Za-z]+|v\d+)$/.test(segment) ? segment : ':id'))
    .join('/');
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
