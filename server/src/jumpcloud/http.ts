import { rootCertificates } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import pRetry from 'p-retry';
import { Agent, request } from 'undici';
import { recordExchange } from '../vendor-kit/exchange-recorder.js';
import { JumpCloudError } from './errors.js';
import { httpError, networkError, type RequestLabel } from './transport-errors.js';

/** The logger shape we need; pino's child loggers satisfy it. */
export interface JumpCloudLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silentLogger: JumpCloudLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** For error details and logs; the `x-org-id` sent. */
  orgId?: string;
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
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A Retry-After longer than this is not waited out; the 429 surfaces so a job can reschedule. */
  maxRetryAfterSeconds: number;
  logger?: JumpCloudLogger;
  /** Strings that must never appear in an error message or log entry (the API key). */
  secrets: string[];
}

export function headerValue(headers: TransportResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * HTTPS to JumpCloud: per-attempt timeout, bounded retries with backoff and jitter, and a concurrency
 * limit shared by every call made through this transport. Every call highwater makes to JumpCloud is a
 * read (the events query is a POST only to carry its body), so every transient failure may be retried.
 */
export class Transport {
  private readonly agent: Agent;
  private readonly limiter: Bottleneck;
  private readonly logger: JumpCloudLogger;
  /** After a 429 with Retry-After, no attempt starts before this time (ms since epoch). */
  private pausedUntil = 0;

  constructor(private readonly options: TransportOptions) {
    this.agent = new Agent({
      // An extra CA (the simulator's, or a TLS-inspecting proxy's) is added to, not substituted for, the
      // public roots: a `ca` option on its own would replace them.
      connect: options.ca ? { ca: [...rootCertificates, options.ca.toString()] } : {},
      connections: options.maxConcurrency,
    });
    this.limiter = new Bottleneck({ maxConcurrent: options.maxConcurrency });
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

  label(req: TransportRequest): RequestLabel {
    return { method: req.method, path: this.scrub(req.url.pathname + req.url.search), orgId: req.orgId };
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const label = this.label(req);
    return pRetry(
      async (attemptNumber) => {
        await this.waitWhilePaused();
        return this.limiter.schedule(() => this.attempt(req, label, attemptNumber));
      },
      {
        retries: Math.max(0, this.options.maxAttempts - 1),
        // Delays are ours (in shouldRetry) so Retry-After can replace the computed backoff.
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: async ({ error, attemptNumber }) => {
          const delayMs = this.retryDelay(error, attemptNumber);
          if (delayMs === undefined) return false;
          this.logger.warn(
            { ...label, kind: (error as JumpCloudError).kind, attemptNumber, delayMs: Math.round(delayMs) },
            'retrying JumpCloud request',
          );
          await sleep(delayMs);
          return true;
        },
      },
    );
  }

  async close(): Promise<void> {
    await this.limiter.disconnect();
    await this.agent.close();
  }

  /** Milliseconds to wait before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(error: Error, attemptNumber: number): number | undefined {
    if (!(error instanceof JumpCloudError) || !error.transient) return undefined;
    if (error.kind === 'rate-limited' && error.retryAfterSeconds !== undefined) {
      if (error.retryAfterSeconds > this.options.maxRetryAfterSeconds) return undefined;
      // Small jitter on top so clients released at the same instant do not collide again.
      return error.retryAfterSeconds * 1000 + Math.random() * this.options.retryBaseDelayMs;
    }
    return this.backoff(attemptNumber);
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

  private async attempt(req: TransportRequest, label: RequestLabel, attemptNumber: number): Promise<TransportResponse> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
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
      recordExchange({ vendor: 'jumpcloud', request: { method: req.method, url: req.url, headers, body: req.body }, response });
    } catch (error) {
      const failure = networkError(error, label, signal.aborted, this.options.timeoutMs, this.scrub);
      this.logger.debug({ ...label, attemptNumber, kind: failure.kind, ms: elapsed(started) }, 'JumpCloud request failed');
      throw failure;
    }
    this.logger.debug({ ...label, attemptNumber, status: response.status, ms: elapsed(started) }, 'JumpCloud request');
    if (response.status >= 200 && response.status < 300) return response;
    const retryAfter = headerValue(response.headers, 'retry-after');
    const failure = httpError(response.status, response.text, retryAfter, label, this.scrub);
    if (failure.kind === 'rate-limited' && failure.retryAfterSeconds !== undefined) {
      const pause = Math.min(failure.retryAfterSeconds, this.options.maxRetryAfterSeconds) * 1000;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + pause);
    }
    throw failure;
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
