import { createHash } from 'node:crypto';
import { ConnectWiseClient, type ConnectWiseClientOptions, type ConnectWiseCredentials } from '../../connectwise/index.js';

/**
 * One client per ConnectWise instance and key set, kept for the process: its concurrency and
 * request-rate limits then hold across requests and jobs of the same MSP.
 */
export class ConnectWiseClients {
  private readonly clients = new Map<string, ConnectWiseClient>();

  constructor(private readonly options: ConnectWiseClientOptions) {}

  /** A client that is not kept: for verifying credentials before they are saved. */
  transient(credentials: ConnectWiseCredentials): ConnectWiseClient {
    return new ConnectWiseClient(credentials, this.options);
  }

  shared(credentials: ConnectWiseCredentials): ConnectWiseClient {
    const key = createHash('sha256')
      .update([credentials.site, credentials.companyId, credentials.publicKey, credentials.privateKey].join('\n'))
      .digest('hex');
    let client = this.clients.get(key);
    if (!client) {
      client = new ConnectWiseClient(credentials, this.options);
      this.clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
  }
}
