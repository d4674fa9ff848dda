import { randomBytes } from 'node:crypto';
import { inCatalogue } from './catalogue.js';

/*
 * The simulator's data. Shapes follow JumpCloud's models (jcapiv1 `systemuserreturn`, jcapiv2
 * `Organization`, Directory Insights events) for the fields highwater reads plus a few JumpCloud always
 * sends, so the client's validation is exercised for real.
 */

export const simUserStates = ['STAGED', 'ACTIVATED', 'SUSPENDED'] as const;
export type SimUserState = (typeof simUserStates)[number];

export interface SimUser {
  _id: string;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  state: SimUserState;
  activated: boolean;
  suspended: boolean;
  account_locked: boolean;
  password_expired: boolean;
  organization: string;
  created: string;
}

export interface SimOrganization {
  id: string;
  name: string;
  maxSystemUsers?: number;
  providerId: string;
  users: SimUser[];
}

export interface SimPrincipal {
  id?: string;
  type?: string;
  username?: string;
  email?: string;
  [field: string]: unknown;
}

export interface SimEvent {
  id: string;
  event_type: string;
  service: string;
  timestamp: string;
  organization: string;
  success?: boolean;
  client_ip?: string;
  initiated_by?: SimPrincipal;
  resource?: SimPrincipal;
  [field: string]: unknown;
}

export interface UserSeed {
  id?: string;
  username?: string;
  email?: string;
  /** Default ACTIVATED. */
  state?: SimUserState;
  account_locked?: boolean;
  password_expired?: boolean;
}

export interface OrganizationSeed {
  id?: string;
  name?: string;
  maxSystemUsers?: number;
  /** A number of ACTIVATED users, or each user. */
  users?: number | UserSeed[];
}

export interface SeedInput {
  /** Default: the simulator's provider. Another id adds a provider the key can also see. */
  providerId?: string;
  organizations: OrganizationSeed[];
}

export interface EventSeed {
  /** Must be in JumpCloud's event catalogue for `service` (see catalogue.ts); anything else throws. */
  event_type: string;
  id?: string;
  /** Default `directory`. */
  service?: string;
  /** Default: one millisecond after the latest event appended so far (or now), so order is stable. */
  timestamp?: Date | string;
  success?: boolean;
  client_ip?: string;
  initiated_by?: SimPrincipal;
  resource?: SimPrincipal;
  [field: string]: unknown;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  atMs: number;
  method: string;
  path: string;
  /** Query parameters; a repeated parameter is an array. */
  query: Record<string, string | string[]>;
  /** Request headers except the API key (and any cookie or authorization header). */
  headers: Record<string, string>;
  /** How the `x-api-key` compared with the simulator's current key. */
  auth: 'valid' | 'invalid' | 'missing';
  orgId?: string;
  body?: unknown;
  /** 0 when the connection was reset; undefined while in flight or hanging. */
  status?: number;
  fault?: string;
}

/** A 24-hex-digit id, the shape of JumpCloud's (MongoDB) object ids. */
export function objectId(): string {
  return randomBytes(12).toString('hex');
}

export function newApiKey(): string {
  return `jcsim_${randomBytes(20).toString('hex')}`;
}

export class SimulatorData {
  readonly providers = new Map<string, SimOrganization[]>();
  readonly events: SimEvent[] = [];
  private userSeq = 0;
  private lastEventMs = 0;

  ensureProvider(providerId: string): SimOrganization[] {
    let organizations = this.providers.get(providerId);
    if (!organizations) {
      organizations = [];
      this.providers.set(providerId, organizations);
    }
    return organizations;
  }

  organization(orgId: string): SimOrganization | undefined {
    for (const organizations of this.providers.values()) {
      const found = organizations.find((org) => org.id === orgId);
      if (found) return found;
    }
    return undefined;
  }

  requireOrganization(orgId: string): SimOrganization {
    const org = this.organization(orgId);
    if (!org) throw new Error(`JumpCloud simulator: no organization ${orgId}`);
    return org;
  }

  addOrganization(providerId: string, seed: OrganizationSeed = {}): SimOrganization {
    const organizations = this.ensureProvider(providerId);
    const id = seed.id ?? objectId();
    if (this.organization(id)) throw new Error(`JumpCloud simulator: organization ${id} already exists`);
    const org: SimOrganization = {
      id,
      name: seed.name ?? `Client Organization ${organizations.length + 1}`,
      maxSystemUsers: seed.maxSystemUsers,
      providerId,
      users: [],
    };
    organizations.push(org);
    this.addUsers(id, seed.users ?? 0);
    return org;
  }

  removeOrganization(orgId: string): boolean {
    for (const organizations of this.providers.values()) {
      const index = organizations.findIndex((org) => org.id === orgId);
      if (index >= 0) {
        organizations.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  addUsers(orgId: string, users: number | UserSeed[]): SimUser[] {
    const org = this.requireOrganization(orgId);
    const seeds: UserSeed[] = typeof users === 'number' ? Array.from({ length: users }, () => ({})) : users;
    const created = seeds.map((seed) => {
      const n = ++this.userSeq;
      const state = seed.state ?? 'ACTIVATED';
      const username = seed.username ?? `user${n}`;
      return {
        _id: seed.id ?? objectId(),
        username,
        email: seed.email ?? `${username}@${org.id.slice(0, 8)}.example.com`,
        firstname: 'Sim',
        lastname: `User ${n}`,
        state,
        activated: state === 'ACTIVATED',
        suspended: state === 'SUSPENDED',
        account_locked: seed.account_locked ?? false,
        password_expired: seed.password_expired ?? false,
        organization: org.id,
        created: new Date().toISOString(),
      } satisfies SimUser;
    });
    org.users.push(...created);
    return created;
  }

  removeUser(orgId: string, userId: string): boolean {
    const org = this.requireOrganization(orgId);
    const index = org.users.findIndex((user) => user._id === userId);
    if (index >= 0) org.users.splice(index, 1);
    return index >= 0;
  }

  setUserState(orgId: string, userId: string, state: SimUserState): SimUser {
    const user = this.requireOrganization(orgId).users.find((candidate) => candidate._id === userId);
    if (!user) throw new Error(`JumpCloud simulator: no user ${userId} in organization ${orgId}`);
    user.state = state;
    user.suspended = state === 'SUSPENDED';
    if (state === 'ACTIVATED') user.activated = true;
    return user;
  }

  appendEvents(orgId: string, seeds: EventSeed[]): SimEvent[] {
    this.requireOrganization(orgId);
    // All or nothing: JumpCloud never sends an event its catalogue does not list for the service.
    for (const seed of seeds) {
      const service = seed.service ?? 'directory';
      if (!inCatalogue(service, seed.event_type)) {
        throw new Error(`JumpCloud simulator: ${service}/${String(seed.event_type)} is not in JumpCloud's event catalogue`);
      }
    }
    const created = seeds.map((seed) => {
      const { timestamp, id, service, ...rest } = seed;
      let ms: number;
      if (timestamp === undefined) {
        ms = Math.max(Date.now(), this.lastEventMs + 1);
      } else {
        ms = (timestamp instanceof Date ? timestamp : new Date(timestamp)).getTime();
        if (Number.isNaN(ms)) throw new Error(`JumpCloud simulator: bad event timestamp ${String(timestamp)}`);
      }
      this.lastEventMs = Math.max(this.lastEventMs, ms);
      return {
        ...rest,
        id: id ?? objectId(),
        service: service ?? 'directory',
        timestamp: new Date(ms).toISOString(),
        organization: orgId,
        '@version': '1',
      } satisfies SimEvent;
    });
    this.events.push(...created);
    return created;
  }
}
