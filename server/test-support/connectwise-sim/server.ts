import type { AdminRoute } from '../vendor-sim/admin.js';
import { simulatorContract } from '../contracts/simulator-contract.js';
import { adminRoute, ok } from '../vendor-sim/admin.js';
import {
  headerOf,
  VendorSimulator,
  type ContractFinding,
  type LoggedRequest,
  type SimRequest,
  type SimResponse,
  type VendorSimulatorOptions,
  type WaitOptions,
} from '../vendor-sim/server.js';
import { addBoard, firstClosedStatus, type BoardSpec, type SeededBoard } from './boards.js';
import { ensureServiceTables, seedConnectWise, type SeedOptions, type SeedResult } from './fixtures.js';
import { cwError, handleApi, resolve, type ApiResponse, type RouteContext } from './routes.js';
import { deniesClosing, parseDenial, refusal } from './security-role.js';
import { serviceDeskAdminRoutes } from './service-desk-admin.js';
import {
  newClientId,
  newKeys,
  SimulatorData,
  type ApiKeys,
  type PatchRecord,
  type PermissionDenial,
  type RequestLogEntry,
  type SimTicket,
  type SimTicketNote,
} from './state.js';
import { addNote, moveToStatus } from './ticket-routes.js';

export type { WaitOptions };

export interface SimulatorOptions extends VendorSimulatorOptions {
  /** Default `highwater_sim`. Compared case-insensitively, as ConnectWise does. */
  companyId?: string;
  companyName?: string;
  /** Default: random 16-character keys. */
  keys?: Partial<ApiKeys>;
  /** Reported for convenience; any non-empty `clientId` header is accepted. Default: a random GUID. */
  clientId?: string;
  /** Initial data, or `false` for none. Priorities, sources and boards always exist. Default `{}` (10 companies…). */
  seed?: SeedOptions | false;
  /**
   * What the API member's security role does not allow from the start (403 naming the permission): denials,
   * or their text, e.g. "Service Desk > Service Tickets: Add" (see security-role.ts).
   */
  deny?: Array<PermissionDenial | string>;
  /**
   * The API member's Service Desk > Close Service Tickets permission. Default true; false answers a PATCH
   * that moves a ticket to a closed status with 403 (other changes still work). `reset()` restores it.
   */
  canCloseTickets?: boolean;
}

/** How a technician closes or merges a ticket in ConnectWise's screens (admin endpoint and methods). */
export interface TechnicianAction {
  /** Member identifier recorded as `closedBy` / `createdBy`. Default `jsmith`. */
  by?: string;
}

export interface SimulatorCredentials {
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
}

export const codebase = 'v2025_1/';
const apiPrefix = `/${codebase}apis/3.0/`;

/** A ConnectWise Manage stand-in over real HTTPS, on the vendor kit (../vendor-sim). */
export class ConnectWiseSimulator extends VendorSimulator<RequestLogEntry> {
  readonly data = new SimulatorData();
  readonly patches: PatchRecord[] = [];
  readonly companyId: string;
  readonly clientId: string;
  /** Seed result of the start-up data. */
  initialSeed: SeedResult | undefined;

  protected readonly displayName = 'ConnectWise';
  protected readonly tempPrefix = 'cw-sim-';
  protected readonly malformedJson = '[{"id": 1, "name": "Truncat';

  private keys: ApiKeys;
  private denials: PermissionDenial[];
  private readonly companyName: string;
  private readonly routeContext: RouteContext;

  constructor(private readonly options: SimulatorOptions = {}) {
    super({ ...options, contract: options.contract ?? simulatorContract('connectwise') });
    this.companyId = options.companyId ?? 'highwater_sim';
    this.companyName = options.companyName ?? 'Highwater Simulated MSP';
    this.clientId = options.clientId ?? newClientId();
    const generated = newKeys();
    this.keys = { publicKey: options.keys?.publicKey ?? generated.publicKey, privateKey: options.keys?.privateKey ?? generated.privateKey };
    this.denials = [];
    this.data.canCloseTickets = options.canCloseTickets ?? true;
    for (const denial of options.deny ?? []) this.denyPermission(denial);
    this.routeContext = {
      data: this.data,
      recordPatch: (record) => this.patches.push(record),
      systemInfo: { version: 'v2025.1.12345', isCloud: true, serverTimeZone: 'Eastern Standard Time', cloudRegion: 'NA' },
    };
  }

  /** `host:port`, what a ConnectWise client calls the site. */
  get site(): string {
    return this.authority;
  }

  /** What a ConnectWise client needs to connect. */
  get credentials(): SimulatorCredentials {
    return { site: this.site, companyId: this.companyId, ...this.keys };
  }

  get tickets(): readonly SimTicket[] {
    return this.data.tickets;
  }

  seed(options: SeedOptions = {}): SeedResult {
    const result = seedConnectWise(this.data, options);
    this.changed();
    return result;
  }

  /** New keys take effect at once; the old ones answer 401 from now on. */
  rotateKeys(): ApiKeys {
    this.keys = newKeys();
    return { ...this.keys };
  }

  /**
   * Limits the API member's security role: a route, or a module function (and level, and Table Setup
   * table) as ConnectWise's roles do. "Service Desk > Close Service Tickets" withdraws `canCloseTickets`.
   */
  denyPermission(denial: PermissionDenial | string): void {
    const parsed = typeof denial === 'string' ? parseDenial(denial) : denial;
    if (!parsed.path && !parsed.area) throw new Error('a permission denial needs a path or an area (module > function)');
    if (deniesClosing(parsed)) this.data.canCloseTickets = false;
    this.denials.push(parsed);
  }

  /** What the role denies now (denials added by option, method or admin endpoint). */
  get permissionDenials(): readonly PermissionDenial[] {
    return [...this.denials];
  }

  /** Allows everything again (the Close Service Tickets permission too, if a denial withdrew it). */
  clearPermissionDenials(): void {
    if (this.denials.some(deniesClosing)) this.data.canCloseTickets = this.options.canCloseTickets ?? true;
    this.denials = [];
  }

  /** Forget requests, patches, faults, denials and in-flight peaks; data and keys stay. */
  override reset(): void {
    this.patches.length = 0;
    this.clearPermissionDenials();
    this.data.canCloseTickets = this.options.canCloseTickets ?? true;
    super.reset();
  }

  /** Grants or withdraws the Close Service Tickets permission (see `SimulatorOptions.canCloseTickets`). */
  setClosePermission(allowed: boolean): void {
    this.data.canCloseTickets = allowed;
  }

  /** A board with its statuses, types, subtypes and items, by name (`Service Desk`, `Security Alerts`, …). */
  board(name: string): SeededBoard | undefined {
    const board = this.data.boards.find((candidate) => candidate.name === name);
    if (!board) return undefined;
    const of = <T extends { board: { id: number } }>(rows: T[]) => rows.filter((row) => row.board.id === board.id);
    const { boardStatuses, boardTypes, boardSubTypes, boardItems } = this.data;
    return { id: board.id, name: board.name, statuses: of(boardStatuses), types: of(boardTypes), subTypes: of(boardSubTypes), items: of(boardItems) };
  }

  /** Adds a board with its own statuses, types, subtypes and items (defaults: a general service desk's). */
  addBoard(spec: BoardSpec): SeededBoard {
    const board = addBoard(this.data, spec);
    this.changed();
    return board;
  }

  /** A ticket as stored, deleted ones included (`deleted: true`). */
  ticket(id: number): SimTicket | undefined {
    return this.data.tickets.find((ticket) => ticket.id === id);
  }

  /** A ticket's notes, oldest first; the first is its initialDescription when one was sent. */
  notesOf(id: number): SimTicketNote[] {
    return [...(this.existingTicket(id).notes ?? [])];
  }

  /**
   * Closes a ticket as a technician would: to `statusId` (a closed status of its board), by default the
   * board's first closed status. Not subject to the API member's close permission.
   */
  technicianClose(id: number, options: TechnicianAction & { statusId?: number } = {}): SimTicket {
    const ticket = this.existingTicket(id);
    const status =
      options.statusId === undefined
        ? firstClosedStatus(this.data, ticket.board.id)
        : this.data.statusesOf(ticket.board.id).find((candidate) => candidate.id === options.statusId);
    if (!status?.closedStatus) {
      const which = options.statusId === undefined ? 'no closed status' : `status ${options.statusId} is not a closed status`;
      throw new Error(`${which} on board ${ticket.board.id}`);
    }
    moveToStatus(ticket, status, options.by ?? 'jsmith');
    this.changed();
    return ticket;
  }

  /**
   * Merges a ticket into `parentId` as a technician would: the merged ticket is closed (the board's first
   * closed status) and points at its parent with `mergedParentTicket`; its notes stay where they are.
   */
  mergeTicket(id: number, parentId: number, options: TechnicianAction = {}): SimTicket {
    const parent = this.existingTicket(parentId);
    if (parentId === id) throw new Error('a ticket cannot be merged into itself');
    const ticket = this.technicianClose(id, options);
    ticket.mergedParentTicket = { id: parent.id, summary: parent.summary };
    this.changed();
    return ticket;
  }

  /** Deletes a ticket: every route answers 404 for it from now on. */
  deleteTicket(id: number): void {
    this.existingTicket(id).deleted = true;
    this.changed();
  }

  /** A note a technician writes on the ticket (a discussion note unless flags say otherwise). */
  technicianNote(id: number, text: string, options: TechnicianAction & { internal?: boolean; resolution?: boolean } = {}): SimTicketNote {
    const note = addNote(this.data, this.existingTicket(id), {
      text,
      detailDescriptionFlag: !options.internal && !options.resolution,
      internalAnalysisFlag: options.internal ?? false,
      resolutionFlag: options.resolution ?? false,
      createdBy: options.by ?? 'jsmith',
    });
    this.changed();
    return note;
  }

  /** Requests whose method matches and whose route (relative to the API base) matches the pattern. */
  requestsTo(method: string, route: string | RegExp): RequestLogEntry[] {
    const test = typeof route === 'string' ? (r: string) => r.toLowerCase() === route.toLowerCase() : (r: string) => route.test(r);
    return this.requests.filter((entry) => entry.method === method.toUpperCase() && test(entry.route));
  }

  protected override beforeListen(): void {
    ensureServiceTables(this.data);
    if (this.options.seed !== false) this.initialSeed = this.seed(this.options.seed ?? {});
  }

  protected logEntry(request: SimRequest, base: LoggedRequest): RequestLogEntry {
    return {
      ...base,
      route: routeOf(request.url.pathname),
      query: Object.fromEntries(request.url.searchParams),
      body: request.body,
      headers: {
        accept: headerOf(request.headers, 'accept'),
        clientId: headerOf(request.headers, 'clientid'),
        paginationType: headerOf(request.headers, 'pagination-type'),
        contentType: headerOf(request.headers, 'content-type'),
      },
      auth: 'none-required',
    };
  }

  protected faultRoute(url: URL): string {
    return routeOf(url.pathname);
  }

  /** ConnectWise's own 400: `InvalidObject` with an `errors` entry per field (`Required` or `InvalidField`). */
  protected override contractRefusal(request: SimRequest, findings: ContractFinding[]): SimResponse {
    const resource = /\/additions\b/.test(request.url.pathname) ? 'agreementAddition' : resourceOf(request.url.pathname);
    const errors = findings.map((finding) => ({ code: finding.missing ? 'Required' : 'InvalidField', message: finding.message, resource, field: finding.field }));
    return cwError(400, 'InvalidObject', `${resource} object is invalid`, errors);
  }

  protected errorAnswer(status: number, message: string | undefined): SimResponse {
    if (status === 429) return cwError(429, 'TooManyRequests', message ?? 'Too many requests. Please retry later.');
    return cwError(status, status >= 500 ? 'InternalServerError' : 'Error', message ?? `Simulated ${status}`);
  }

  protected vendorState(): Record<string, unknown> {
    return {
      ...this.credentials,
      clientId: this.clientId,
      url: this.url,
      caFile: this.caFile,
      counts: {
        companyTypes: this.data.companyTypes.length,
        companies: this.data.companies.length,
        agreements: this.data.agreements.length,
        additions: this.data.additions.length,
        tickets: this.data.tickets.length,
        notes: this.data.tickets.reduce((sum, ticket) => sum + (ticket.notes?.length ?? 0), 0),
        requests: this.requests.length,
        patches: this.patches.length,
      },
      canCloseTickets: this.data.canCloseTickets,
      permissionDenials: this.denials,
    };
  }

  /**
   *   GET    /patches                PATCH bodies received, with what was applied or ignored
   *   GET    /tickets                tickets as stored: write-only initialDescription, notes, deleted
   *   GET    /tickets/:id/notes      one ticket's notes, oldest first
   *   POST   /tickets/:id/technician-close   body: { statusId?, by? }; closes it as a technician would
   *                                  (default: the board's first closed status), whatever canCloseTickets says
   *   POST   /tickets/:id/merge      body: { parentId, by? }; closes it with mergedParentTicket set
   *   POST   /tickets/:id/notes      body: { text, internal?, resolution?, by? }; a technician's note
   *   DELETE /tickets/:id            deletes it: the API answers 404 for it from now on
   *   PUT    /close-permission       body: { allowed: boolean }; the Close Service Tickets permission
   *   GET    /boards                 boards with their statuses, types, subtypes and items
   *   POST   /rotate-keys            → new { publicKey, privateKey }; old keys answer 401
   *   GET    /permissions            { denials, canCloseTickets }: what the API member's role does not allow
   *   POST   /permissions/deny       body: PermissionDenial, or { permission: "Finance > Agreements: Edit" }
   *   DELETE /permissions            allow everything again
   *   POST   /seed                   body: SeedOptions → ids created
   */
  protected override vendorAdminRoutes(): AdminRoute[] {
    return [
      adminRoute('GET', '/patches', () => this.patches),
      adminRoute('GET', '/tickets', () => this.tickets),
      ...serviceDeskAdminRoutes(this),
      adminRoute('GET', '/boards', () => this.data.boards.map((board) => this.board(board.name))),
      adminRoute('POST', '/rotate-keys', () => this.rotateKeys()),
      adminRoute('GET', '/permissions', () => ({ denials: this.permissionDenials, canCloseTickets: this.data.canCloseTickets })),
      adminRoute('POST', '/permissions/deny', async (req) => {
        const body = (await req.json()) as unknown as PermissionDenial & { permission?: string };
        this.denyPermission(typeof body.permission === 'string' ? body.permission : body);
        return ok;
      }),
      adminRoute('DELETE', '/permissions', () => {
        this.clearPermissionDenials();
        return ok;
      }),
      adminRoute('POST', '/seed', async (req) => this.seed((await req.json()) as SeedOptions)),
    ];
  }

  protected answer(request: SimRequest, entry: RequestLogEntry): ApiResponse {
    const { method, url } = request;
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

    entry.auth = this.authenticate(entry, headerOf(request.headers, 'authorization'));
    if (entry.auth !== 'valid') {
      const message = !entry.headers.clientId
        ? 'A clientId header is required. See https://developer.connectwise.com/ClientID'
        : 'Authentication failed: invalid company ID, public key or private key.';
      return cwError(401, 'Unauthorized', message);
    }

    const resolved = resolve(method, entry.route);
    if (!resolved) return cwError(404, 'NotFound', `No endpoint matches ${method} ${entry.route}`);
    const refused = refusal(this.denials, method, entry.route, resolved.route);
    if (refused) return refused;
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

  private existingTicket(id: number): SimTicket {
    const ticket = this.data.ticket(id);
    if (!ticket) throw new Error(`no ticket ${id}`);
    return ticket;
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
}

function routeOf(pathname: string): string {
  const lower = pathname.toLowerCase();
  if (lower.startsWith(apiPrefix)) return pathname.slice(apiPrefix.length).replace(/\/+$/, '');
  return pathname.replace(/^\/+|\/+$/g, '');
}

/** Starts a simulator on a free port (by default) and resolves once it is listening. */
export async function startConnectWiseSimulator(options: SimulatorOptions = {}): Promise<ConnectWiseSimulator> {
  return new ConnectWiseSimulator(options).start();
}

/** `…/service/tickets` → `ticket`, as ConnectWise names the resource in its errors. */
function resourceOf(pathname: string): string {
  const word = pathname.split('/').reverse().find((segment) => /^[a-z]+$/i.test(segment)) ?? 'resource';
  return word.replace(/s$/, '');
}
