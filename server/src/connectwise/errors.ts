import { VendorError, type VendorErrorDetails } from '../vendor-kit/failures.js';

/**
 * Every way a ConnectWise call can fail, as one error class with a `kind`. Callers switch on `kind`;
 * `status`, `code` and `cwMessage` keep what ConnectWise itself said. Messages never contain keys:
 * they are built from our own wording plus ConnectWise's error text, which never echoes credentials.
 */
export const connectWiseErrorKinds = [
  /** DNS failure, connection refused (or an outbound proxy saying it could not reach the site), TLS failure, or a host that is not a ConnectWise site. */
  'bad-site',
  /** The site answered company-info discovery with nothing: the company ID does not exist there. */
  'unknown-company',
  /** 401: wrong company ID / public key / private key, or keys rotated. */
  'unauthorized',
  /** 403: the API member's security role lacks a permission (see `permission`). */
  'forbidden',
  'not-found',
  /** 429 (after the retry budget was spent, or Retry-After longer than we are willing to wait). */
  'rate-limited',
  /** 5xx, the connection dropped mid-request, or the outbound proxy could not be reached or refused the connection. */
  'upstream',
  'timeout',
  /** A 2xx answer that is not JSON or does not have the shape the contract promises. */
  'bad-response',
  /** Any other 4xx, typically a 400 validation failure with `errors[]`. */
  'bad-request',
] as const;

export type ConnectWiseErrorKind = (typeof connectWiseErrorKinds)[number];

/** One entry of ConnectWise's `errors[]` (validation failures name the resource and field). */
export interface ConnectWiseFieldError {
  code?: string;
  message?: string;
  resource?: string;
  field?: string;
}

/** A security-role permission that ConnectWise said is missing, e.g. Inquire on "Companies > Company Maintenance". */
export interface MissingPermission {
  level?: string;
  area: string;
}

export interface ConnectWiseErrorDetails extends VendorErrorDetails {
  code?: string;
  cwMessage?: string;
  errors?: ConnectWiseFieldError[];
  permission?: MissingPermission;
}

export class ConnectWiseError extends VendorError<ConnectWiseErrorKind> {
  readonly vendor = 'connectwise';
  readonly code?: string;
  readonly cwMessage?: string;
  readonly errors?: ConnectWiseFieldError[];
  readonly permission?: MissingPermission;

  constructor(kind: ConnectWiseErrorKind, message: string, details: ConnectWiseErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'ConnectWiseError';
    this.code = details.code;
    this.cwMessage = details.cwMessage;
    this.errors = details.errors;
    this.permission = details.permission;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, cwMessage: this.cwMessage, errors: this.errors, permission: this.permission };
  }
}

export function isConnectWiseError(error: unknown, kind?: ConnectWiseErrorKind): error is ConnectWiseError {
  return error instanceof ConnectWiseError && (kind === undefined || error.kind === kind);
}

/**
 * Pulls the missing permission out of a 403 message. *Unverified*: ConnectWise's exact wording is not
 * documented; we accept "You do not have Inquire permission for Companies > Company Maintenance" and
 * variants ("Inquire level permission to", "->" instead of ">"). Keep all wording knowledge here.
 */
export function parseMissingPermission(message: string | undefined): MissingPermission | undefined {
  if (!message) return undefined;
  const match =
    /\b(add|edit|delete|inquire)\s+(?:level\s+)?permissions?\s+(?:for|to|on|in)\s+(?:the\s+)?(.+?)(?:\s+(?:is|are)\s+required)?\s*\.?\s*$/i.exec(
      message,
    );
  if (match?.[1] && match[2]) {
    const level = match[1].charAt(0).toUpperCase() + match[1].slice(1).toLowerCase();
    return { level, area: match[2].replace(/\s*->\s*/g, ' > ') };
  }
  const area = /\b([A-Z][\w &]+?\s*(?:>|->)\s*[A-Z][\w &]+)/.exec(message);
  return area?.[1] ? { area: area[1].replace(/\s*->\s*/g, ' > ') } : undefined;
}
