import type { EventSeed, SeedInput, SimEvent, SimOrganization, UserSeed } from './state.js';

/*
 * A realistic JumpCloud tenant for demos and benches: organizations of varied sizes (some capped, some
 * with suspended, staged, locked-out or password-expired users) and a day of Directory Insights events
 * from both `directory` and `systems` (plus sso/radius/ldap), mostly routine sign-ins and changes, with
 * the four alert events, their resolutions and look-alikes that raise nothing (`user_group_admin_grant`,
 * `system_fde_key_update`). Deterministic for a given `seed`.
 */

export interface RealisticSeedTarget {
  seed(input: SeedInput): SimOrganization[];
  appendEvents(orgId: string, events: EventSeed[]): SimEvent[];
}

export interface RealisticSeedOptions {
  /** Default 12. */
  organizations?: number;
  /** Directory Insights events per organization. Default 60. */
  eventsPerOrg?: number;
  /** Events fall in the `windowMs` before this. Default now. */
  now?: Date;
  /** Default 24 hours. */
  windowMs?: number;
  /** PRNG seed: the same seed gives the same tenant (ids apart). Default 1. */
  seed?: number;
  /** Default: the simulator's own provider. */
  providerId?: string;
  namePrefix?: string;
}

export interface RealisticSeedSummary {
  organizations: SimOrganization[];
  events: SimEvent[];
  /** Events per `service/event_type`. */
  eventCounts: Record<string, number>;
}

const NAMES = ['Acme Dental', 'Birch Legal', 'Cedar Clinic', 'Dune Logistics', 'Elm Street Bakery', 'Fjord Analytics', 'Granite Builders', 'Harbor Vets', 'Iris Architects', 'Juniper Schools', 'Kestrel Aviation', 'Lumen Media'];

/** [weight, service, event_type]: routine first, then alerts, resolutions and look-alikes. */
const EVENT_MIX: readonly [number, string, string][] = [
  [30, 'directory', 'user_login_attempt'],
  [8, 'directory', 'admin_login_attempt'],
  [6, 'directory', 'user_update'],
  [4, 'directory', 'association_change'],
  [2, 'directory', 'user_create'],
  [2, 'directory', 'user_group_admin_grant'],
  [1, 'directory', 'user_group_admin_revoke'],
  [20, 'systems', 'login_attempt'],
  [3, 'systems', 'system_fde_key_update'],
  [2, 'systems', 'os_minor_upgrade'],
  [8, 'sso', 'sso_auth'],
  [4, 'radius', 'radius_auth'],
  [2, 'ldap', 'ldap_bind'],
  // Alerts.
  [3, 'directory', 'user_lockout'],
  [2, 'systems', 'user_lockout'],
  [2, 'directory', 'user_password_expired'],
  [1, 'directory', 'user_admin_granted'],
  [1, 'systems', 'system_fde_key_decrypt'],
  // Resolutions.
  [2, 'directory', 'user_unlocked'],
  [2, 'directory', 'user_password_change'],
  [1, 'systems', 'user_password_change'],
  [1, 'directory', 'user_admin_revoked'],
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function realisticSeed(target: RealisticSeedTarget, options: RealisticSeedOptions = {}): RealisticSeedSummary {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const count = options.organizations ?? 12;
  const eventsPerOrg = options.eventsPerOrg ?? 60;
  const now = (options.now ?? new Date()).getTime();
  const windowMs = options.windowMs ?? 24 * 60 * 60_000;

  const organizations = target.seed({
    providerId: options.providerId,
    organizations: Array.from({ length: count }, (_, i) => {
      // A few large tenants, many small ones; every fourth has a seat cap; one is empty.
      const size = i === count - 1 ? 0 : Math.round(3 + random() ** 2 * 180);
      const users: UserSeed[] = Array.from({ length: size }, (_, n) => {
        const roll = random();
        const state = roll < 0.08 ? 'SUSPENDED' : roll < 0.14 ? 'STAGED' : 'ACTIVATED';
        return { username: `user${n + 1}`, state, account_locked: state === 'ACTIVATED' && random() < 0.03, password_expired: state === 'ACTIVATED' && random() < 0.05 };
      });
      const name = `${options.namePrefix ?? ''}${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
      return { name, users, ...(i % 4 === 0 ? { maxSystemUsers: size + 10 } : {}) };
    }),
  });

  const totalWeight = EVENT_MIX.reduce((sum, [weight]) => sum + weight, 0);
  const drawType = () => {
    let roll = random() * totalWeight;
    for (const entry of EVENT_MIX) {
      roll -= entry[0];
      if (roll < 0) return entry;
    }
    return EVENT_MIX[0]!;
  };
  const events: SimEvent[] = [];
  const eventCounts: Record<string, number> = {};
  for (const org of organizations) {
    if (org.users.length === 0) continue;
    const host = org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const seeds: EventSeed[] = Array.from({ length: eventsPerOrg }, () => {
      const [, service, eventType] = drawType();
      const user = pick(org.users);
      const device = `${host}-${pick(['mbp', 'win', 'lnx'])}-${Math.floor(random() * 40) + 1}`;
      const seed: EventSeed = {
        service,
        event_type: eventType,
        timestamp: new Date(now - Math.floor(random() * windowMs)),
        client_ip: `203.0.113.${Math.floor(random() * 254) + 1}`,
        resource: { type: 'user', id: user._id, username: user.username, email: user.email },
        initiated_by: eventType.startsWith('user_admin') || eventType.startsWith('user_group') ? { type: 'admin', email: 'admin@msp.example' } : { type: 'user', id: user._id, username: user.username },
      };
      if (service === 'systems') seed.system = { id: user._id.slice(0, 12) + '000000000000', hostname: device, displayName: device };
      if (eventType.endsWith('login_attempt') || eventType.endsWith('_auth') || eventType === 'ldap_bind') seed.success = random() > 0.1;
      if (eventType === 'user_group_admin_grant' || eventType === 'user_group_admin_revoke') seed.resource = { type: 'user_group', id: user._id, name: 'Engineering' };
      eventCounts[`${service}/${eventType}`] = (eventCounts[`${service}/${eventType}`] ?? 0) + 1;
      return seed;
    });
    seeds.sort((a, b) => (a.timestamp as Date).getTime() - (b.timestamp as Date).getTime());
    events.push(...target.appendEvents(org.id, seeds));
  }
  return { organizations, events, eventCounts };
}
