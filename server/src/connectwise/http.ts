import { createSecureContext, rootCertificates } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { recordExchange } from '../vendor-kit/exchange-recorder.js';
import { ConnectWiseError, type ConnectWiseErrorKind } from './errors.js';
import { RequestLimiter } from './limiter.js';
import { httpError, networkError, type RequestLabel } from './transport-errors.js';

/** The logger shape we need; pino's child loggers satisfy it. */
export interface ConnectWiseLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silentLogger: ConnectWiseLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * - `idempotent`: GET, and PATCH with whole-field `replace` ops (applying it twice is the same as once):
 *   retried on 429, 5xx, timeouts and network failures.
 * - `rejected-only`: POST that creates something: retried only on 429, where ConnectWise turned the
 *   request away unprocessed. A 5xx or dropped connection may have created the ticket anyway, so the
 *   caller deduplicates by externalXRef instead of us sending it twice.
 */
export type RetryPolicy = 'idempotent' | 'rejected-only';

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: URL;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  retry: RetryPolicy;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface TransportOptions {
  ca?: string | Buffer;
  timeoutMs: number;
  maxConcurrency: number;
  maxRequestsPerMinute: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A Retry-After longer than this is not waited out; the 429 surfaces so a job can reschedule. */
  maxRetryAfterSeconds: number;
  logger?: ConnectWiseLogger;
  /** Strings that must never appear in an error message or log entry (keys, the Basic credential). */
  secrets: string[];
  /** Told of every attempt and retry, e.g. for metrics; must not throw. */
  observer?: TransportObserver;
}

/**
 * What the transport reports about its traffic. `route` is the path without the codebase prefix, the
 * query or ids (`finance/agreements/:id/additions/:id`), so it is safe as a metric label.
 */
export interface TransportObserver {
  /** One request sent: its HTTP status, or the failure kind when no status arrived (timeout, network). */
  onAttempt?(attempt: { route: string; method: string; status?: number; kind?: ConnectWiseErrorKind; ms: number }): void;
  /** A failed attempt that will be tried again after `delayMs`. */
  onRetry?(retry: { route: string; method: string; kind: ConnectWiseErrorKind; delayMs: number }): void;
}

export function headerValue(headers: TransportResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * HTTPS to one ConnectWise site: per-request timeout, bounded retries with backoff and jitter, a
 * concurrency limit and a requests-per-minute limit shared by every call made through this transport.
 */
export class Transport {
  private readonly agent: Agent;
  private readonly limiter: RequestLimiter;
  private readonly logger: ConnectWiseLogger;
  /** After a 429, no attempt starts before this time (ms since epoch), so every caller backs off together. */
  private pausedUntil = 0;

  constructor(private readonly options: TransportOptions) {
    this.agent = new Agent({
      // An extra CA (the simulator's, or an on-premise site's private CA) is added to, not substituted for,
      // the public roots: a `ca` option on its own would replace them. Built once for every socket: per
      // socket, the ~140 roots are parsed anew (~30 ms of blocked event loop each as a run opens them).
      connect: options.ca ? { secureContext: createSecureContext({ ca: [...rootCertificates, options.ca.toString()] }) } : {},
      // The limiter caps requests in flight; spare sockets let the next request leave at once instead of
      // waiting for undici to hand back the socket of the one that just finished (measured: 30.3 → 28.8 ms
      // per 25 ms request at 16 in flight).
      connections: options.maxConcurrency * 2,
    });
    this.limiter = new RequestLimiter(options.maxConcurrency, options.maxRequestsPerMinute);
    this.logger = options.logger ?? silentLogger;
  }

  /** Replaces every known secret in a text; used on anything that ends up in an error or a log. */
  scrub = (text: string): string => {
    let result = text;
    for (const secret of this.options.secrets) {
      if (secret) result = result.split(secret).join('[redacted]');
    }
    return result;
  };

  async send(req: TransportRequest): Promise<TransportResponse> {
    const label: RequestLabel = { method: req.method, path: this.scrub(req.url.pathname + req.url.search) };
    const route = routeOf(req.url);
    for (let attemptNumber = 1; ; attemptNumber++) {
      await this.waitWhilePaused();
      try {
        return await this.limiter.run(() => this.attempt(req, label, route, attemptNumber));
      } catch (error) {
        const delayMs = attemptNumber < this.options.maxAttempts ? this.retryDelay(error as Error, req.retry, attemptNumber) : undefined;
        if (delayMs === undefined) throw error;
        this.logger.warn(
          { method: label.method, path: label.path, kind: (error as ConnectWiseError).kind, attemptNumber, delayMs },
          'retrying ConnectWise request',
        );
        this.options.observer?.onRetry?.({ route, method: req.method, kind: (error as ConnectWiseError).kind, delayMs });
        await sleep(delayMs);
      }
    }
  }

  async close(): Promise<void> {
    this.limiter.close(new ConnectWiseError('upstream', 'The ConnectWise client was closed before the request started'));
    await this.agent.close();
  }

  /** Milliseconds to wait before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(error: Error, policy: RetryPolicy, attemptNumber: number): number | undefined {
    if (!(error instanceof ConnectWiseError) || !error.transient) return undefined;
    const backoff = this.backoff(attemptNumber);
    if (error.kind === 'rate-limited') {
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
    const started = performance.now();
    // A plain timer, cleared on completion, rather than AbortSignal.timeout(): cheaper per request.
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let response: TransportResponse;
    try {
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const res = await request(req.url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        dispatcher: this.agent,
        signal,
      });
      // The body is read under the same signal: a server that sends headers and then stalls still times out.
      response = { status: res.statusCode, headers: res.headers, text: await res.body.text() };
      recordExchange({ vendor: 'connectwise', request: { method: req.method, url: req.url, headers, body: req.body }, response });
    } catch (error) {
      const failure = networkError(error, label, signal.aborted, this.options.timeoutMs, this.scrub);
      this.logger.debug({ ...label, attemptNumber, kind: failure.kind, ms: elapsed(started) }, 'ConnectWise request failed');
      this.options.observer?.onAttempt?.({ route, method: req.method, kind: failure.kind, ms: performance.now() - started });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
    this.logger.debug(
      { ...label, attemptNumber, status: response.status, ms: elapsed(started) },
      'ConnectWise request',
    );
    this.options.observer?.onAttempt?.({ route, method: req.method, status: response.status, ms: performance.now() - started });
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status < 400) {
      // undici does not follow redirects; ConnectWise's API never redirects, a login page or proxy does.
      throw new ConnectWiseError('bad-response', `ConnectWise answered ${label.method} ${label.path} with a redirect (${response.status})`, {
        ...label,
        status: response.status,
      });
    }
    const failure = httpError(response.status, response.text, headerValue(response.headers, 'retry-after'), label, this.scrub);
    if (failure.kind === 'rate-limited' && failure.retryAfterSeconds !== undefined) {
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.min(failure.retryAfterSeconds, this.options.maxRetryAfterSeconds) * 1000);
    }
    throw failure;
  }
}

/**
 * A URL's API route with nothing that identifies a tenant or a record: `/v2025_1/apis/3.0/finance/agreements/12/additions/34?x=1`
 * → `finance/agreements/:id/additions/:id`; discovery's `/login/companyinfo/<company id>` → `login/companyinfo/:company`.
 */
function routeOf(url: URL): string {
  const path = url.pathname.replace(/^\/(?:[^/]+\/)?apis\/3\.0\//i, '').replace(/^\/+|\/+$/g, '');
  if (/^login\/companyinfo\//i.test(path)) return 'login/companyinfo/:company';
  if (path === '') return '/';
  // ConnectWise's own path words are letters only; anything else is an id (or not a route we know).
  return path
    .split('/')
    .map((segment) => (/^[A-Za-z]+$/.test(segment) ? segment : ':id'))
    .join('/');
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
