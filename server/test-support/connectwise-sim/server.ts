import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAdminServer, type AdminServer } from './admin.js';
import { simulatorCertificate } from '../simulator-certificate.js';
import { FaultInjector, patternToRegExp, type ActiveFault, type Fault, type TerminalFault } from './faults.js';
import { ensureServiceTables, seedConnectWise, type SeedOptions, type SeedResult } from './fixtures.js';
import { cwError, handleApi, permissionLevel, resolve, type ApiResponse, type RouteContext } from './routes.js';
import {
  newClientId,
  newKeys,
  SimulatorData,
  type ApiKeys,
  type PatchRecord,
  type PermissionDenial,
  type RequestLogEntry,
  type SimTicket,
} from './state.js';

export interface SimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `highwater_sim`. Compared case-insensitively, as ConnectWise does. */
  companyId?: string;
  companyName?: string;
  /** Default: random 16-character keys. */
  keys?: Partial<ApiKeys>;
  /** Reported for convenience; any non-empty `clientId` header is accepted. Default: a random GUID. */
  clientId?: string;
  /** Initial data, or `false` for none. Priorities, sources and boards always exist. Default `{}` (10 companies…). */
  seed?: SeedOptions | false;
  /** Latency added to every request, e.g. 25 for benchmarks. */
  latencyMs?: number;
  /** Start the JSON admin endpoint (plain HTTP on the same host). Default false. */
  admin?: boolean | { port?: number };
  /** Routes denied to the API member from the start (403 naming the permission). */
  deny?: PermissionDenial[];
}

export interface SimulatorCredentials {
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export const codebase = 'v2025_1/';
const apiPrefix = `/${codebase}apis/3.0/`;

export class ConnectWiseSimulator {
  readonly data = new SimulatorData();
  readonly requests: RequestLogEntry[] = [];
  readonly patches: PatchRecord[] = [];
  readonly companyId: string;
  readonly clientId: string;
  /** Seed result of the start-up data. */
  initialSeed: SeedResult | undefined;
  url = '';
  site = '';
  adminUrl: string | undefined;
  caFile = '';
  ca = '';
  inFlight = 0;
  maxInFlight = 0;

  private keys: ApiKeys;
  private readonly faultInjector = new FaultInjector();
  private denials: PermissionDenial[];
  private readonly events = new EventEmitter();
  private readonly settlers = new WeakMap<ServerResponse, () => void>();
  private server: Server | undefined;
  private admin: AdminServer | undefined;
  private tempDir = '';
  private seq = 0;
  private readonly companyName: string;
  private readonly routeContext: RouteContext;

  constructor(private readonly options: SimulatorOptions = {}) {
    this.companyId = options.companyId ?? 'highwater_sim';
    this.companyName = options.companyName ?? 'Highwater Simulated MSP';
    this.clientId = options.clientId ?? newClientId();
    const generated = newKeys();
    this.keys = { publicKey: options.keys?.publicKey ?? generated.publicKey, privateKey: options.keys?.privateKey ?? generated.privateKey };
    this.denials = [...(options.deny ?? [])];
    this.events.setMaxListeners(0);
    this.routeContext = {
      data: this.data,
      recordPatch: (record) => this.patches.push(record),
      systemInfo: { version: 'v2025.1.12345', isCloud: true, serverTimeZone: 'Eastern Standard Time', cloudRegion: 'NA' },
    };
  }

  /** What a ConnectWise client needs to connect. */
  get credentials(): SimulatorCredentials {
    return { site: this.site, companyId: this.companyId, ...this.keys };
  }

  get tickets(): readonly SimTicket[] {
    return this.data.tickets;
  }

  get faults(): ReadonlyArray<Readonly<ActiveFault>> {
    return this.faultInjector.list();
  }

  async start(): Promise<this> {
    const { cert, key } = await simulatorCertificate();
    this.ca = cert;
    this.tempDir = await mkdtemp(join(tmpdir(), 'cw-sim-'));
    this.caFile = join(this.tempDir, 'ca.pem');
    await writeFile(this.caFile, cert);
    ensureServiceTables(this.data);
    if (this.options.seed !== false) this.initialSeed = this.seed(this.options.seed ?? {});
    if (this.options.latencyMs) this.addFault({ type: 'latency', ms: this.options.latencyMs, name: 'base-latency' });

    const server = createServer({ cert, key, keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolveListen());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.site = `${host}:${address.port}`;
    this.url = `https://${this.site}`;

    if (this.options.admin) {
      const adminPort = typeof this.options.admin === 'object' ? this.options.admin.port : undefined;
      this.admin = await startAdminServer(this, this.options.host ?? '127.0.0.1', adminPort ?? 0);
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
    this.events.emit('change');
  }

  seed(options: SeedOptions = {}): SeedResult {
    const result = seedConnectWise(this.data, options);
    this.events.emit('change');
    return result;
  }

  addFault(fault: Fault): string {
    return this.faultInjector.add(fault);
  }

  removeFault(id: string): boolean {
    return this.faultInjector.remove(id);
  }

  clearFaults(): void {
    this.faultInjector.clear();
    if (this.options.latencyMs) this.addFault({ type: 'latency', ms: this.options.latencyMs, name: 'base-latency' });
  }

  /** New keys take effect at once; the old ones answer 401 from now on. */
  rotateKeys(): ApiKeys {
    this.keys = newKeys();
    return { ...this.keys };
  }

  denyPermission(denial: PermissionDenial): void {
    this.denials.push(denial);
  }

  clearPermissionDenials(): void {
    this.denials = [];
  }

  /** Forget requests, patches, faults, denials and in-flight peaks; data and keys stay. */
  reset(): void {
    this.requests.length = 0;
    this.patches.length = 0;
    this.clearFaults();
    this.clearPermissionDenials();
    this.maxInFlight = this.inFlight;
    this.events.emit('change');
  }

  resetMaxInFlight(): void {
    this.maxInFlight = this.inFlight;
  }

  /** Requests whose method matches and whose route (relative to the API base) matches the pattern. */
  requestsTo(method: string, route: string | RegExp): RequestLogEntry[] {
    const test = typeof route === 'string' ? (r: string) => r.toLowerCase() === route.toLowerCase() : (r: string) => route.test(r);
    return this.requests.filter((entry) => entry.method === method.toUpperCase() && test(entry.route));
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
        reject(new Error(`ConnectWise simulator: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
    });
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
      this.events.emit('change');
    };
    this.settlers.set(res, settle);
    res.on('close', settle);

    const arrived = Date.now();
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? this.site}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    const route = routeOf(url.pathname);
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      at: new Date(arrived).toISOString(),
      atMs: arrived,
      method,
      path: url.pathname,
      route,
      query: Object.fromEntries(url.searchParams),
      body: parseBody(text),
      headers: {
        accept: header(req, 'accept'),
        clientId: header(req, 'clientid'),
        paginationType: header(req, 'pagination-type'),
        contentType: header(req, 'content-type'),
      },
      auth: 'none-required',
    };
    this.requests.push(entry);
    this.events.emit('change');

    const decision = this.faultInjector.decide(method, route);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (res.destroyed) return;
    if (decision.terminal) {
      entry.fault = decision.terminal.name;
      this.answerWithFault(decision.terminal.action, entry, req, res);
      return;
    }
    this.send(res, entry, this.answer(method, url, entry, header(req, 'authorization')));
  }

  private answer(method: string, url: URL, entry: RequestLogEntry, authorization: string | undefined): ApiResponse {
    const companyInfo = /^\/login\/companyinfo\/([^/]+)\/?$/i.exec(url.pathname);
    if (companyInfo && method === 'GET') {
      const requested = decodeURIComponent(companyInfo[1] ?? '');
      if (requested.toLowerCase() !== this.companyId.toLowerCase()) return { status: 200, body: '' };
      return {
        status: 200,
        body: {
          CompanyName: this.companyName,
          Codebase: codebase,
          VersionCode: 'v2025.1',
          VersionNumber: 'v4.6.12345',
          CompanyID: this.companyId,
          IsCloud: true,
        },
      };
    }
    if (!url.pathname.toLowerCase().startsWith(apiPrefix)) {
      return cwError(404, 'NotFound', 'The resource cannot be found.');
    }

    entry.auth = this.authenticate(entry, authorization);
    if (entry.auth !== 'valid') {
      const message = !entry.headers.clientId
        ? 'A clientId header is required. See https://developer.connectwise.com/ClientID'
        : 'Authentication failed: invalid company ID, public key or private key.';
      return cwError(401, 'Unauthorized', message);
    }

    const resolved = resolve(method, entry.route);
    if (!resolved) return cwError(404, 'NotFound', `No endpoint matches ${method} ${entry.route}`);
    const denial = this.denials.find(
      (d) => (!d.method || d.method.toUpperCase() === method) && routeMatches(d.path, entry.route),
    );
    if (denial) {
      const level = denial.level ?? permissionLevel(method);
      const area = denial.area ?? resolved.route.area;
      return cwError(403, 'Forbidden', `You do not have ${level} permission for ${area}.`);
    }
    return handleApi(
      resolved,
      {
        method,
        route: entry.route,
        query: entry.query,
        body: entry.body,
        forwardOnly: entry.headers.paginationType?.toLowerCase() === 'forward-only',
        url,
      },
      this.routeContext,
    );
  }

  /** Basic `companyId+publicKey:privateKey` against the current keys; rotated keys no longer match. */
  private authenticate(entry: RequestLogEntry, authorization: string | undefined): RequestLogEntry['auth'] {
    if (!authorization) return 'missing';
    if (!entry.headers.clientId) return 'invalid';
    const match = /^Basic\s+(.+)$/i.exec(authorization);
    if (!match?.[1]) return 'invalid';
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const plus = decoded.indexOf('+');
    const colon = decoded.indexOf(':', plus + 1);
    if (plus < 0 || colon < 0) return 'invalid';
    const companyId = decoded.slice(0, plus);
    const publicKey = decoded.slice(plus + 1, colon);
    const privateKey = decoded.slice(colon + 1);
    const ok =
      companyId.toLowerCase() === this.companyId.toLowerCase() &&
      publicKey === this.keys.publicKey &&
      privateKey === this.keys.privateKey;
    return ok ? 'valid' : 'invalid';
  }

  private send(res: ServerResponse, entry: RequestLogEntry, response: ApiResponse): void {
    entry.status = response.status;
    this.settlers.get(res)?.();
    const raw = typeof response.body === 'string';
    const payload = response.body === undefined ? '' : raw ? (response.body as string) : JSON.stringify(response.body);
    res.writeHead(response.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      ...response.headers,
    });
    res.end(payload);
    this.events.emit('change');
  }

  private answerWithFault(action: TerminalFault, entry: RequestLogEntry, req: IncomingMessage, res: ServerResponse): void {
    switch (action.type) {
      case 'status':
        this.send(res, entry, {
          ...cwError(action.status, action.status >= 500 ? 'InternalServerError' : 'Error', `Simulated ${action.status}`),
          ...(action.body === undefined ? {} : { body: action.body }),
          headers: action.headers,
        });
        return;
      case 'too-many-requests':
        this.send(res, entry, {
          ...cwError(429, 'TooManyRequests', 'Too many requests. Please retry later.'),
          headers: { 'retry-after': String(action.retryAfterSeconds) },
        });
        return;
      case 'malformed-json':
        this.send(res, entry, { status: 200, body: '[{"id": 1, "name": "Truncat' });
        return;
      case 'respond':
        this.send(res, entry, {
          status: action.status ?? 200,
          body: typeof action.body === 'string' ? action.body : JSON.stringify(action.body),
          headers: action.headers,
        });
        return;
      case 'reset':
        entry.status = 0;
        this.settlers.get(res)?.();
        req.socket.destroy();
        this.events.emit('change');
        return;
      case 'hang':
        // Never answered: the client's timeout (or close()) ends it.
        return;
    }
  }
}

function routeOf(pathname: string): string {
  const lower = pathname.toLowerCase();
  if (lower.startsWith(apiPrefix)) return pathname.slice(apiPrefix.length).replace(/\/+$/, '');
  return pathname.replace(/^\/+|\/+$/g, '');
}

function routeMatches(pattern: string, route: string): boolean {
  return patternToRegExp(pattern).test(route);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts a simulator on a free port (by default) and resolves once it is listening. */
export async function startConnectWiseSimulator(options: SimulatorOptions = {}): Promise<ConnectWiseSimulator> {
  return new ConnectWiseSimulator(options).start();
}
