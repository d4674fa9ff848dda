/*
 * What went wrong below HTTP, for every typed client (ConnectWise, JumpCloud): one reading of undici's
 * and the system's error codes, and of `Retry-After`. Each client words its own error from it.
 */

/** `dns`: the host does not exist (permanent); `tls`: its certificate was refused (permanent);
 * `connect`: nothing was sent, the host may be down for a moment; `dropped`: the connection failed midway. */
export type NetworkFailureKind = 'dns' | 'tls' | 'connect' | 'dropped';

const dnsCodes = new Set(['ENOTFOUND', 'ENODATA', 'ERR_INVALID_URL']);
const connectCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
const tlsCodePattern = /CERT|SSL|TLS|EPROTO|UNABLE_TO|SELF_SIGNED|HOSTNAME|ALTNAME/i;

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** The error code and message, for a cause text (scrub it of secrets before showing it). */
  text: string;
}

export function classifyNetworkFailure(error: unknown): NetworkFailure {
  const code = errorCode(error) ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  if (dnsCodes.has(code)) return { kind: 'dns', text };
  if (tlsCodePattern.test(code)) return { kind: 'tls', text };
  if (connectCodes.has(code)) return { kind: 'connect', text };
  return { kind: 'dropped', text };
}

function errorCode(error: unknown): string | undefined {
  // undici sometimes wraps the system error; walk the `cause` chain for the first `code`.
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    current = cause;
  }
  return undefined;
}

/** `Retry-After` as whole seconds: delta-seconds, or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
