import type { FuzzOperation } from './operation.js';
import { overMessageLimit } from './serialize.js';
import type { Outcome } from './transports.js';

/** graphql-ws closes that mean "the server failed" (4500 Internal Server Error, 1011 unexpected condition). */
const INTERNAL_CLOSE_CODES = [4500, 1011];
/** Closes that are the protocol's answer to a caller who is not signed in or sent a malformed connection_init. */
const REFUSED_CONNECTION_CODES = [4403, 4401, 4400];

export type FailureKind = 'internal error' | 'HTTP 5xx' | 'socket closed' | 'no answer' | 'refused but changed data';

/** What is wrong with one outcome, if anything; `error` names it for the report (code and message). */
export function judge(op: FuzzOperation, outcome: Outcome): { kind: FailureKind; error: string } | undefined {
  const internal = outcome.errors.find((error) => error.code === 'INTERNAL_SERVER_ERROR');
  if (internal) return { kind: 'internal error', error: `INTERNAL_SERVER_ERROR: ${internal.message}` };
  if (outcome.closed && INTERNAL_CLOSE_CODES.includes(outcome.closed.code)) return { kind: 'internal error', error: `ws closed ${outcome.closed.code}: ${outcome.closed.reason}` };
  if (outcome.status !== undefined && outcome.status >= 500) return { kind: 'HTTP 5xx', error: `HTTP ${outcome.status}: ${outcome.errors[0]?.code ?? ''} ${outcome.errors[0]?.message ?? ''}`.trim() };
  if (outcome.closed) {
    const allowed = [...(op.allowedCloseCodes ?? []), ...(op.auth === 'admin' ? [] : REFUSED_CONNECTION_CODES), ...(overMessageLimit(op) ? [1009] : [])];
    if (!allowed.includes(outcome.closed.code)) return { kind: 'socket closed', error: `ws closed ${outcome.closed.code}: ${outcome.closed.reason}` };
  }
  if (outcome.problem) return { kind: 'no answer', error: outcome.problem };
  return undefined;
}

/** A request that did not run: every root field without data. Subscriptions and queries write nothing either way. */
export function refused(outcome: Outcome): boolean {
  return !outcome.answered;
}
