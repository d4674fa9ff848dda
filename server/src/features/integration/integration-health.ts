import type { EntityManager } from '@mikro-orm/postgresql';
import { ConnectWiseError, type TransportObserver } from '../../connectwise/index.js';
import type { Logger } from '../../shared/logger.js';
import { scopeEntityManager } from '../auth/tenant-scope.js';
import { ConnectWiseIntegration, IntegrationStatus } from './integration.entity.js';

/*
 * Whether a provider's ConnectWise integration works, as its real traffic shows: a 401 or 403 on any call
 * (a sync, a ticket, a picker's read) marks it FAILING with what was refused and what to do; a later
 * authenticated success clears it. Watching the shared client's traffic covers every caller in one place.
 *
 * The row is written only when the status changes. What this process knows of each provider's status is
 * refreshed whenever a request or job loads the integration (`note`), so a FAILING set by another process
 * is cleared here too. Writes go through their own fork, never the caller's unit of work, and match the
 * sealed key the call was made with: a late 401 from old keys never marks freshly saved ones.
 */

/** Discovery is unauthenticated: its success proves nothing about the keys. */
const UNAUTHENTICATED_ROUTES = new Set(['login/companyinfo/:company']);
/**
 * Calls whose 403 is one narrow permission, shown where it matters instead of failing the integration:
 * moving a ticket to a closed status needs "Close Service Tickets" (the incident shows it).
 */
const NARROW_PERMISSION_CALLS = new Set(['PATCH service/tickets/:id']);

/** Why the integration is FAILING; a 403 is cleared by its own call succeeding, a 401 by any. */
type Refusal = { kind: 'unauthorized' } | { kind: 'forbidden'; call: string };

interface Known {
  status: IntegrationStatus;
  /** The sealed private key of the row this was read from (a new key set is a new integration state). */
  keys: string;
  /** Unknown when FAILING was read from the row (set by another process): then any success clears it. */
  refusal?: Refusal;
}

export interface IntegrationHealthDeps {
  /** The application's root EntityManager; every write forks it. */
  em: EntityManager;
  logger: Logger;
}

export class IntegrationHealth {
  private readonly known = new Map<string, Known>();
  private readonly noted = new WeakSet<object>();
  /** Each provider's writes, in the order decided: a FAILING and the CONNECTED after it must land in that order. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly deps: IntegrationHealthDeps) {}

  /** What the provider's row says now; called whenever a caller loads it to use the client. */
  note(providerId: string, integration: Pick<ConnectWiseIntegration, 'status' | 'privateKeySealed'>): void {
    // An EntityManager hands back the same instance, as loaded, for as long as it lives (a job's many
    // calls): only its first reading is news; later ones would undo what this process has seen since.
    if (this.noted.has(integration)) return;
    this.noted.add(integration);
    const previous = this.known.get(providerId);
    const same = previous?.status === integration.status && previous.keys === integration.privateKeySealed;
    this.known.set(providerId, { status: integration.status, keys: integration.privateKeySealed, refusal: same ? previous.refusal : undefined });
  }

  /**
   * A transport observer for the client used by these providers (provider id → sealed private key);
   * `providers` is read at each call, so providers added later are covered.
   */
  observer(providers: ReadonlyMap<string, string>): TransportObserver {
    return {
      onAttempt: ({ route, method, status, error }) => {
        if (status === undefined || UNAUTHENTICATED_ROUTES.has(route)) return;
        const call = `${method} ${route}`;
        for (const [providerId, keys] of providers) {
          if (status === 403 && NARROW_PERMISSION_CALLS.has(call)) continue;
          if (status === 401 || status === 403) this.refused(providerId, keys, call, error);
          else if (status >= 200 && status < 300) this.succeeded(providerId, keys, call);
        }
      },
    };
  }

  /** Resolves once every status write started so far has landed (callers await it before answering). */
  async settled(providerId?: string): Promise<void> {
    const chains = providerId === undefined ? [...this.writes.values()] : [this.writes.get(providerId)];
    await Promise.all(chains);
  }

  private refused(providerId: string, keys: string, call: string, error: unknown): void {
    const known = this.known.get(providerId);
    if (known && known.keys !== keys) return;
    const refusal: Refusal = error instanceof ConnectWiseError && error.kind === 'forbidden' ? { kind: 'forbidden', call } : { kind: 'unauthorized' };
    if (known?.status === IntegrationStatus.FAILING && sameRefusal(known.refusal, refusal)) return;
    this.known.set(providerId, { status: IntegrationStatus.FAILING, keys, refusal });
    const lastError = refusalMessage(call, error);
    this.write(providerId, keys, { status: IntegrationStatus.FAILING, lastError }, false);
  }

  private succeeded(providerId: string, keys: string, call: string): void {
    const known = this.known.get(providerId);
    if (!known || known.keys !== keys || known.status !== IntegrationStatus.FAILING) return;
    // A permission granted shows on the call that was refused; another call working proves nothing about it.
    if (known.refusal?.kind === 'forbidden' && known.refusal.call !== call) return;
    this.known.set(providerId, { status: IntegrationStatus.CONNECTED, keys });
    this.write(providerId, keys, { status: IntegrationStatus.CONNECTED, lastError: null }, true);
  }

  private write(providerId: string, keys: string, values: { status: IntegrationStatus; lastError: string | null }, onlyIfFailing: boolean): void {
    const em = scopeEntityManager(this.deps.em.fork(), { providerId });
    const where = {
      provider: providerId,
      privateKeySealed: keys,
      ...(onlyIfFailing ? { status: IntegrationStatus.FAILING } : {}),
    };
    const previous = this.writes.get(providerId) ?? Promise.resolve();
    const work = previous
      .then(() => em.nativeUpdate(ConnectWiseIntegration, where, values))
      .then((rows) => {
        if (rows > 0) this.deps.logger.warn({ providerId, status: values.status, lastError: values.lastError }, 'ConnectWise integration status changed');
      })
      .catch((error: unknown) => {
        // The next call's outcome tries again: forget what we thought we had written.
        this.known.delete(providerId);
        this.deps.logger.error({ err: error, providerId }, 'could not record the ConnectWise integration status');
      })
      .finally(() => {
        if (this.writes.get(providerId) === work) this.writes.delete(providerId);
      });
    this.writes.set(providerId, work);
  }
}

function sameRefusal(a: Refusal | undefined, b: Refusal): boolean {
  return a?.kind === b.kind && (a.kind !== 'forbidden' || a.call === (b as { call: string }).call);
}

/** What was refused and what the admin can do about it; never a key. */
export function refusalMessage(call: string, error: unknown): string {
  if (error instanceof ConnectWiseError && error.kind === 'forbidden') {
    const { permission } = error;
    const lacks = permission
      ? `the API member's security role lacks ${permission.level ? `${permission.level} permission for ` : 'access to '}${permission.area}`
      : `the API member's security role lacks a permission${error.cwMessage ? ` (ConnectWise: ${error.cwMessage})` : ''}`;
    return (
      `ConnectWise refused ${call} (403): ${lacks}. Grant it to the API member's security role in ConnectWise ` +
      '(System > Security Roles), or verify and update the integration with the keys of a member that has it.'
    );
  }
  return (
    `ConnectWise rejected the API keys (401) on ${call}: they are wrong, or were rotated or revoked in ConnectWise. ` +
    'Verify and update the keys on the Integrations screen.'
  );
}
