import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAdminServer, type AdminServer } from './admin.js';
import { simulatorCertificate } from '../simulator-certificate.js';
import { FaultInjector, type ActiveFault, type Fault, type TerminalFault } from './faults.js';
import {
  listOrganizations,
  listSystemUsers,
  messageError,
  queryEvents,
  routeOf,
  v2Error,
  type ApiRequest,
  type ApiResponse,
} from './routes.js';
import {
  newApiKey,
  objectId,
  SimulatorData,
  type EventSeed,
  type OrganizationSeed,
  type RequestLogEntry,
  type SeedInput,
  type SimEvent,
  type SimOrganization,
  type SimUser,
  type SimUserState,
  type UserSeed,
} from './state.js';

export interface JumpCloudSimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a random key. */
  apiKey?: string;
  /** Default: a random 24-hex-digit id. */
  providerId?: string;
  /** Initial organizations and users. */
  seed?: SeedInput;
  /** Latency added to every request, e.g. 25 for benchmarks. */
  latencyMs?: number;
  /** Start the JSON admin endpoint (plain HTTP on the same host). Default false. */
  admin?: boolean | { port?: number };
}

export interface SeedOrganizationsOptions {
  /** Of `usersPerOrg`, how many are SUSPENDED. Default 0. */
  suspendedPerOrg?: number;
  /** Of `usersPerOrg`, how many are STAGED. Default 0. */
  stagedPerOrg?: number;
  namePrefix?: string;
  providerId?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

/** Request headers the log never keeps. */
const secretHeaders = new Set(['x-api-key', 'authorization', 'cookie']);

/**
 * A JumpCloud stand-in over real HTTPS: the console routes (`/api/v2/providers/{id}/organizations`,
 * `/api/systemusers`) and Directory Insights (`/insights/directory/v1/events`) on one origin, so a
 * client's `baseUrl` and `insightsBaseUrl` can both point at `url`.
 */
export class JumpCloudSimulator {
  readonly data = new SimulatorData();
  readonly requests: RequestLogEntry[] = [];
  readonly providerId: string;
  url = '';
  adminUrl: string | undefined;
  ca = '';
  caFile = '';
  inFlight = 0;
  maxInFlight = 0;

  private key: string;
  private readonly faultInjector = new FaultInjector();
  private readonly changes = new EventEmitter();
  private server: Server | undefined;
  private admin: AdminServer | undefined;
  private tempDir = '';
  private seq = 0;

  constructor(private readonly options: JumpCloudSimulatorOptions = {}) {
    this.key = options.apiKey ?? newApiKey();
    this.providerId = options.providerId ?? objectId();
    this.data.ensureProvider(this.providerId);
    this.changes.setMaxListeners(0);
  }

  /** The key currently accepted; earlier keys answer 401 after `rotateApiKey()`. */
  get apiKey(): string {
    return this.key;
  }

  get faults(): ReadonlyArray<Readonly<ActiveFault>> {
    return this.faultInjector.list();
  }

  get events(): readonly SimEvent[] {
    return this.data.events;
  }

  async start(): Promise<this> {
    const { cert, key } = await simulatorCertificate();
    this.ca = cert;
    this.tempDir = await mkdtemp(join(tmpdir(), 'jc-sim-'));
    this.caFile = join(this.tempDir, 'ca.pem');
    await writeFile(this.caFile, cert);
    if (this.options.seed) this.seed(this.options.seed);
    if (this.options.latencyMs) this.addFault({ type: 'latency', ms: this.options.latencyMs, name: 'base-latency' });

    const server = createServer({ cert, key, keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolveListen());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `https://${host}:${address.port}`;

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
    this.changed();
  }

  // --- data -------------------------------------------------------------------------------------

  /** Adds organizations (with users) to a provider, the simulator's own by default. */
  seed(input: SeedInput): SimOrganization[] {
    const providerId = input.providerId ?? this.providerId;
    const created = input.organizations.map((org) => this.data.addOrganization(providerId, org));
    this.changed();
    return created;
  }

  /** `count` organizations of `usersPerOrg` users each (ACTIVATED, bar the suspended and staged asked for). */
  seedOrganizations(count: number, usersPerOrg = 0, options: SeedOrganizationsOptions = {}): SimOrganization[] {
    const suspended = options.suspendedPerOrg ?? 0;
    const staged = options.stagedPerOrg ?? 0;
    if (suspended + staged > usersPerOrg) throw new Error('suspendedPerOrg + stagedPerOrg exceeds usersPerOrg');
    const existing = this.data.providers.get(options.providerId ?? this.providerId)?.length ?? 0;
    const users = (): UserSeed[] => [
      ...Array.from({ length: usersPerOrg - suspended - staged }, () => ({ state: 'ACTIVATED' as const })),
      ...Array.from({ length: suspended }, () => ({ state: 'SUSPENDED' as const })),
      ...Array.from({ length: staged }, () => ({ state: 'STAGED' as const })),
    ];
    return this.seed({
      providerId: options.providerId,
      organizations: Array.from({ length: count }, (_, i) => ({
        name: `${options.namePrefix ?? 'Client Organization'} ${existing + i + 1}`,
        users: users(),
      })),
    });
  }

  organization(orgId: string): SimOrganization | undefined {
    return this.data.organization(orgId);
  }

  addOrganization(seed: OrganizationSeed = {}, providerId = this.providerId): SimOrganization {
    const org = this.data.addOrganization(providerId, seed);
    this.changed();
    return org;
  }

  removeOrganization(orgId: string): boolean {
    const removed = this.data.removeOrganization(orgId);
    this.changed();
    return removed;
  }

  /** Adds `users` ACTIVATED users, or the users described. */
  addUsers(orgId: string, users: number | UserSeed[]): SimUser[] {
    const created = this.data.addUsers(orgId, users);
    this.changed();
    return created;
  }

  removeUser(orgId: string, userId: string): boolean {
    const removed = this.data.removeUser(orgId, userId);
    this.changed();
    return removed;
  }

  setUserState(orgId: string, userId: string, state: SimUserState): SimUser {
    const user = this.data.setUserState(orgId, userId, state);
    this.changed();
    return user;
  }

  suspendUser(orgId: string, userId: string): SimUser {
    return this.setUserState(orgId, userId, 'SUSPENDED');
  }

  /** Appends Directory Insights events to an organization; timestamps default to strictly increasing. */
  appendEvents(orgId: string, events: EventSeed[]): SimEvent[] {
    const created = this.data.appendEvents(orgId, events);
    this.changed();
    return created;
  }

  /** A new key takes effect at once; the old one answers 401 from now on. */
  rotateApiKey(): string {
    this.key = newApiKey();
    this.changed();
    return this.key;
  }

  // --- faults and inspection ---------------------------------------------------------------------

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

  /** Requests with this method whose path (without query) equals `path` or matches the pattern. */
  requestsTo(method: string, path: string | RegExp): RequestLogEntry[] {
    const test = typeof path === 'string' ? (p: string) => p === path : (p: string) => path.test(p);
    return this.requests.filter((entry) => entry.method === method.toUpperCase() && test(entry.path));
  }

  resetMaxInFlight(): void {
    this.maxInFlight = this.inFlight;
  }

  /** Forget requests, faults and in-flight peaks; data and key stay. */
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
        reject(new Error(`JumpCloud simulator: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
    });
  }

  // --- HTTP ----------------------------------------------------------------------------------------

  private changed(): void {
    this.changes.emit('change');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let settled = false;
    res.on('close', () => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      this.changed();
    });

    const arrived = Date.now();
    const url = new URL(req.url ?? '/', this.url || 'https://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    const presented = header(req, 'x-api-key');
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      at: new Date(arrived).toISOString(),
      atMs: arrived,
      method,
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers: loggedHeaders(req),
      auth: presented === undefined ? 'missing' : presented === this.key ? 'valid' : 'invalid',
      orgId: header(req, 'x-org-id'),
      body: parseBody(text).value,
    };
    this.requests.push(entry);
    this.changed();

    const decision = this.faultInjector.decide(method, url.pathname.replace(/^\/+|\/+$/g, ''));
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (res.destroyed) return;
    if (decision.terminal) {
      entry.fault = decision.terminal.name;
      this.answerWithFault(decision.terminal.action, entry, req, res);
      return;
    }
    this.send(res, entry, this.answer(method, url, entry, text));
  }

  private answer(method: string, url: URL, entry: RequestLogEntry, text: string): ApiResponse {
    const route = routeOf(method, url.pathname);
    if (!route) return messageError(404, 'Not Found');
    if (entry.auth !== 'valid') {
      // UNVERIFIED wording; the status and `{message}` shape are JumpCloud's.
      return route.name === 'organizations' ? v2Error(401, 'Unauthorized') : messageError(401, 'Unauthorized');
    }
    const parsed = parseBody(text);
    const request: ApiRequest = { method, url, orgId: entry.orgId, body: parsed.value, bodyInvalid: parsed.invalid };
    switch (route.name) {
      case 'organizations':
        return listOrganizations(this.data, route.providerId ?? '', url);
      case 'systemusers':
        return listSystemUsers(this.data, request);
      case 'events':
        return queryEvents(this.data, request);
    }
  }

  private send(res: ServerResponse, entry: RequestLogEntry, response: ApiResponse): void {
    entry.status = response.status;
    const { body } = response;
    const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(response.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      ...response.headers,
    });
    res.end(payload);
    this.changed();
  }

  private answerWithFault(action: TerminalFault, entry: RequestLogEntry, req: IncomingMessage, res: ServerResponse): void {
    switch (action.type) {
      case 'status':
        this.send(res, entry, {
          ...messageError(action.status, action.message ?? `Simulated ${action.status}`),
          headers: action.headers,
        });
        return;
      case 'too-many-requests':
        this.send(res, entry, {
          ...messageError(429, 'Too Many Requests'),
          headers: { 'retry-after': String(action.retryAfterSeconds) },
        });
        return;
      case 'malformed-json':
        this.send(res, entry, { status: 200, body: '{"results": [{"id": "5f1b", "name": "Trunc' });
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
        req.socket.destroy();
        this.changed();
        return;
      case 'hang':
        // Never answered: the client's timeout (or close()) ends it.
        return;
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || secretHeaders.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
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

function parseBody(text: string): { value: unknown; invalid: boolean } {
  if (!text) return { value: undefined, invalid: false };
  try {
    return { value: JSON.parse(text) as unknown, invalid: false };
  } catch {
    return { value: text, invalid: true };
  }
}

/** Starts a simulator on a free port (by default) and resolves once it is listening. */
export async function startJumpCloudSimulator(options: JumpCloudSimulatorOptions = {}): Promise<JumpCloudSimulator> {
  return new JumpCloudSimulator(options).start();
}
