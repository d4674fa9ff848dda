import { MAX_REQUEST_BODY_BYTES } from '../../src/graphql/limits.js';
import type { FuzzOperation } from './operation.js';
import { RawJson } from './values.js';

/** JSON.stringify that writes RawJson as it is (too deep for JSON.stringify, which overflows the stack). */
export function serialize(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : serialize(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${serialize(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether the value holds raw JSON, which only the raw graphql-ws socket can send (the client stringifies). */
export function holdsRawJson(value: unknown): boolean {
  if (value instanceof RawJson) return true;
  if (Array.isArray(value)) return [...new Set(value)].some(holdsRawJson);
  if (value !== null && typeof value === 'object') return Object.values(value as Record<string, unknown>).some(holdsRawJson);
  return false;
}

/** The operation as a request payload: {query, variables, operationName}. */
export function payloadText(document: string, variables: unknown, operationName: string | undefined): string {
  return serialize({ query: document, variables, operationName });
}

/** At most `max` characters, saying how much was cut: failing operations are printed for reproduction. */
export function truncate(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/**
 * Whether the operation's subscribe message is over the server's message limit: graphql-ws closes the
 * whole socket for it (1009), so such an operation gets a socket of its own, and that close is its answer.
 */
export function overMessageLimit(op: Pick<FuzzOperation, 'document' | 'variables' | 'operationName' | 'rawPayload'>): boolean {
  const text = op.rawPayload ?? payloadText(op.document, op.variables, op.operationName);
  return Buffer.byteLength(text) > MAX_REQUEST_BODY_BYTES;
}
