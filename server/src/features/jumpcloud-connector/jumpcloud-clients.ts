import type { OutboundProxySettings } from '../../shared/outbound-proxy.js';
import { createJumpCloudClient, type JumpCloudClient, type JumpCloudClientOptions, type JumpCloudLogger } from '../../jumpcloud/index.js';

/** What the app configures for every JumpCloud client (the rest comes from a provider's connection). */
export interface JumpCloudClientDefaults {
  /** Extra CA (PEM) to trust: the simulator's, or a TLS-inspecting proxy's. */
  ca?: string | Buffer;
  /** The outbound proxy (HTTPS_PROXY, NO_PROXY); absent: direct. */
  proxy?: OutboundProxySettings;
  timeoutMs?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Requests in flight at once per client, i.e. per poll. Default 8. */
  maxConcurrency?: number;
  /** Organizations upserted, counted and recorded together in one step of a poll (1 to 10,000). Default 1,000. */
  pollBatchSize?: number;
  /** Directory Insights events per page in the alert poll (1 to 10,000). Default 1,000, JumpCloud's default. */
  eventPageSize?: number;
  logger?: JumpCloudLogger;
}

export interface JumpCloudCredentials {
  apiKey: string;
  providerId: string;
  baseUrl?: string;
  insightsBaseUrl?: string;
}

/**
 * Makes JumpCloud clients with the app's settings. A client is made per verification and per poll and
 * closed after it: polls of one provider never overlap, so its concurrency limit holds within the poll.
 */
export class JumpCloudClients {
  readonly maxConcurrency: number;
  readonly pollBatchSize: number;
  readonly eventPageSize: number;

  constructor(private readonly defaults: JumpCloudClientDefaults = {}) {
    this.maxConcurrency = defaults.maxConcurrency ?? 8;
    this.pollBatchSize = Math.min(10_000, Math.max(1, defaults.pollBatchSize ?? 1_000));
    this.eventPageSize = Math.min(10_000, Math.max(1, defaults.eventPageSize ?? 1_000));
  }

  create(credentials: JumpCloudCredentials, logger?: JumpCloudLogger): JumpCloudClient {
    const options: JumpCloudClientOptions = {
      apiKey: credentials.apiKey,
      providerId: credentials.providerId,
      baseUrl: credentials.baseUrl,
      insightsBaseUrl: credentials.insightsBaseUrl,
      ca: this.defaults.ca,
      proxy: this.defaults.proxy,
      timeoutMs: this.defaults.timeoutMs,
      retryBaseDelayMs: this.defaults.retryBaseDelayMs,
      retryMaxDelayMs: this.defaults.retryMaxDelayMs,
      maxConcurrency: this.maxConcurrency,
      logger: logger ?? this.defaults.logger,
    };
    return createJumpCloudClient(options);
  }
}
