import { DriverException } from '@mikro-orm/core';
import { pino, type Logger } from 'pino';

export type { Logger };

/*
 * Safe by construction: whatever a caller hands the logger, a log line never carries a secret, a sealed
 * value or the data of a failed SQL statement.
 * - Database errors (MikroORM's DriverException, pg's DatabaseError) keep their class, SQLSTATE and the
 *   schema names (table, column, constraint) and lose everything else: their message is the statement with
 *   every value inlined, and `detail` quotes the row ("Key (x)=(value)").
 * - Every string of every logged object, and the message, is scrubbed of SecretBox output and of
 *   credentials written into URLs (a proxy's `user:password@`).
 * - Secret-bearing keys are blanked at any depth, besides pino's redaction of the known paths.
 */

/** Paths pino blanks wherever they appear in a logged object; secrets must never reach a log line. */
export const redactedPaths = [
  'authorization',
  'token',
  'privateKey',
  'publicKey',
  'password',
  'secretKey',
  'apiKey',
  'cookie',
  '*.authorization',
  '*.token',
  '*.privateKey',
  '*.publicKey',
  '*.password',
  '*.secretKey',
  '*.apiKey',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
];

const CENSOR = '[redacted]';

/** The same names at any depth, and every column that holds sealed data (`…Sealed`). */
const SECRET_KEY = /^(authorization|cookie|set-cookie|x-api-key|password|token|access_?token|refresh_?token|api_?key|private_?key|public_?key|secret_?key|secret|client_?secret|credentials)$|sealed$/i;

/** SecretBox's stored form, `v1:<keyId>:<nonce>:<tag>:<ciphertext>` (see secret-box.ts). */
export const SEALED_VALUE = /v\d+:[0-9a-f]{12}:[\w-]+:[\w-]+:[\w-]*/g;

/**
 * Credentials written into a URL (`http://user:password@proxy:3128`, `postgres://user:password@db`): a
 * proxy URL from HTTPS_PROXY or a database URL in an error must not carry its password into a log line.
 */
export const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/@]+@/gi;

const scrub = (text: string): string => text.replace(SEALED_VALUE, '[sealed]').replace(URL_CREDENTIALS, '$1[redacted]@');

/** PostgreSQL's names for the SQLSTATEs we meet; any other is reported by its code alone. */
const SQLSTATE_NAMES: Record<string, string> = {
  '08P01': 'protocol violation',
  '22001': 'value too long',
  '22003': 'numeric value out of range',
  '22007': 'invalid datetime format',
  '22008': 'datetime field overflow',
  '22021': 'character not in repertoire',
  '22P02': 'invalid text representation',
  '22P05': 'untranslatable character',
  '23502': 'not-null violation',
  '23503': 'foreign key violation',
  '23505': 'unique violation',
  '23514': 'check violation',
  '23P01': 'exclusion violation',
  '40001': 'serialization failure',
  '40P01': 'deadlock detected',
  '42601': 'syntax error',
  '42703': 'undefined column',
  '42P01': 'undefined table',
  '57014': 'query canceled',
};

interface DatabaseErrorFields {
  code?: unknown;
  severity?: unknown;
  schema?: unknown;
  table?: unknown;
  column?: unknown;
  dataType?: unknown;
  constraint?: unknown;
  routine?: unknown;
}

/** MikroORM's converted errors, and pg's own (from a bare pg client such as the event publisher). */
function isDatabaseError(error: Error): error is Error & DatabaseErrorFields {
  const { code, severity } = error as DatabaseErrorFields;
  return error instanceof DriverException || (typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code));
}

/** The names the server gave things; identifiers, never values. */
const SCHEMA_FIELDS = ['schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;

function safeDatabaseError(error: Error & DatabaseErrorFields): Record<string, unknown> {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const names: Record<string, string> = {};
  for (const field of SCHEMA_FIELDS) if (typeof error[field] === 'string') names[field] = error[field];
  const what = code ? `${SQLSTATE_NAMES[code] ?? 'database error'} (SQLSTATE ${code})` : 'database error';
  const where = [names.table && `table ${names.table}`, names.column && `column ${names.column}`, names.constraint && `constraint ${names.constraint}`].filter(Boolean);
  const message = where.length > 0 ? `${what} on ${where.join(', ')}` : what;
  const type = error.name || error.constructor.name;
  return { type, message, code, ...names, stack: framesOnly(type, message, error.stack) };
}

/** A stack's "at …" lines under a header of our choosing: the first lines repeat the message. */
function framesOnly(type: string, message: string, stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
  return [`${type}: ${message}`, ...frames].join('\n');
}

const MAX_DEPTH = 8;

/**
 * An error as plain data, with any database error in it (itself, its `cause`, GraphQL's `originalError`,
 * an AggregateError's `errors`) reduced to its safe fields — and the raw message of that database error cut
 * out of the errors wrapping it, which tend to repeat it.
 */
export function serializeError(error: Error, seen = new WeakSet<object>(), depth = 0): Record<string, unknown> {
  if (seen.has(error) || depth > MAX_DEPTH) return { type: error.name, message: '[circular or too deep]' };
  seen.add(error);
  if (isDatabaseError(error)) return safeDatabaseError(error);

  const type = error.name || error.constructor.name;
  const out: Record<string, unknown> = { type };
  const rawMessages: [string, string][] = [];
  for (const [key, value] of Object.entries(error)) {
    if (value instanceof Error) {
      out[key] = serializeError(value, seen, depth + 1);
      if (isDatabaseError(value) && value.message) rawMessages.push([value.message, (out[key] as { message: string }).message]);
    } else {
      out[key] = safeValue(key, value, seen, depth + 1);
    }
  }
  // `cause` and `originalError` may be non-enumerable (GraphQLError defines them so).
  for (const key of ['cause', 'originalError'] as const) {
    const value: unknown = (error as unknown as Record<string, unknown>)[key];
    if (value instanceof Error && !(key in out)) {
      out[key] = serializeError(value, seen, depth + 1);
      if (isDatabaseError(value) && value.message) rawMessages.push([value.message, (out[key] as { message: string }).message]);
    }
  }
  const withoutRaw = (text: string) => scrub(rawMessages.reduce((result, [raw, safe]) => result.split(raw).join(safe), text));
  out.message = withoutRaw(error.message);
  if (error.stack) out.stack = withoutRaw(error.stack);
  return out;
}

/** A value as it may appear in a log line: secrets blanked by key, sealed values cut, errors made safe. */
function safeValue(key: string, value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null) return CENSOR;
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value, seen, depth);
  if (seen.has(value)) return '[circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => safeValue('', item, seen, depth + 1));
  if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} of ${value.size}]`;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name] = safeValue(name, item, seen, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: CENSOR },
      formatters: {
        log: (object) => safeValue('', object, new WeakSet(), 0) as Record<string, unknown>,
      },
      serializers: {
        err: (value: unknown) => (value instanceof Error ? serializeError(value) : value),
      },
      hooks: {
        logMethod(args, method) {
          // logger.error(err) uses err.message as the line's message: use the safe one instead.
          const [first, second] = args as unknown[];
          if (first instanceof Error && typeof second !== 'string') {
            return method.apply(this, [{ err: first }, String(serializeError(first).message), ...(args.slice(1) as [])]);
          }
          return method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
