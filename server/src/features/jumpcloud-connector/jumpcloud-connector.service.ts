import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  isJumpCloudError,
  systemUserStates,
  type JumpCloudClient,
  type JumpCloudError,
  type Organization as JumpCloudOrganization,
  type SkippedRow,
  type SystemUserState,
} from '../../jumpcloud/index.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { forEachLimit } from '../../shared/for-each-limit.js';
import type { Logger } from '../../shared/logger.js';
import type { SecretBox } from '../../shared/secret-box.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { OrganizationInput, UserCountInput } from '../organizations/organization.inputs.js';
import type { OrganizationsService } from '../organizations/organizations.service.js';
import type { UsageService } from '../organizations/usage.service.js';
import type { IntegrationService } from '../integration/integration.service.js';
import type { TicketingService } from '../ticketing/ticketing.service.js';
import { ALERT_POLL_INTERVAL, DirectoryInsightsAlertPoll, JUMPCLOUD_ALERTS_JOB, type AlertPollSummary } from './alert-poll.js';
import type { JumpCloudClients, JumpCloudCredentials } from './jumpcloud-clients.js';
import {
  JumpCloudConnection,
  JumpCloudConnectionStatus,
  MAX_POLL_INTERVAL_MINUTES,
  MIN_POLL_INTERVAL_MINUTES,
  type StoredPollResult,
} from './jumpcloud-connection.entity.js';
import type { ConnectJumpCloudInput, UpdateJumpCloudConnectionInput } from './jumpcloud-connector.inputs.js';
import { accessRefusedMessage, isRefusal, jumpCloudFailure, pollFailureMessage } from './jumpcloud-errors.js';

export const JUMPCLOUD_POLL_JOB = 'jumpcloud.poll';
/** Data of a `jumpcloud.poll` job. */
export interface JumpCloudPollJobData {
  providerId: string;
}
/** How long a poll may go without a heartbeat before another worker may poll the provider (a crashed worker). */
export const POLL_LEASE_MS = 30 * 60_000;
const MAX_LISTED_FAILURES = 20;
/** Organizations names and ids are capped like upsertOrganizations caps them. */
const MAX_TEXT = 200;

export interface JumpCloudConnectorDeps {
  jumpCloud: JumpCloudClients;
  secrets: SecretBox;
  jobs: JobScheduler;
  logger: Logger;
  organizations: () => OrganizationsService;
  usage: () => UsageService;
  /** For the Directory Insights alert poll: whether tickets can follow, and the alerts' intake. */
  integration: () => IntegrationService;
  ticketing: () => TicketingService;
}

export interface PollOptions {
  /** Called after each batch: the job touches its Agenda lock with it. */
  heartbeat?: () => Promise<void>;
  /**
   * The process is shutting down: the poll stops after the batch under way, writes no result (the last
   * complete poll's stays), releases its lease and throws `stopping.reason`, so the job is handed back.
   */
  stopping?: AbortSignal;
}

export type PollOutcome =
  | { polled: false; reason: 'not-connected' | 'already-polling' }
  | { polled: true; status: JumpCloudConnectionStatus; result: StoredPollResult };

/** The provider's recurring read of Directory Insights for alerts (unique per provider, like the poll). */
export function scheduleAlertPoll(jobs: JobScheduler, providerId: string): Promise<void> {
  return jobs.every<JumpCloudPollJobData>(ALERT_POLL_INTERVAL, JUMPCLOUD_ALERTS_JOB, { providerId });
}

/** The Agenda interval for a poll every `minutes`. */
export function pollInterval(minutes: number): string {
  return `${minutes} minutes`;
}

export class JumpCloudConnectorService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: JumpCloudConnectorDeps,
  ) {}

  get(): Promise<JumpCloudConnection | null> {
    return this.em.findOne(JumpCloudConnection, {}, { populate: ['createdBy', 'updatedBy'] });
  }

  async require(): Promise<JumpCloudConnection> {
    const connection = await this.get();
    if (!connection) throw new AppError(ErrorCode.JumpCloudNotConnected, 'JumpCloud is not connected yet: use connectJumpCloud first');
    return connection;
  }

  /** Verifies the key and provider id against JumpCloud (first page of organizations); stores them only if that works. */
  async connect(viewer: Viewer, input: ConnectJumpCloudInput): Promise<JumpCloudConnection> {
    const credentials = validateCredentials(input);
    if (await this.em.count(JumpCloudConnection, {})) throw alreadyConnected();
    await this.verify(credentials);
    const connection = this.em.create(JumpCloudConnection, {
      provider: this.scope.providerId,
      jumpCloudProviderId: credentials.providerId,
      baseUrl: credentials.baseUrl,
      insightsBaseUrl: credentials.insightsBaseUrl,
      ...this.sealKey(credentials.apiKey),
      createdBy: viewer.admin.id,
      updatedBy: viewer.admin.id,
    });
    new AuditService(this.em).record(viewer, 'jumpcloud.connected', {
      providerId: credentials.providerId,
      apiKey: credentials.apiKey,
      baseUrl: credentials.baseUrl ?? null,
      insightsBaseUrl: credentials.insightsBaseUrl ?? null,
      pollIntervalMinutes: connection.pollIntervalMinutes,
      excludedUserStates: connection.excludedUserStates,
    });
    try {
      await this.em.flush();
    } catch (error) {
      // Two connects at once: the unique provider column lets one through.
      if (error instanceof UniqueConstraintViolationException) throw alreadyConnected();
      throw error;
    }
    await this.schedule(connection.pollIntervalMinutes);
    await scheduleAlertPoll(this.deps.jobs, this.scope.providerId);
    // The first poll now, so organizations appear without waiting an interval.
    await this.enqueuePoll();
    return connection;
  }

  /** A new key is verified first (the saved one stays in force until then); interval changes re-schedule the poll. */
  async update(viewer: Viewer, input: UpdateJumpCloudConnectionInput): Promise<JumpCloudConnection> {
    const connection = await this.require();
    const apiKey = input.apiKey === undefined || input.apiKey === null ? undefined : validateApiKey(input.apiKey);
    const states = input.excludedUserStates === undefined || input.excludedUserStates === null ? undefined : validateExcludedStates(input.excludedUserStates);
    const minutes = input.pollIntervalMinutes === undefined || input.pollIntervalMinutes === null ? undefined : validateInterval(input.pollIntervalMinutes);
    if (apiKey === undefined && states === undefined && minutes === undefined) {
      throw new AppError(ErrorCode.BadUserInput, 'give apiKey, excludedUserStates or pollIntervalMinutes to change');
    }
    const details: Record<string, unknown> = {};
    if (apiKey !== undefined) {
      await this.verify({ ...this.credentialsOf(connection), apiKey });
      Object.assign(connection, this.sealKey(apiKey));
      connection.status = JumpCloudConnectionStatus.CONNECTED;
      connection.lastError = null;
      details.apiKey = apiKey;
    }
    const statesChanged = states !== undefined && !sameStates(states, connection.excludedUserStates);
    if (statesChanged) {
      details.excludedUserStates = { from: connection.excludedUserStates, to: states };
      connection.excludedUserStates = states;
    }
    const intervalChanged = minutes !== undefined && minutes !== connection.pollIntervalMinutes;
    if (intervalChanged) {
      details.pollIntervalMinutes = { from: connection.pollIntervalMinutes, to: minutes };
      connection.pollIntervalMinutes = minutes;
    }
    connection.updatedBy = this.em.getReference('Admin', viewer.admin.id) as never;
    new AuditService(this.em).record(viewer, 'jumpcloud.updated', details);
    await this.em.flush();
    if (intervalChanged) await this.schedule(connection.pollIntervalMinutes);
    // A repaired key or another counting rule shows its effect without waiting an interval.
    if (apiKey !== undefined || statesChanged) await this.enqueuePoll();
    return connection;
  }

  /** Removes the connection and its schedule. Organizations and their usage history stay. */
  async disconnect(viewer: Viewer): Promise<boolean> {
    const connection = await this.require();
    this.em.remove(connection);
    new AuditService(this.em).record(viewer, 'jumpcloud.disconnected', { providerId: connection.jumpCloudProviderId });
    await this.em.flush();
    await this.em.execute('delete from jumpcloud_alert_cursors where provider_id = ?', [this.scope.providerId]);
    await this.deps.jobs.cancel([JUMPCLOUD_POLL_JOB, JUMPCLOUD_ALERTS_JOB], { providerId: this.scope.providerId });
    return true;
  }

  /** Queues a poll, unless one is running (it will have the news). */
  async pollNow(viewer: Viewer): Promise<JumpCloudConnection> {
    const connection = await this.require();
    const alreadyPolling = connection.polling;
    if (!alreadyPolling) await this.enqueuePoll();
    new AuditService(this.em).record(viewer, 'jumpcloud.poll-requested', { alreadyPolling });
    await this.em.flush();
    return connection;
  }

  /**
   * One poll: list the provider's organizations a page at a time and, per batch, upsert them, count
   * their users (never listing them) and record the counts, all observed at the poll's start. A
   * failure for one organization is listed and the rest carry on; a rejected key stops the poll.
   * Organizations JumpCloud no longer lists become inactive, but only after a complete listing.
   * Polls of one provider never overlap: a lease on the connection row, whichever job or process runs them.
   */
  async poll(options: PollOptions = {}): Promise<PollOutcome> {
    if (!(await this.em.count(JumpCloudConnection, {}))) return { polled: false, reason: 'not-connected' };
    if (!(await this.takeLease())) return { polled: false, reason: 'already-polling' };
    try {
      const connection = await this.em.findOneOrFail(JumpCloudConnection, {});
      const heartbeat = async () => {
        await this.extendLease();
        await options.heartbeat?.();
      };
      const run = new PollRun(connection, this.credentialsOf(connection), this.scope, this.deps, this.em, heartbeat, options.stopping);
      const { result, status, lastError, unexpected, interrupted } = await run.execute();
      // What was counted is recorded; the next process polls again in full, at once.
      if (interrupted) throw options.stopping!.reason;
      // The connection may have been disconnected while we polled; then there is nothing to report to.
      const current = await this.em.findOne(JumpCloudConnection, {});
      if (current) {
        current.lastPolledAt = new Date(result.startedAt);
        current.lastResultData = result;
        current.status = status;
        current.lastError = lastError ?? null;
        await this.em.flush();
      }
      if (unexpected) throw unexpected;
      return { polled: true, status, result };
    } finally {
      await this.releaseLease();
    }
  }

  /** Reads Directory Insights for alerts of the mapped organizations (the `jumpcloud.alerts` job). */
  async pollAlerts(): Promise<AlertPollSummary | undefined> {
    const connection = await this.em.findOne(JumpCloudConnection, {});
    if (!connection) return undefined;
    const summary = await new DirectoryInsightsAlertPoll(this.em, this.scope, this.credentialsOf(connection), this.deps).execute();
    // Fresh values on the row as it stands now: the connection poll may have changed it meanwhile.
    await this.em.nativeUpdate(JumpCloudConnection, { id: connection.id }, { alertsPolledAt: new Date(), alertsError: summary.error ?? null });
    await this.recordRefusal(connection, summary);
    return summary;
  }

  /**
   * The alert poll runs every minute, so it is the first to see a key rotated or an organization's access
   * withdrawn in JumpCloud: the connection goes FAILING with what to do, and back to CONNECTED once a read
   * is accepted again. Written only when that changes, and only while the key used is still the saved one.
   */
  private async recordRefusal(connection: JumpCloudConnection, summary: AlertPollSummary): Promise<void> {
    const sameKey = { id: connection.id, apiKeySealed: connection.apiKeySealed };
    if (summary.refusal !== undefined) {
      if (connection.status === JumpCloudConnectionStatus.FAILING && connection.lastError === summary.refusal) return;
      await this.em.nativeUpdate(JumpCloudConnection, sameKey, { status: JumpCloudConnectionStatus.FAILING, lastError: summary.refusal });
    } else if (summary.keyAccepted && connection.status === JumpCloudConnectionStatus.FAILING && isRefusal(connection.lastError)) {
      // Only a refusal is cleared: a poll that counted nothing stays reported until a poll counts.
      await this.em.nativeUpdate(
        JumpCloudConnection,
        { ...sameKey, status: JumpCloudConnectionStatus.FAILING, lastError: connection.lastError },
        { status: JumpCloudConnectionStatus.CONNECTED, lastError: null },
      );
    }
  }

  credentialsOf(connection: JumpCloudConnection): JumpCloudCredentials {
    return {
      apiKey: this.deps.secrets.open(connection.apiKeySealed),
      providerId: connection.jumpCloudProviderId,
      baseUrl: connection.baseUrl ?? undefined,
      insightsBaseUrl: connection.insightsBaseUrl ?? undefined,
    };
  }

  private async verify(credentials: JumpCloudCredentials): Promise<void> {
    const client = this.deps.jumpCloud.create(credentials, this.deps.logger.child({ component: 'jumpcloud', providerId: this.scope.providerId }));
    try {
      const organizations = client.iterateOrganizations({ pageSize: 1 });
      await organizations.next();
      await organizations.return(undefined);
    } catch (error) {
      throw jumpCloudFailure(error, credentials.providerId);
    } finally {
      await client.close();
    }
  }

  private sealKey(apiKey: string) {
    return { apiKeySealed: this.deps.secrets.seal(apiKey), apiKeyLast4: apiKey.slice(-4) };
  }

  private schedule(minutes: number): Promise<void> {
    return this.deps.jobs.every<JumpCloudPollJobData>(pollInterval(minutes), JUMPCLOUD_POLL_JOB, { providerId: this.scope.providerId });
  }

  private enqueuePoll(): Promise<void> {
    return this.deps.jobs.now<JumpCloudPollJobData>(JUMPCLOUD_POLL_JOB, { providerId: this.scope.providerId });
  }

  // Raw SQL: an atomic compare-and-set the ORM has no words for, so the provider condition is written out.
  private async takeLease(): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update jumpcloud_connections set poll_locked_until = now() + ? * interval '1 millisecond'
       where provider_id = ? and (poll_locked_until is null or poll_locked_until < now()) returning id`,
      [POLL_LEASE_MS, this.scope.providerId],
    );
    return rows.length === 1;
  }

  private async extendLease(): Promise<void> {
    await this.em.execute(`update jumpcloud_connections set poll_locked_until = now() + ? * interval '1 millisecond' where provider_id = ?`, [
      POLL_LEASE_MS,
      this.scope.providerId,
    ]);
  }

  private async releaseLease(): Promise<void> {
    await this.em.execute('update jumpcloud_connections set poll_locked_until = null where provider_id = ?', [this.scope.providerId]);
  }
}

interface PollRunOutcome {
  result: StoredPollResult;
  status: JumpCloudConnectionStatus;
  lastError?: string;
  /** Not a JumpCloud failure (e.g. the database): reported on the connection, then rethrown for the job log. */
  unexpected?: unknown;
  /** Stopped part-way by a shutdown. */
  interrupted: boolean;
}

/** The work of one poll, with its counters. */
class PollRun {
  private readonly startedAt = new Date();
  private readonly logger: Logger;
  private listed = 0;
  private recorded = 0;
  private deactivated = 0;
  /** Every page of organizations was read and every batch handled. */
  private complete = false;
  private readonly failures: StoredPollResult['failures'] = [];
  /** Organization rows JumpCloud listed that we could not read (skipped and listed among the failures). */
  private unreadableRows = 0;
  /** The JumpCloud failure that ended the poll early: the listing failed, or the key was rejected. */
  private fatal: JumpCloudError | undefined;
  /** The first organization JumpCloud refused to count (403): the poll goes on, the connection is FAILING. */
  private forbidden: string | undefined;
  /** Anything else that ended it (the database, a bug): reported, then rethrown. */
  private unexpected: unknown;

  constructor(
    private readonly connection: JumpCloudConnection,
    private readonly credentials: JumpCloudCredentials,
    private readonly scope: TenantScope,
    private readonly deps: JumpCloudConnectorDeps,
    private readonly em: EntityManager,
    private readonly heartbeat: () => Promise<void>,
    private readonly stopping?: AbortSignal,
  ) {
    this.logger = deps.logger.child({ component: 'jumpcloud.poll', providerId: scope.providerId });
  }

  private get stopped(): boolean {
    return this.unexpected !== undefined || isJumpCloudError(this.fatal, 'unauthorized') || this.stopping?.aborted === true;
  }

  async execute(): Promise<PollRunOutcome> {
    const excludeStates = [...this.connection.excludedUserStates];
    const batchSize = this.deps.jumpCloud.pollBatchSize;
    const client = this.deps.jumpCloud.create(this.credentials, this.logger);
    const seen: string[] = [];
    let batch: JumpCloudOrganization[] = [];
    try {
      try {
        const onSkipped = (row: SkippedRow<string>) => {
          // An organization we cannot read may still exist: nothing may be deactivated on this listing.
          this.unreadableRows++;
          if (this.failures.length < MAX_LISTED_FAILURES) {
            this.failures.push({ ...(row.id ? { organizationId: row.id } : {}), message: `JumpCloud listed an organization that could not be read (${row.reason})` });
          }
        };
        for await (const organization of client.iterateOrganizations({ onSkipped })) {
          seen.push(organization.id);
          batch.push(organization);
          if (batch.length < batchSize) continue;
          await this.batch(client, batch, excludeStates);
          batch = [];
          if (this.stopped) break;
        }
      } catch (error) {
        this.failWith(error);
      }
      // What was listed before a listing failure is still counted, unless the key itself was rejected.
      if (batch.length > 0 && !this.stopped) await this.batch(client, batch, excludeStates);
    } finally {
      await client.close();
    }
    this.complete = this.fatal === undefined && this.unexpected === undefined && this.unreadableRows === 0 && !this.stopping?.aborted;
    if (this.complete) {
      try {
        this.deactivated = await this.deactivateUnlisted(seen);
      } catch (error) {
        this.failWith(error);
        this.complete = false;
      }
    }
    return this.outcome();
  }

  /** Upserts the organizations, counts their users and records the counts. Never throws: failures end up in the run. */
  private async batch(client: JumpCloudClient, organizations: JumpCloudOrganization[], excludeStates: SystemUserState[]): Promise<void> {
    this.listed += organizations.length;
    try {
      const usable = organizations.filter((organization) => {
        if (organization.id.length <= MAX_TEXT) return true;
        this.fail(organization, 'the organization id is longer than 200 characters');
        return false;
      });
      const inputs: OrganizationInput[] = usable.map((organization) => ({
        externalId: organization.id,
        name: (organization.name.trim() || organization.id).slice(0, MAX_TEXT),
        // costPerSeat stays as the MSP set it; a listed organization is active (again).
        active: true,
      }));
      const saved = inputs.length > 0 ? await this.deps.organizations().upsert(inputs) : [];
      const idOf = new Map(saved.map((organization) => [organization.externalId, organization.id]));

      const counts: UserCountInput[] = [];
      // The client caps the requests in flight; this caps the promises queued for it.
      await forEachLimit(usable, this.deps.jumpCloud.maxConcurrency, async (organization) => {
        if (this.stopped) return;
        try {
          const count = await client.countUsers(organization.id, { excludeStates });
          counts.push({ organizationId: idOf.get(organization.id), count, observedAt: this.startedAt });
        } catch (error) {
          if (isJumpCloudError(error) && error.kind !== 'unauthorized') {
            this.fail(organization, error.message);
            if (error.kind === 'forbidden') this.forbidden ??= accessRefusedMessage(error, `the users of ${organization.name}`);
          } else this.failWith(error);
        }
      });
      // Whatever was counted is kept, even when the key was rejected half way through.
      if (counts.length > 0) this.recorded += (await this.deps.usage().recordUserCounts(counts)).recorded;
    } catch (error) {
      this.failWith(error);
    }
    // Keeps the identity map small however many organizations the provider has.
    this.em.clear();
    try {
      await this.heartbeat();
    } catch (error) {
      this.failWith(error);
    }
  }

  /** Raw SQL so a listing of any size is one statement; the provider condition is written out (no tenant filter here). */
  private async deactivateUnlisted(listed: string[]): Promise<number> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update organizations set active = false, updated_at = now()
       where provider_id = ? and active and external_id not in (select jsonb_array_elements_text(?::jsonb))
       returning id`,
      [this.scope.providerId, JSON.stringify(listed)],
    );
    return rows.length;
  }

  private fail(organization: JumpCloudOrganization, message: string): void {
    if (this.failures.length < MAX_LISTED_FAILURES) this.failures.push({ organizationId: organization.id, name: organization.name, message });
  }

  private failWith(error: unknown): void {
    if (isJumpCloudError(error)) this.fatal ??= error;
    else this.unexpected ??= error;
  }

  private outcome(): PollRunOutcome {
    // Organizations skipped after the poll stopped are "not counted" too.
    const failed = this.listed - this.recorded;
    const failures = [...this.failures];
    let status = JumpCloudConnectionStatus.CONNECTED;
    let lastError: string | undefined;
    if (this.unexpected !== undefined || this.fatal) {
      status = JumpCloudConnectionStatus.FAILING;
      lastError =
        this.unexpected !== undefined
          ? `The poll stopped on an internal error: ${this.unexpected instanceof Error ? this.unexpected.message : String(this.unexpected)}`
          : pollFailureMessage(this.fatal, this.connection.jumpCloudProviderId);
      failures.unshift({ message: lastError });
      if (this.recorded > 0) lastError += ` (${this.recorded} of the ${this.listed} organizations listed before that were counted and recorded)`;
    } else if (this.forbidden) {
      status = JumpCloudConnectionStatus.FAILING;
      lastError = `${this.forbidden} (${failed} of ${this.listed} organizations could not be counted)`;
    } else if (failed > 0) {
      const first = this.failures[0];
      const example = first ? `; first: ${first.name ?? first.organizationId}: ${first.message}` : '';
      lastError = `${failed} of ${this.listed} organizations could not be counted${example}`;
      // Nothing counted at all is an outage, not a detail.
      if (this.recorded === 0) status = JumpCloudConnectionStatus.FAILING;
    }
    const result: StoredPollResult = {
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      complete: this.complete,
      organizationsListed: this.listed,
      countsRecorded: this.recorded,
      countsFailed: failed,
      organizationsDeactivated: this.deactivated,
      failures: failures.slice(0, MAX_LISTED_FAILURES),
    };
    const summary = { ...result, failures: undefined, lastError };
    // A poll that failed on its own is reported as such, shutdown or not.
    const interrupted = this.stopping?.aborted === true && !this.complete && this.fatal === undefined && this.unexpected === undefined;
    if (interrupted) this.logger.info(summary, 'JumpCloud poll stopped at shutdown; the next process polls again');
    else if (lastError) this.logger.warn(summary, 'JumpCloud poll finished with problems');
    else this.logger.info(summary, 'JumpCloud poll finished');
    return { result, status, lastError, unexpected: this.unexpected, interrupted };
  }
}


function alreadyConnected(): AppError {
  return new AppError(ErrorCode.Conflict, 'JumpCloud is already connected: use updateJumpCloudConnection to change it, or disconnectJumpCloud first');
}

export function validateCredentials(input: ConnectJumpCloudInput): JumpCloudCredentials {
  const providerId = (input.providerId ?? '').trim();
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(providerId)) {
    throw new AppError(ErrorCode.BadUserInput, "Provider id is required: your MSP's id in JumpCloud's Multi-Tenant Portal (letters and digits, no spaces)", {
      field: 'providerId',
    });
  }
  return {
    providerId,
    apiKey: validateApiKey(input.apiKey),
    baseUrl: optionalBaseUrl(input.baseUrl, 'baseUrl'),
    insightsBaseUrl: optionalBaseUrl(input.insightsBaseUrl, 'insightsBaseUrl'),
  };
}

function validateApiKey(value: string): string {
  const apiKey = (value ?? '').trim();
  if (!apiKey || /\s/.test(apiKey) || apiKey.length > 500) {
    throw new AppError(ErrorCode.BadUserInput, 'API key is required (no spaces)', { field: 'apiKey' });
  }
  return apiKey;
}

function optionalBaseUrl(value: string | undefined | null, field: string): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    throw new AppError(ErrorCode.BadUserInput, `${field} must be an https URL, e.g. https://console.eu.jumpcloud.com`, { field });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError(ErrorCode.BadUserInput, `${field} must not contain credentials, a query or a fragment`, { field });
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function validateExcludedStates(states: readonly string[]): SystemUserState[] {
  const unknown = states.filter((state) => !(systemUserStates as readonly string[]).includes(state));
  if (unknown.length > 0) {
    throw new AppError(ErrorCode.BadUserInput, `unknown user state ${unknown.join(', ')}`, { field: 'excludedUserStates' });
  }
  const unique = systemUserStates.filter((state) => states.includes(state));
  if (unique.length === systemUserStates.length) {
    throw new AppError(ErrorCode.BadUserInput, 'at least one user state must count: do not exclude all of them', { field: 'excludedUserStates' });
  }
  return unique;
}

function validateInterval(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < MIN_POLL_INTERVAL_MINUTES || minutes > MAX_POLL_INTERVAL_MINUTES) {
    throw new AppError(ErrorCode.BadUserInput, `pollIntervalMinutes must be a whole number from ${MIN_POLL_INTERVAL_MINUTES} to ${MAX_POLL_INTERVAL_MINUTES}`, {
      field: 'pollIntervalMinutes',
    });
  }
  return minutes;
}

function sameStates(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((state) => b.includes(state));
}
