import { createHash } from 'node:crypto';
import { ConnectWiseClient, type ConnectWiseClientOptions, type ConnectWiseCredentials, type TransportObserver } from '../../connectwise/index.js';
import type { IntegrationHealth } from './integration-health.js';

/** Which provider's integration a shared client is used for (see `IntegrationHealth`). */
export interface IntegrationUse {
  providerId: string;
  /** The sealed private key of the integration row, telling its key sets apart. */
  keysSealed: string;
}

/**
 * One client per ConnectWise instance and key set, kept for the process: its concurrency and
 * request-rate limits then hold across requests and jobs of the same MSP. Its traffic tells `health`
 * whether the keys still work for the providers that use it.
 */
export class ConnectWiseClients {
  private readonly clients = new Map<string, { client: ConnectWiseClient; providers: Map<string, string> }>();

  constructor(
    private readonly options: ConnectWiseClientOptions,
    readonly health?: IntegrationHealth,
  ) {}

  /** A client that is not kept: for verifying credentials before they are saved. */
  transient(credentials: ConnectWiseCredentials): ConnectWiseClient {
    return new ConnectWiseClient(credentials, this.options);
  }

  shared(credentials: ConnectWiseCredentials, use?: IntegrationUse): ConnectWiseClient {
    const key = createHash('sha256')
      .update([credentials.site, credentials.companyId, credentials.publicKey, credentials.privateKey].join('\n'))
      .digest('hex');
    let entry = this.clients.get(key);
    if (!entry) {
      const providers = new Map<string, string>();
      const observer = this.health ? both(this.options.observer, this.health.observer(providers)) : this.options.observer;
      entry = { client: new ConnectWiseClient(credentials, { ...this.options, observer }), providers };
      this.clients.set(key, entry);
    }
    if (use) entry.providers.set(use.providerId, use.keysSealed);
    return entry.client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((entry) => entry.client.close()));
    this.clients.clear();
    await this.health?.settled();
  }
}

function both(first: TransportObserver | undefined, second: TransportObserver): TransportObserver {
  if (!first) return second;
  return {
    onAttempt: (attempt) => {
      first.onAttempt?.(attempt);
      second.onAttempt?.(attempt);
    },
    onRetry: (retry) => first.onRetry?.(retry),
  };
}
