import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { simulatorCertificate } from '../simulator-certificate.js';
import { adminRoute, ok, startAdminServer, type AdminRoute, type AdminServer } from './admin.js';
import { FaultInjector, type ActiveFault, type Fault, type FaultType, type TerminalFault } from './faults.js';

/*
 * The simulator kit: what every vendor simulator (ConnectWise, JumpCloud, and any later PSA) shares.
 *
 * A vendor simulator extends `VendorSimulator` and supplies only what is its own: its state and fixtures,
 * `answer` (its routes, auth and error bodies), `logEntry` (what its request log keeps), `faultRoute`
 * (what fault patterns match against), `errorAnswer` / `malformedJson` (how injected faults look in its
 * wire format), and `vendorState` / `vendorAdminRoutes` for its admin endpoint. The kit brings the HTTPS
 * server with the shared self-signed certificate, the request log and in-flight figures, `waitFor`, fault
 * injection (every faulted answer carries `x-simulator-fault: <fault type>`), the JSON admin endpoint and
 * the optional contract check (a request that breaks the spec gets 400 `ContractViolation`; an answer
 * that breaks it, a simulator bug, becomes a 500). Its CLI uses ./cli.ts.
 */

/** Request headers a request log never keeps. */
export const secretHeaders: ReadonlySet<string> = new Set(['x-api-key', 'authorization', 'cookie']);

/** The response header that marks an answer produced by an injected fault (contract recorders skip them). */
export const faultHeader = 'x-simulator-fault';

const offSpec = Symbol('off-spec');

/**
 * Marks a row a test puts into a simulator's data off-spec on purpose (an instance that drifts from its
 * vendor's spec: a company without a name, a quantity that is text). An answer carrying it is marked like
 * a fault's (`x-simulator-fault: off-spec-data`) and not held to the spec. An enumerable symbol survives
 * the routes' `{ ...row }` copies and never reaches the JSON.
 */
export function markOffSpec<T extends object>(row: T): T {
  (row as Record<symbol, unknown>)[offSpec] = true;
  return row;
}

function carriesOffSpecRow(body: unknown): boolean {
  const marked = (value: unknown) => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[offSpec] === true;
  return Array.isArray(body) ? body.some(marked) : marked(body);
}

export interface VendorSimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Latency added to every request, e.g. 25 for benchmarks. */
  latencyMs?: number;
  /** Start the JSON admin endpoint (plain HTTP on the same host). Default false. */
  admin?: boolean | { port?: number };
  /** Holds requests and answers to the vendor's published specification (each vendor passes its own). */
  contract?: SimulatorContract;
}

export interface ContractRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names, credentials included (in-process test tooling only). */
  headers: Record<string, string>;
  /** Parsed JSON, raw text when not JSON, undefined when empty. */
  body: unknown;
}

export interface ContractResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One way a request breaks the spec: the top-level field or parameter, and the whole finding as text. */
export interface ContractFinding {
  field: string;
  /** The field is required and missing (vendors word that apart from an invalid value). */
  missing: boolean;
  message: string;
}

/** Findings and violations; none means the exchange conforms. */
export interface SimulatorContract {
  checkRequest(req: ContractRequest): ContractFinding[];
  checkResponse(req: ContractRequest, res: ContractResponse): string[];
}

/** One request as the kit read it, handed to the vendor's `logEntry` and `answer`. */
export interface SimRequest {
  method: string;
  url: URL;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** The body as sent. */
  text: string;
  /** Parsed JSON, or the raw text when not JSON; undefined when empty. */
  body: unknown;
  /** The body is not JSON. */
  bodyInvalid: boolean;
}

export interface SimResponse {
  status: number;
  /** JSON-serialised unless a string (sent raw). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** What every request log entry has. */
export interface LoggedRequest {
  seq: number;
  at: string;
  /** Arrival time in ms since epoch, for measuring gaps between requests. */
  atMs: number;
  method: string;
  /** Path without query. */
  path: string;
  /** 0 when the connection was reset; undefined while in flight or hanging. */
  status?: number;
  /** Name of the fault that answered this request, if any. */
  fault?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export abstract class VendorSimulator<Entry extends LoggedRequest> {
  readonly requests: Entry[] = [];
  /** `https://host:port`. */
  url = '';
  /** `host:port` (IPv6 hosts bracketed). */
  authority = '';
  adminUrl: string | undefined;
  /** The certificate (PEM) to trust, and a file holding it. */
  ca = '';
  caFile = '';
  inFlight = 0;
  maxInFlight = 0;

  /** As in messages: `ConnectWise`. */
  protected abstract readonly displayName: string;
  /** The temporary folder's prefix, e.g. `cw-sim-`. */
  protected abstract readonly tempPrefix: string;
  /** The body of the 200 a `malformed-json` fault answers with. */
  protected abstract readonly malformedJson: string;

  private readonly faultInjector = new FaultInjector();
  private readonly changes = new EventEmitter();
  private readonly settlers = new WeakMap<ServerResponse, () => void>();
  private server: Server | undefined;
  private admin: AdminServer | undefined;
  private tempDir = '';
  private seq = 0;

  constructor(private readonly kitOptions: VendorSimulatorOptions) {
    this.changes.setMaxListeners(0);
  }

  /** The vendor's answer to a request that no fault took. */
  protected abstract answer(request: SimRequest, entry: Entry): SimResponse;
  /** The request log entry: `base` plus what the vendor keeps (never secret headers: see `loggedHeaders`). */
  protected abstract logEntry(request: SimRequest, base: LoggedRequest): Entry;
  /** What fault patterns are matched against. */
  protected abstract faultRoute(url: URL): string;
  /** The vendor's error answer for an injected status (`message` undefined: its usual wording, e.g. for 429). */
  protected abstract errorAnswer(status: number, message: string | undefined): SimResponse;
  /** The 400 for a request that breaks the spec, in the vendor's error format; by default a generic one. */
  protected contractRefusal(_request: SimRequest, findings: ContractFinding[]): SimResponse {
    const message = `The request breaks the ${this.displayName} API specification`;
    return { status: 400, body: { code: 'ContractViolation', message, errors: findings.map((finding) => finding.message) } };
  }
  /** The vendor's part of the admin `GET /state`. */
  protected abstract vendorState(): Record<string, unknown>;
  /** The vendor's own admin routes, tried after the shared ones. */
  protected vendorAdminRoutes(): AdminRoute[] {
    return [];
  }
  /** Runs once the certificate exists and before the server listens (seed start-up data here). */
  protected beforeListen(): void {}

  get faults(): ReadonlyArray<Readonly<ActiveFault>> {
    return this.faultInjector.list();
  }

  async start(): Promise<this> {
    const { cert, key } = await simulatorCertificate();
    this.ca = cert;
    this.tempDir = await mkdtemp(join(tmpdir(), this.tempPrefix));
    this.caFile = join(this.tempDir, 'ca.pem');
    await writeFile(this.caFile, cert);
    this.beforeListen();
    this.addBaseLatency();

    const server = createServer({ cert, key, keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server = server;
    const host = this.kitOptions.host ?? '127.0.0.1';
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(this.kitOptions.port ?? 0, host, () => resolveListen());
    });
    const address = server.address() as AddressInfo;
    this.authority = `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    this.url = `https://${this.authority}`;

    if (this.kitOptions.admin) {
      const adminPort = typeof this.kitOptions.admin === 'object' ? this.kitOptions.admin.port : undefined;
      this.admin = await startAdminServer([...this.adminRoutes(), ...this.vendorAdminRoutes()], host, adminPort ?? 0);
      this.adminUrl = this.admin.url;
    }
    return this;
  }

  async close(): Promise<void> {
    await this.admin?.close();
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      // Hanging requests would keep close() waiting forever; they are the point of some tests.
      server.closeAllConnections();
      await closed;
    }
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    this.changed();
  }

  addFault(fault: Fault): string {
    return this.faultInjector.add(fault);
  }

  removeFault(id: string): boolean {
    return this.faultInjector.remove(id);
  }

  /** Removes every fault but the start-up latency. */
  clearFaults(): void {
    this.faultInjector.clear();
    this.addBaseLatency();
  }

  resetMaxInFlight(): void {
    this.maxInFlight = this.inFlight;
  }

  /** Forget requests, faults and in-flight peaks; data and keys stay. Vendors add what they keep per run. */
  reset(): void {
    this.requests.length = 0;
    this.clearFaults();
    this.maxInFlight = this.inFlight;
    this.changed();
  }

  /** Resolves once `predicate` holds, re-checking whenever the simulator's state changes. */
  waitFor(predicate: () => boolean, { timeoutMs = 5000 }: WaitOptions = {}): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolveWait, reject) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolveWait();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.displayName} simulator: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
    });
  }

  /** Tells `waitFor` to look again; call after changing state. */
  protected changed(): void {
    this.changes.emit('change');
  }

  private addBaseLatency(): void {
    if (this.kitOptions.latencyMs) this.addFault({ type: 'latency', ms: this.kitOptions.latencyMs, name: 'base-latency' });
  }

  private adminRoutes(): AdminRoute[] {
    return [
      adminRoute('GET', '/state', () => ({
        ...this.vendorState(),
        inFlight: this.inFlight,
        maxInFlight: this.maxInFlight,
        faults: this.faults.map(({ id, fault, matched, fired }) => ({ id, fault, matched, fired })),
      })),
      adminRoute('GET', '/requests', ({ url }) => {
        const since = Number(url.searchParams.get('since') ?? '0');
        return this.requests.filter((entry) => entry.seq > since);
      }),
      adminRoute('POST', '/faults', async (req) => ({ id: this.addFault((await req.json()) as unknown as Fault) }), 201),
      adminRoute('DELETE', '/faults', () => {
        this.clearFaults();
        return ok;
      }),
      ({ method, segments }) => {
        if (method !== 'DELETE' || segments[0] !== 'faults' || segments.length !== 2) return undefined;
        const removed = this.removeFault(segments[1] ?? '');
        return { status: removed ? 200 : 404, body: { ok: removed } };
      },
      adminRoute('POST', '/reset', () => {
        this.reset();
        return ok;
      }),
    ];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // In flight until the answer is handed over (counted then, not at the socket's later 'close', which a
    // busy event loop may process after the client's next request arrived) or the client gave up.
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      this.changed();
    };
    this.settlers.set(res, settle);
    res.on('close', settle);

    const arrived = Date.now();
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? this.authority}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    const request: SimRequest = { method, url, query: queryObject(url.searchParams), headers: req.headers, text, ...parseBody(text) };
    const base: LoggedRequest = { seq: ++this.seq, at: new Date(arrived).toISOString(), atMs: arrived, method, path: url.pathname };
    const entry = this.logEntry(request, base);
    this.requests.push(entry);
    this.changed();

    const contractRequest = this.kitOptions.contract ? toContractRequest(request) : undefined;
    if (contractRequest) {
      const findings = this.kitOptions.contract?.checkRequest(contractRequest) ?? [];
      if (findings.length > 0) {
        this.send(res, entry, this.contractRefusal(request, findings));
        return;
      }
    }

    const decision = this.faultInjector.decide(method, this.faultRoute(url));
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (res.destroyed) return;
    const { terminal } = decision;
    if (terminal && terminal.type !== 'truncated-body') {
      entry.fault = terminal.name;
      this.answerWithFault(terminal.type, terminal.action, entry, req, res);
      return;
    }

    let response = this.answer(request, entry);
    if (carriesOffSpecRow(response.body)) {
      response = { ...response, headers: { ...response.headers, [faultHeader]: 'off-spec-data' } };
    } else if (contractRequest) {
      const violations = this.kitOptions.contract?.checkResponse(contractRequest, toContractResponse(response)) ?? [];
      if (violations.length > 0) {
        const message = `The ${this.displayName} simulator's answer breaks the API specification (a simulator bug)`;
        response = { status: 500, body: { code: 'ContractViolation', message, errors: violations } };
      }
    }
    if (terminal?.type === 'truncated-body') {
      entry.fault = terminal.name;
      const whole = serialise(response.body);
      response = { ...response, body: whole.slice(0, Math.floor(whole.length / 2)), headers: { ...response.headers, [faultHeader]: terminal.type } };
    }
    this.send(res, entry, response);
  }

  private send(res: ServerResponse, entry: Entry, response: SimResponse): void {
    entry.status = response.status;
    this.settlers.get(res)?.();
    const payload = serialise(response.body);
    res.writeHead(response.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      ...response.headers,
    });
    res.end(payload);
    this.changed();
  }

  private answerWithFault(type: FaultType, action: TerminalFault, entry: Entry, req: IncomingMessage, res: ServerResponse): void {
    const marked = (response: SimResponse): SimResponse => ({ ...response, headers: { ...response.headers, [faultHeader]: type } });
    switch (action.type) {
      case 'status': {
        const error = this.errorAnswer(action.status, action.message ?? `Simulated ${action.status}`);
        const body = action.body === undefined ? error.body : action.body;
        this.send(res, entry, marked({ status: action.status, body, headers: { ...error.headers, ...action.headers } }));
        return;
      }
      case 'too-many-requests': {
        const error = this.errorAnswer(429, undefined);
        this.send(res, entry, marked({ ...error, headers: { ...error.headers, 'retry-after': String(action.retryAfterSeconds) } }));
        return;
      }
      case 'malformed-json':
        this.send(res, entry, marked({ status: 200, body: this.malformedJson }));
        return;
      case 'respond':
        this.send(res, entry, marked({ status: action.status ?? 200, body: serialise(action.body), headers: action.headers }));
        return;
      case 'reset':
        entry.status = 0;
        this.settlers.get(res)?.();
        req.socket.destroy();
        this.changed();
        return;
      case 'truncated-body': // answered after the request is carried out (see handle)
      case 'hang':
        // Never answered: the client's timeout (or close()) ends it.
        return;
    }
  }
}

/** A request's headers for a log: every one but the secret ones, repeated ones joined. */
export function loggedHeaders(headers: IncomingHttpHeaders, secret: ReadonlySet<string> = secretHeaders): Record<string, string> {
  const logged: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || secret.has(name)) continue;
    logged[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return logged;
}

/** One header's value, repeated ones joined. */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): { body: unknown; bodyInvalid: boolean } {
  if (!text) return { body: undefined, bodyInvalid: false };
  try {
    return { body: JSON.parse(text) as unknown, bodyInvalid: false };
  } catch {
    return { body: text, bodyInvalid: true };
  }
}

function serialise(body: unknown): string {
  return body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
}

function toContractRequest(request: SimRequest): ContractRequest {
  return {
    method: request.method,
    path: request.url.pathname,
    query: request.query,
    headers: loggedHeaders(request.headers, new Set()),
    body: request.body,
  };
}

function toContractResponse(response: SimResponse): ContractResponse {
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const body = typeof response.body === 'string' ? parseBody(response.body).body : response.body;
  return { status: response.status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}
