import {
  VendorTransport,
  type TransportOptions as VendorTransportOptions,
  type TransportResponse,
  type VendorAdapter,
  type VendorLogger,
} from '../vendor-kit/transport.js';
import { JumpCloudError, type JumpCloudErrorKind } from './errors.js';
import { httpError, invalidJson, networkError, type RequestLabel } from './transport-errors.js';

/*
 * JumpCloud on the vendor kit's transport (vendor-kit/transport.ts): its error wording, and the
 * organization (`x-org-id`) a call is made for in its logs and errors. Limits, retries, logging and
 * recording are the kit's.
 */

export { headerValue, type TransportResponse } from '../vendor-kit/transport.js';

/** The logger shape we need; pino's child loggers satisfy it. */
export type JumpCloudLogger = VendorLogger;
export type TransportOptions = VendorTransportOptions<JumpCloudErrorKind>;

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** For error details and logs; the `x-org-id` sent. */
  orgId?: string;
}

const jumpCloud: VendorAdapter<JumpCloudError> = {
  vendor: 'jumpcloud',
  displayName: 'JumpCloud',
  httpError,
  networkError,
  invalidJson,
  closedError: () => new JumpCloudError('network', 'The JumpCloud client was closed before the request started'),
};

/**
 * HTTPS to JumpCloud; see `VendorTransport`. Every call highwater makes to JumpCloud is a read (the events
 * query is a POST only to carry its body), so every transient failure may be retried.
 */
export class Transport {
  private readonly kit: VendorTransport<JumpCloudError>;

  constructor(options: TransportOptions) {
    this.kit = new VendorTransport(jumpCloud, options);
  }

  scrub = (text: string): string => this.kit.scrub(text);

  label(req: TransportRequest): RequestLabel {
    return { method: req.method, path: this.scrub(req.url.pathname + req.url.search), orgId: req.orgId };
  }

  send(req: TransportRequest): Promise<TransportResponse> {
    const { orgId, ...rest } = req;
    return this.kit.send({ ...rest, retry: 'idempotent', json: true, labels: { orgId } });
  }

  close(): Promise<void> {
    return this.kit.close();
  }
}
