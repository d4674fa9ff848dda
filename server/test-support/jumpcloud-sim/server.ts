import { adminRoute, type AdminReply, type AdminRequest, type AdminRoute } from '../vendor-sim/admin.js';
import { simulatorContract } from '../contracts/simulator-contract.js';
import {
  headerOf,
  loggedHeaders,
  VendorSimulator,
  type ContractFinding,
  type LoggedRequest,
  type SimRequest,
  type SimResponse,
  type VendorSimulatorOptions,
  type WaitOptions,
} from '../vendor-sim/server.js';
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

export type { WaitOptions };

export interface JumpCloudSimulatorOptions extends VendorSimulatorOptions {
  /** Default: a random key. */
  apiKey?: string;
  /** Default: a random 24-hex-digit id. */
  providerId?: string;
  /** Initial organizations and users. */
  seed?: SeedInput;
}

export interface SeedOrganizationsOptions {
  /** Of `usersPerOrg`, how many are SUSPENDED. Default 0. */
  suspendedPerOrg?: number;
  /** Of `usersPerOrg`, how many are STAGED. Default 0. */
  stagedPerOrg?: number;
  namePrefix?: string;
  providerId?: string;
}

/**
 * A JumpCloud stand-in over real HTTPS: the console routes (`/api/v2/providers/{id}/organizations`,
 * `/api/systemusers`) and Directory Insights (`/insights/directory/v1/events`) on one origin, so a
 * client's `baseUrl` and `insightsBaseUrl` can both point at `url`. Built on the vendor kit (../vendor-sim).
 */
export class JumpCloudSimulator extends VendorSimulator<RequestLogEntry> {
  readonly data = new SimulatorData();
  readonly providerId: string;

  protected readonly displayName = 'JumpCloud';
  protected readonly tempPrefix = 'jc-sim-';
  protected readonly malformedJson = '{"results": [{"id": "5f1b", "name": "Trunc';

  private key: string;

  constructor(private readonly options: JumpCloudSimulatorOptions = {}) {
    super({ ...options, contract: options.contract ?? simulatorContract('jumpcloud') });
    this.key = options.apiKey ?? newApiKey();
    this.providerId = options.providerId ?? objectId();
    this.data.ensureProvider(this.providerId);
  }

  /** The key currently accepted; earlier keys answer 401 after `rotateApiKey()`. */
  get apiKey(): string {
    return this.key;
  }

  get events(): readonly SimEvent[] {
    return this.data.events;
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

  // --- inspection and the kit's hooks ----------------------------------------------------------

  /** Requests with this method whose path (without query) equals `path` or matches the pattern. */
  requestsTo(method: string, path: string | RegExp): RequestLogEntry[] {
    const test = typeof path === 'string' ? (p: string) => p === path : (p: string) => path.test(p);
    return this.requests.filter((entry) => entry.method === method.toUpperCase() && test(entry.path));
  }

  protected override beforeListen(): void {
    if (this.options.seed) this.seed(this.options.seed);
  }

  protected logEntry(request: SimRequest, base: LoggedRequest): RequestLogEntry {
    const presented = headerOf(request.headers, 'x-api-key');
    return {
      ...base,
      query: request.query,
      headers: loggedHeaders(request.headers),
      auth: presented === undefined ? 'missing' : presented === this.key ? 'valid' : 'invalid',
      orgId: headerOf(request.headers, 'x-org-id'),
      body: request.body,
    };
  }

  protected faultRoute(url: URL): string {
    return url.pathname.replace(/^\/+|\/+$/g, '');
  }

  /** JumpCloud's 400s carry one `message` (v2 adds a `code`). */
  protected override contractRefusal(request: SimRequest, findings: ContractFinding[]): SimResponse {
    const message = findings.map((finding) => finding.message).join('; ');
    return request.url.pathname.startsWith('/api/v2/') ? v2Error(400, message) : messageError(400, message);
  }

  protected errorAnswer(status: number, message: string | undefined): SimResponse {
    return messageError(status, message ?? (status === 429 ? 'Too Many Requests' : `Simulated ${status}`));
  }

  protected answer(request: SimRequest, entry: RequestLogEntry): ApiResponse {
    const { method, url } = request;
    const route = routeOf(method, url.pathname);
    if (!route) return messageError(404, 'Not Found');
    if (entry.auth !== 'valid') {
      // UNVERIFIED wording; the status and `{message}` shape are JumpCloud's.
      return route.name === 'organizations' ? v2Error(401, 'Unauthorized') : messageError(401, 'Unauthorized');
    }
    const apiRequest: ApiRequest = { method, url, orgId: entry.orgId, body: request.body, bodyInvalid: request.bodyInvalid };
    switch (route.name) {
      case 'organizations':
        return listOrganizations(this.data, route.providerId ?? '', url);
      case 'systemusers':
        return listSystemUsers(this.data, apiRequest);
      case 'events':
        return queryEvents(this.data, apiRequest);
    }
  }

  protected vendorState(): Record<string, unknown> {
    return {
      baseUrl: this.url,
      apiKey: this.apiKey,
      providerId: this.providerId,
      caFile: this.caFile,
      providers: [...this.data.providers].map(([providerId, organizations]) => ({
        providerId,
        organizations: organizations.map((org) => ({
          id: org.id,
          name: org.name,
          maxSystemUsers: org.maxSystemUsers,
          users: org.users.length,
          byState: Object.fromEntries(
            ['STAGED', 'ACTIVATED', 'SUSPENDED'].map((s) => [s, org.users.filter((user) => user.state === s).length]),
          ),
        })),
      })),
      events: this.events.length,
      requests: this.requests.length,
    };
  }

  /**
   *   GET    /events                                    Directory Insights events held
   *   POST   /seed                                      body: SeedInput → organizations created
   *   POST   /seed-organizations                        body: {count, usersPerOrg, ...SeedOrganizationsOptions}
   *   DELETE /organizations/:orgId                      remove an organization
   *   POST   /organizations/:orgId/users                body: {count} or {users: UserSeed[]} → users created
   *   DELETE /organizations/:orgId/users/:userId        remove a user
   *   POST   /organizations/:orgId/users/:userId/state  body: {state}
   *   POST   /organizations/:orgId/events               body: {events: EventSeed[]} → events created
   *   POST   /rotate-key                                → {apiKey}; the old key answers 401
   */
  protected override vendorAdminRoutes(): AdminRoute[] {
    return [
      adminRoute('GET', '/events', () => this.events),
      adminRoute('POST', '/seed', async (req) => this.seed((await req.json()) as unknown as SeedInput)),
      adminRoute('POST', '/seed-organizations', async (req) => {
        const { count, usersPerOrg, ...options } = (await req.json()) as { count?: number; usersPerOrg?: number } & SeedOrganizationsOptions;
        return this.seedOrganizations(count ?? 1, usersPerOrg ?? 0, options);
      }),
      adminRoute('POST', '/rotate-key', () => ({ apiKey: this.rotateApiKey() })),
      (req) => this.organizationRoute(req),
    ];
  }

  private async organizationRoute({ method, segments, json }: AdminRequest): Promise<AdminReply | undefined> {
    const [root, orgId, sub, userId, leaf] = segments;
    if (root !== 'organizations' || !orgId) return undefined;
    if (!this.organization(orgId)) return { status: 404, body: { error: `no organization ${orgId}` } };
    if (method === 'DELETE' && segments.length === 2) return { status: 200, body: { ok: this.removeOrganization(orgId) } };
    if (method === 'POST' && sub === 'users' && segments.length === 3) {
      const body = await json();
      const users = Array.isArray(body.users) ? (body.users as UserSeed[]) : Number(body.count ?? 1);
      return { status: 200, body: this.addUsers(orgId, users) };
    }
    if (method === 'DELETE' && sub === 'users' && userId && segments.length === 4) {
      const removed = this.removeUser(orgId, userId);
      return { status: removed ? 200 : 404, body: { ok: removed } };
    }
    if (method === 'POST' && sub === 'users' && userId && leaf === 'state') {
      const body = await json();
      return { status: 200, body: this.setUserState(orgId, userId, body.state as SimUserState) };
    }
    if (method === 'POST' && sub === 'events' && segments.length === 3) {
      const body = await json();
      return { status: 200, body: this.appendEvents(orgId, (body.events ?? []) as EventSeed[]) };
    }
    return undefined;
  }
}

/** Starts a simulator on a free port (by default) and resolves once it is listening. */
export async function startJumpCloudSimulator(options: JumpCloudSimulatorOptions = {}): Promise<JumpCloudSimulator> {
  return new JumpCloudSimulator(options).start();
}
