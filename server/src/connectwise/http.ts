import {
  VendorTransport,
  type TransportObserver as VendorTransportObserver,
  type TransportOptions as VendorTransportOptions,
  type VendorAdapter,
  type VendorLogger,
} from '../vendor-kit/transport.js';
import { ConnectWiseError, type ConnectWiseErrorKind } from './errors.js';
import { httpError, invalidJson, networkError } from './transport-errors.js';

/*
 * ConnectWise on the vendor kit's transport (vendor-kit/transport.ts): its error wording and its metric
 * routes. Limits, retries, logging and recording are the kit's.
 */

export { headerValue, type RetryPolicy, type TransportRequest, type TransportResponse } from '../vendor-kit/transport.js';

/** The logger shape we need; pino's child loggers satisfy it. */
export type ConnectWiseLogger = VendorLogger;
export type TransportObserver = VendorTransportObserver<ConnectWiseErrorKind>;
export type TransportOptions = VendorTransportOptions<ConnectWiseErrorKind>;

const connectWise: VendorAdapter<ConnectWiseError> = {
  vendor: 'connectwise',
  displayName: 'ConnectWise',
  httpError,
  networkError,
  invalidJson,
  closedError: () => new ConnectWiseError('upstream', 'The ConnectWise client was closed before the request started'),
  route: routeOf,
};

/** HTTPS to one ConnectWise site; see `VendorTransport`. */
export class Transport extends VendorTransport<ConnectWiseError> {
  constructor(options: TransportOptions) {
    super(connectWise, options);
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
