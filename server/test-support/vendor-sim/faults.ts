import { randomUUID } from 'node:crypto';

/*
 * Fault injection. A fault matches requests by method and route pattern and then, subject to `skip`,
 * `times` and `probability`, changes how the simulator answers. Latency adds up across faults; the first
 * other fault that fires decides the answer. Everything is plain JSON so the admin endpoint can take it.
 *
 * What a pattern is matched against is the vendor's choice (its simulator's `faultRoute`): ConnectWise's
 * routes are relative to the API base (`company/companies`, `finance/agreements/*\/additions/*`) or
 * `login/companyinfo/*`; JumpCloud's are paths without the leading slash (`api/systemusers`,
 * `api/v2/providers/*\/organizations`). `*` is one path segment (or part of one), `**` any number;
 * matching ignores case.
 */

export type FaultAction =
  /** Answer normally, this much later. */
  | { type: 'latency'; ms: number }
  /**
   * Answer with this status and the vendor's error body carrying `message` (default `Simulated <status>`),
   * or with `body` instead when given (e.g. 500, 502, 503; with `times` for "N times").
   */
  | { type: 'status'; status: number; message?: string; body?: unknown; headers?: Record<string, string> }
  /**
   * Admit `limit` requests (per sliding `windowMs`, or in total when no window is given), then answer
   * 429 with `Retry-After: retryAfterSeconds`.
   */
  | { type: 'rate-limit'; limit: number; windowMs?: number; retryAfterSeconds: number }
  /** Never answer (until the client gives up or the simulator closes), or answer normally after `ms`. */
  | { type: 'hang'; ms?: number }
  /** 200 with a truncated JSON document; the request itself is not carried out. */
  | { type: 'malformed-json' }
  /**
   * The request is carried out (a PATCH applied, a listing read) and its real answer sent cut short: the
   * first half of the body, with a matching Content-Length, as a proxy that truncated it would.
   */
  | { type: 'truncated-body' }
  /** Any status (default 200) and body (a string body is sent raw), e.g. a wrong shape or a missing header. */
  | { type: 'respond'; status?: number; body: unknown; headers?: Record<string, string> }
  /** Destroy the connection without answering. */
  | { type: 'reset' };

export interface FaultMatch {
  /** Default: any method. */
  method?: string;
  /** Default `**` (every request). */
  path?: string | RegExp;
  /** Let the first N matching requests through untouched. */
  skip?: number;
  /** Fire at most N times, then stay matched but inert. */
  times?: number;
  /** Fire with this probability (0..1). */
  probability?: number;
  /** Shows up in the request log's `fault` field. */
  name?: string;
}

export type Fault = FaultMatch & FaultAction;

export interface ActiveFault {
  id: string;
  fault: Fault;
  /** `fault.path` as a regular expression. */
  path: RegExp;
  matched: number;
  fired: number;
  /** Admission times for `rate-limit`. */
  admitted: number[];
}

export type TerminalFault = Exclude<FaultAction, { type: 'latency' } | { type: 'rate-limit' }> | {
  type: 'too-many-requests';
  retryAfterSeconds: number;
};

export type FaultType = FaultAction['type'];

export interface FaultDecision {
  latencyMs: number;
  /** `type` is the fault's own (`rate-limit` for the 429 it answers), sent as `x-simulator-fault`. */
  terminal?: { name: string; type: FaultType; action: TerminalFault };
}

export function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((segment) => (segment === '**' ? '.*' : segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')))
    .join('/')
    .replace(/\/\.\*$/, '(?:/.*)?')
    .replace(/^\.\*\//, '(?:.*/)?');
  return new RegExp(`^${body}$`, 'i');
}

export class FaultInjector {
  private readonly active: ActiveFault[] = [];

  add(fault: Fault): string {
    validate(fault);
    const id = randomUUID();
    // The path's pattern is compiled once here, not on every request it is checked against.
    const path = fault.path instanceof RegExp ? fault.path : patternToRegExp(fault.path ?? '**');
    this.active.push({ id, fault, path, matched: 0, fired: 0, admitted: [] });
    return id;
  }

  remove(id: string): boolean {
    const index = this.active.findIndex((entry) => entry.id === id);
    if (index >= 0) this.active.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.active.length = 0;
  }

  list(): ReadonlyArray<Readonly<ActiveFault>> {
    return this.active;
  }

  decide(method: string, route: string, now = Date.now()): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const entry of this.active) {
      const { fault } = entry;
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!entry.path.test(route)) continue;
      entry.matched++;
      if (entry.matched <= (fault.skip ?? 0)) continue;
      if (fault.times !== undefined && entry.fired >= fault.times) continue;
      if (fault.probability !== undefined && Math.random() >= fault.probability) continue;
      const name = fault.name ?? fault.type;

      if (fault.type === 'rate-limit') {
        const { windowMs } = fault;
        if (windowMs !== undefined) entry.admitted = entry.admitted.filter((at) => at > now - windowMs);
        if (entry.admitted.length < fault.limit) {
          entry.admitted.push(now);
          continue;
        }
        entry.fired++;
        decision.terminal = { name, type: fault.type, action: { type: 'too-many-requests', retryAfterSeconds: fault.retryAfterSeconds } };
        return decision;
      }
      entry.fired++;
      if (fault.type === 'latency') {
        decision.latencyMs += fault.ms;
      } else if (fault.type === 'hang' && fault.ms !== undefined) {
        decision.latencyMs += fault.ms;
      } else {
        decision.terminal = { name, type: fault.type, action: stripMatch(fault) };
        return decision;
      }
    }
    return decision;
  }
}

function stripMatch(fault: Fault): TerminalFault {
  const { method: _method, path: _path, skip: _skip, times: _times, probability: _probability, name: _name, ...action } = fault;
  return action as TerminalFault;
}

const types = new Set(['latency', 'status', 'rate-limit', 'hang', 'malformed-json', 'truncated-body', 'respond', 'reset']);

function validate(fault: Fault): void {
  if (!fault || typeof fault !== 'object' || !types.has((fault as { type?: string }).type ?? '')) {
    throw new TypeError(`fault.type must be one of ${[...types].join(', ')}`);
  }
  if (fault.type === 'status' && !(fault.status >= 100 && fault.status <= 599)) throw new TypeError('fault.status must be an HTTP status');
  if (fault.type === 'rate-limit' && !(fault.limit >= 0 && (fault.windowMs ?? 1) > 0 && fault.retryAfterSeconds >= 0)) {
    throw new TypeError('rate-limit needs limit >= 0, windowMs > 0 (or none), retryAfterSeconds >= 0');
  }
  if (fault.type === 'latency' && !(fault.ms >= 0)) throw new TypeError('latency needs ms >= 0');
}
