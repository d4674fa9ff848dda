import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppPubSub } from '../../graphql/pubsub.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { forEachLimit } from '../../shared/for-each-limit.js';
import { requireId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import { Organization } from '../organizations/organization.entity.js';
import type { UsageService } from '../organizations/usage.service.js';
import { NEEDS_ATTENTION_KINDS, syncOrganization, type OrganizationOutcome, type SyncTarget } from './sync.engine.js';
import { ACTIVE_STATUSES, SyncOutcome, SyncResult, SyncRun, SyncRunStatus, SyncTrigger } from './sync.entity.js';

export const SYNC_RUN_UPDATED = 'SYNC_RUN_UPDATED';
export const SYNC_RUN_JOB = 'sync.run';

/** What a subscriber receives: the run as it stands, and the results that just landed (maybe none). */
export interface SyncRunEvent {
  providerId: string;
  runId: string;
  run: Record<string, unknown>;
  results: Record<string, unknown>[];
}

/** Bytes of results per event: with the run's own fields, an event stays under PostgreSQL's 8,000-byte NOTIFY limit. */
const RESULT_BYTES_PER_EVENT = 6_000;

export interface PreviewRow extends OrganizationOutcome {
  organizationId: string;
  organizationName: string;
}

export interface SyncDeps {
  integration: IntegrationService;
  usage: UsageService;
  jobs: JobScheduler;
  pubSub: AppPubSub;
  logger: Logger;
  /** Told of every run that ends, with its final status and counts (metrics); must not throw. */
  onRunFinished?: (run: SyncRun) => void;
}

/** Organizations in flight at once; the ConnectWise client's own limit (16) bounds the requests. */
const WORKERS = 24;
const FLUSH_EVERY = 100;
const FLUSH_AFTER_MS = 500;

export class SyncService {
  /**
   * Preview outcomes per organization for this request (services live one request): twenty aliases of
   * previewSync, or overlapping id lists, read each addition from ConnectWise once.
   */
  private readonly previewed = new Map<string, Promise<OrganizationOutcome>>();

  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: SyncDeps,
  ) {}

  async list(first = 20, after?: string): Promise<Page<SyncRun>> {
    if (first < 1 || first > 100) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 100', { field: 'first' });
    const where: FilterQuery<SyncRun> = after ? cursorBefore(after) : {};
    const totalCount = await this.em.count(SyncRun, {});
    const rows = await this.em.find(SyncRun, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first + 1 });
    return pageOf(rows, first, totalCount, (run) => [run.createdAt.toISOString(), run.id]);
  }

  async get(id: string): Promise<SyncRun> {
    const run = await this.em.findOne(SyncRun, { id: requireId(id, 'id') });
    if (!run) throw new AppError(ErrorCode.NotFound, `no sync run with id ${id}`, { field: 'id' });
    return run;
  }

  async results(runId: string, outcome: SyncOutcome | undefined, first = 100, after?: string): Promise<Page<SyncResult>> {
    if (first < 1 || first > 1000) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 1000', { field: 'first' });
    const where = { run: runId, ...(outcome ? { outcome } : {}) };
    const totalCount = await this.em.count(SyncResult, where);
    const page: FilterQuery<SyncResult> = after ? { $and: [where, { position: { $gt: decodeCursor(after, ['position'])[0] } }] } : where;
    const rows = await this.em.find(SyncResult, page, { orderBy: { position: 'asc' }, limit: first + 1 });
    return pageOf(rows, first, totalCount, (result) => [result.position]);
  }

  /** Sync now: the running run if there is one, else a new manual run queued on Agenda. */
  async requestManual(viewer: Viewer, organizationIds?: string[]): Promise<SyncRun> {
    await this.deps.integration.require();
    const ids = organizationIds?.map((id, index) => requireId(id, `organizationIds[${index}]`));
    if (ids && ids.length === 0) throw new AppError(ErrorCode.BadUserInput, 'name at least one organization, or none for all', { field: 'organizationIds' });
    if (ids) await this.requireOwnOrganizations(ids);
    const created = await this.createRun({ trigger: SyncTrigger.MANUAL, month: await this.currentMonth(), organizationIds: ids, requestedBy: viewer.admin.id });
    if (created.fresh) {
      new AuditService(this.em).record(viewer, 'sync.requested', { runId: created.run.id, month: created.run.month, organizations: ids?.length ?? 'all mapped' });
      await this.em.flush();
      await this.queue(created.run);
    }
    return created.run;
  }

  /**
   * Hands a stored run to the job queue. When the job store (MongoDB) does not answer, the run stays
   * stored as queued and the recovery job queues it once the store is back: logged, not thrown, so
   * the caller is not told "failed" about a run that will happen.
   */
  private async queue(run: SyncRun): Promise<void> {
    try {
      await this.deps.jobs.enqueueOnce(SYNC_RUN_JOB, { providerId: this.scope.providerId, runId: run.id }, { runId: run.id });
    } catch (error) {
      this.deps.logger.error({ err: error, runId: run.id }, 'could not queue the sync run; the recovery job will');
    }
  }

  /**
   * The scheduled run of a slot (`daily:2026-11-25`): created once, whichever process gets there
   * first; a slot already finished is not run again. Returns undefined when there is nothing to do.
   */
  async scheduledRun(slot: string, month: string): Promise<{ run?: SyncRun; busyWith?: SyncRun }> {
    const existing = await this.em.findOne(SyncRun, { slot });
    if (existing) return ACTIVE_STATUSES.includes(existing.status) ? { run: existing } : {};
    if (!(await this.deps.integration.get())) return {};
    const created = await this.createRun({ trigger: SyncTrigger.SCHEDULE, month, slot });
    return created.fresh ? { run: created.run } : { busyWith: created.run };
  }

  /** A dry run: what each mapped organization would get, read from ConnectWise, nothing written. */
  async preview(organizationIds?: string[]): Promise<PreviewRow[]> {
    const month = await this.currentMonth();
    const ids = organizationIds?.map((id, index) => requireId(id, `organizationIds[${index}]`));
    if (ids) await this.requireOwnOrganizations(ids);
    const targets = await this.targets(month, ids);
    const client = await this.deps.integration.client();
    const rows: PreviewRow[] = [];
    await forEachLimit(targets, WORKERS, async (target) => {
      let outcome = this.previewed.get(target.organizationId);
      if (!outcome) {
        outcome = syncOrganization(client, target, true);
        this.previewed.set(target.organizationId, outcome);
      }
      rows.push({ organizationId: target.organizationId, organizationName: target.organizationName, ...(await outcome) });
    });
    return rows.sort((a, b) => a.organizationName.localeCompare(b.organizationName));
  }

  /**
   * Runs (or resumes) a run: organizations with a result already are done; the rest are synced with
   * bounded concurrency and their results written in batches. `keepAlive` extends the job's lock. When
   * `stopping` aborts (the process shuts down), organizations in flight finish and are recorded, the
   * run goes back to queued for the next worker to resume, and `stopping.reason` is thrown.
   */
  async execute(runId: string, keepAlive: () => Promise<void> = async () => undefined, keepAliveEveryMs = 15_000, stopping?: AbortSignal): Promise<SyncRun> {
    if (!(await this.claim(requireId(runId, 'runId'), keepAliveEveryMs, keepAlive, stopping))) return this.get(runId);
    const run = await this.get(runId);
    run.startedAt ??= new Date();
    run.attempts += 1;
    await this.em.flush();

    // Keeps the Agenda lock and the run's heartbeat fresh while ConnectWise is slow or retrying.
    const alive = setInterval(() => {
      void Promise.all([keepAlive(), this.em.fork().nativeUpdate(SyncRun, { id: run.id }, { heartbeatAt: new Date() }, { filters: false })]).catch(
        (error: unknown) => this.deps.logger.warn({ err: error, runId }, 'could not refresh the run lock'),
      );
    }, keepAliveEveryMs);
    try {
      const integration = await this.deps.integration.get();
      if (!integration) return await this.finish(run, 'ConnectWise Manage is not connected');
      const client = await this.deps.integration.client();
      const pending = await this.targets(run.month, run.organizationIds ?? undefined, run.id);
      run.total = (await this.em.count(SyncResult, { run: run.id })) + pending.length;
      await this.em.flush();
      await this.publish(run);

      // Results are written (and streamed) every FLUSH_EVERY organizations or FLUSH_AFTER_MS, whichever
      // first, one write at a time, while the organizations after them are synced.
      let batch: { target: SyncTarget; outcome: OrganizationOutcome }[] = [];
      let flushQueued = false;
      let flushError: unknown;
      let flushing = Promise.resolve();
      const queueFlush = () => {
        if (flushQueued) return flushing;
        flushQueued = true;
        flushing = flushing
          .then(async () => {
            flushQueued = false;
            const written = batch;
            batch = [];
            if (written.length > 0 && flushError === undefined) await this.record(run, written);
          })
          .catch((error: unknown) => {
            flushError ??= error;
          });
        return flushing;
      };
      const ticker = setInterval(() => void queueFlush(), FLUSH_AFTER_MS);
      let synced = 0;
      try {
        await forEachLimit(pending, WORKERS, async (target) => {
          if (flushError !== undefined) throw flushError;
          if (stopping?.aborted) return;
          // Await first: `batch` is swapped by each flush, and must be read after the outcome exists.
          const outcome = await syncOrganization(client, target);
          synced += 1;
          batch.push({ target, outcome });
          if (batch.length >= FLUSH_EVERY) void queueFlush();
          // Back-pressure only when the database falls behind: waiting on every write would idle the
          // whole ConnectWise concurrency budget while results are written.
          if (batch.length >= FLUSH_EVERY * 4) await flushing;
        });
      } finally {
        clearInterval(ticker);
      }
      await queueFlush();
      if (flushError !== undefined) throw flushError;
      if (stopping?.aborted && synced < pending.length) {
        await this.release(run);
        throw stopping.reason;
      }
      return await this.finish(run);
    } catch (error) {
      if (stopping?.aborted && error === stopping.reason) throw error;
      this.deps.logger.error({ err: error, runId }, 'sync run failed');
      // Our own errors say what to do; anything else stays in the log, not in the API.
      return this.finish(run, error instanceof AppError ? error.message : 'an internal error stopped the run; the server log has the details');
    } finally {
      clearInterval(alive);
    }
  }

  /**
   * Makes this worker the run's only executor: a queued run, or a running one whose executor has not
   * refreshed its heartbeat for four keep-alive intervals (it crashed). While another executor is alive
   * this waits (touching its own job), so a run handed out twice — a lock that lapsed under load, a
   * duplicate job — never has two workers writing to ConnectWise. False when the run ended meanwhile.
   */
  private async claim(runId: string, keepAliveEveryMs: number, keepAlive: () => Promise<void>, stopping?: AbortSignal): Promise<boolean> {
    for (;;) {
      stopping?.throwIfAborted();
      // Raw SQL: a compare-and-set the ORM has no words for, so the provider condition is written out.
      const claimed = await this.em.execute<{ id: string }[]>(
        `update sync_runs set status = 'running', heartbeat_at = now()
         where provider_id = ? and id = ?
           and (status = 'queued' or (status = 'running' and (heartbeat_at is null or heartbeat_at < now() - ? * interval '1 millisecond')))
         returning id`,
        [this.scope.providerId, runId, keepAliveEveryMs * 4],
      );
      if (claimed.length === 1) return true;
      const [current] = await this.em.execute<{ status: SyncRunStatus }[]>('select status from sync_runs where provider_id = ? and id = ?', [this.scope.providerId, runId]);
      if (!current || !ACTIVE_STATUSES.includes(current.status)) return false;
      await keepAlive();
      await new Promise((resolve) => setTimeout(resolve, keepAliveEveryMs));
    }
  }

  /**
   * Gives a run this worker claimed back, its results so far kept: queued, it is claimed at once by the
   * next worker (without waiting for a heartbeat to go stale) and resumed where it stopped.
   */
  private async release(run: SyncRun): Promise<void> {
    run.status = SyncRunStatus.QUEUED;
    run.heartbeatAt = undefined;
    await this.em.flush();
    await this.publish(run);
    this.deps.logger.info({ runId: run.id }, 'sync run handed back at shutdown');
  }

  /** Results, mapping status and "what we wrote" for a batch: one transaction, four statements. */
  private async record(run: SyncRun, written: { target: SyncTarget; outcome: OrganizationOutcome }[]): Promise<void> {
    const rows = written.map(({ target, outcome }, ordinal) => ({
      ordinal,
      id: randomUUID(),
      organization_id: target.organizationId,
      organization_name: target.organizationName,
      agreement_id: target.agreementId,
      addition_id: target.additionId,
      outcome: outcome.outcome,
      previous_quantity: outcome.previousQuantity ?? null,
      previous_unit_cost: outcome.previousUnitCost ?? null,
      new_quantity: outcome.newQuantity ?? null,
      new_unit_cost: outcome.newUnitCost ?? null,
      reason: outcome.reason ?? null,
      error_kind: outcome.errorKind ?? null,
      drift: outcome.drift ?? null,
      needs_attention: outcome.errorKind !== undefined && NEEDS_ATTENTION_KINDS.includes(outcome.errorKind),
    }));
    const json = JSON.stringify(rows);
    // The id list lets the planner go by primary key even without statistics (a new month's rows, a
    // fresh table): joined only to the JSON rows, it re-parses them once per provider row — 150 ms a
    // batch at 4,000 organizations.
    const ids = pgArray(rows.map((row) => row.organization_id));
    const { providerId } = this.scope;
    await this.em.transactional(async (em) => {
      await em.execute(
        `insert into sync_results (id, created_at, provider_id, run_id, position, organization_id, organization_name, agreement_id, addition_id,
                                   outcome, previous_quantity, previous_unit_cost, new_quantity, new_unit_cost, reason, error_kind, drift)
         select x.id, clock_timestamp(), ?, ?,
                -- One worker writes a run's results at a time, so numbering after the last one is safe.
                (select coalesce(max(position), 0) from sync_results where run_id = ?) + x.ordinal + 1,
                x.organization_id, x.organization_name, x.agreement_id, x.addition_id,
                x.outcome, x.previous_quantity, x.previous_unit_cost, x.new_quantity, x.new_unit_cost, x.reason, x.error_kind, x.drift
         from jsonb_to_recordset(?::jsonb) as x(ordinal int, id uuid, organization_id uuid, organization_name text, agreement_id int, addition_id int,
              outcome text, previous_quantity float8, previous_unit_cost float8, new_quantity float8, new_unit_cost float8, reason text, error_kind text, drift text)
         order by x.ordinal
         on conflict (run_id, organization_id) do nothing`,
        [providerId, run.id, run.id, json],
      );
      await em.execute(
        `update mappings m set last_synced_at = now(), last_sync_status = x.outcome, updated_at = now(),
                last_error = case when x.outcome = 'failed' then x.reason end, needs_attention = x.needs_attention
         from jsonb_to_recordset(?::jsonb) as x(organization_id uuid, outcome text, reason text, needs_attention boolean)
         where m.organization_id = any(?::uuid[]) and m.provider_id = ? and m.organization_id = x.organization_id`,
        [json, ids, providerId],
      );
      await em.execute(
        `update monthly_watermarks w set synced_quantity = x.new_quantity, synced_at = now()
         from jsonb_to_recordset(?::jsonb) as x(organization_id uuid, outcome text, new_quantity float8)
         where w.organization_id = any(?::uuid[]) and w.provider_id = ? and w.organization_id = x.organization_id and w.month = ?
           and x.outcome in ('updated', 'unchanged')`,
        [json, ids, providerId, `${run.month}-01`],
      );
      await this.recount(em, run);
      run.heartbeatAt = new Date();
      await em.nativeUpdate(SyncRun, { id: run.id }, { heartbeatAt: run.heartbeatAt });
    });
    const landed = rows.map((row) => ({
      id: row.id,
      organizationName: row.organization_name,
      agreementId: row.agreement_id,
      additionId: row.addition_id,
      outcome: row.outcome,
      previousQuantity: row.previous_quantity,
      previousUnitCost: row.previous_unit_cost,
      newQuantity: row.new_quantity,
      newUnitCost: row.new_unit_cost,
      reason: row.reason?.slice(0, 200) ?? null,
      errorKind: row.error_kind,
      drift: row.drift?.slice(0, 200) ?? null,
      createdAt: new Date().toISOString(),
    }));
    for (const results of packBySize(landed, RESULT_BYTES_PER_EVENT)) await this.publish(run, results);
  }

  private async finish(run: SyncRun, error?: string): Promise<SyncRun> {
    await this.recount(this.em, run);
    run.finishedAt = new Date();
    run.error = error;
    run.status = error
      ? SyncRunStatus.FAILED
      : run.failed === 0
        ? SyncRunStatus.SUCCEEDED
        : run.failed === run.total
          ? SyncRunStatus.FAILED
          : SyncRunStatus.PARTIAL;
    await this.em.flush();
    await this.publish(run);
    this.deps.onRunFinished?.(run);
    return run;
  }

  private async recount(em: EntityManager, run: SyncRun): Promise<void> {
    const counts = await em.execute<{ outcome: SyncOutcome; n: string }[]>(
      'select outcome, count(*) as n from sync_results where provider_id = ? and run_id = ? group by outcome',
      [this.scope.providerId, run.id],
    );
    const of = (outcome: SyncOutcome) => Number(counts.find((row) => row.outcome === outcome)?.n ?? 0);
    run.updated = of(SyncOutcome.UPDATED);
    run.unchanged = of(SyncOutcome.UNCHANGED);
    run.skipped = of(SyncOutcome.SKIPPED);
    run.failed = of(SyncOutcome.FAILED);
    await em.nativeUpdate(SyncRun, { id: run.id }, { updated: run.updated, unchanged: run.unchanged, skipped: run.skipped, failed: run.failed });
  }

  private async publish(run: SyncRun, results: Record<string, unknown>[] = []): Promise<void> {
    const event: SyncRunEvent = {
      providerId: this.scope.providerId,
      runId: run.id,
      run: {
        id: run.id,
        createdAt: run.createdAt.toISOString(),
        trigger: run.trigger,
        month: run.month,
        status: run.status,
        organizationIds: run.organizationIds ?? null,
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
        attempts: run.attempts,
        total: run.total,
        updated: run.updated,
        unchanged: run.unchanged,
        skipped: run.skipped,
        failed: run.failed,
        error: run.error ?? null,
      },
      results,
    };
    this.deps.pubSub.publish(SYNC_RUN_UPDATED, event);
  }

  /** Mapped organizations with the month's watermark and cost: one query, whatever the count. */
  /** Ids another provider owns look the same as unknown ones: NOT_FOUND naming them, before anything is written. */
  private async requireOwnOrganizations(ids: string[]): Promise<void> {
    const found = new Set((await this.em.find(Organization, { id: { $in: ids } }, { fields: ['id'] })).map((organization) => organization.id));
    const missing = [...new Set(ids.filter((id) => !found.has(id)))];
    if (missing.length > 0) {
      throw new AppError(ErrorCode.NotFound, `no organization with id ${missing.join(', ')}`, { field: 'organizationIds', ids: missing });
    }
  }

  private async targets(month: string, organizationIds?: string[], skipDoneInRun?: string): Promise<SyncTarget[]> {
    const rows = await this.em.execute<
      { organization_id: string; name: string; active: boolean; cost: string; agreement_id: number; addition_id: number; high_watermark: number | null; synced_quantity: number | null }[]
    >(
      `select m.organization_id, o.name, o.active, o.cost_per_seat_decimal as cost, m.agreement_id, m.addition_id, w.high_watermark, w.synced_quantity
       from mappings m
       join organizations o on o.id = m.organization_id
       left join monthly_watermarks w on w.organization_id = m.organization_id and w.month = ?
       where m.provider_id = ?
         and (?::uuid[] is null or m.organization_id = any(?::uuid[]))
         and (?::uuid is null or not exists (select 1 from sync_results r where r.run_id = ? and r.organization_id = m.organization_id))
       order by o.name, o.id`,
      [`${month}-01`, this.scope.providerId, pgArray(organizationIds), pgArray(organizationIds), skipDoneInRun ?? null, skipDoneInRun ?? null],
    );
    return rows.map((row) => ({
      organizationId: row.organization_id,
      organizationName: row.name,
      active: row.active,
      agreementId: row.agreement_id,
      additionId: row.addition_id,
      quantity: row.high_watermark,
      unitCost: Number(row.cost),
      lastWrittenQuantity: row.synced_quantity,
    }));
  }

  private async createRun(values: { trigger: SyncTrigger; month: string; slot?: string; organizationIds?: string[]; requestedBy?: string }): Promise<{ run: SyncRun; fresh: boolean }> {
    const active = await this.em.findOne(SyncRun, { status: { $in: ACTIVE_STATUSES } });
    if (active) return { run: active, fresh: false };
    const fork = this.em.fork();
    const run = fork.create(SyncRun, { provider: this.scope.providerId, ...values });
    try {
      await fork.flush();
    } catch (error) {
      // Another process created the active run (or this slot's) between our read and our insert.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const winner = await this.em.fork().findOne(SyncRun, values.slot ? { slot: values.slot } : { status: { $in: ACTIVE_STATUSES } }, { filters: { tenant: this.scope } });
      if (!winner) throw error;
      return { run: winner, fresh: false };
    }
    await this.publish(run);
    return { run: await this.get(run.id), fresh: true };
  }

  private async currentMonth(): Promise<string> {
    return (await this.deps.usage.currentMonth()).slice(0, 7);
  }
}

/** Active runs of any provider whose worker has been silent since `olderThan` (system-wide, for recovery). */
export async function staleSyncRuns(em: EntityManager, olderThan: Date): Promise<{ providerId: string; runId: string }[]> {
  const rows = await em.execute<{ provider_id: string; id: string }[]>(
    `select provider_id, id from sync_runs where status in ('queued', 'running') and coalesce(heartbeat_at, created_at) < ?`,
    [olderThan],
  );
  return rows.map((row) => ({ providerId: row.provider_id, runId: row.id }));
}

/** Consecutive groups of items whose JSON adds up to at most `budget` bytes (a larger item goes alone). */
export function packBySize<T>(items: T[], budget: number): T[][] {
  const packs: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && bytes + size > budget) {
      packs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) packs.push(current);
  return packs;
}

function pgArray(ids: string[] | undefined): string | null {
  return ids ? `{${ids.join(',')}}` : null;
}


function cursorBefore(after: string): FilterQuery<SyncRun> {
  const [createdAt, id] = decodeCursor(after, ['date', 'uuid']);
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }] };
}

function pageOf<T>(rows: T[], first: number, totalCount: number, key: (row: T) => (string | number)[]): Page<T> {
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, totalCount, hasNextPage: rows.length > first, endCursor: last ? encodeCursor(key(last)) : undefined };
}

/** Sync history names agreements and additions: "disable & clear" removes it with the rest. */
export async function clearSyncHistory(em: EntityManager): Promise<number> {
  return em.nativeDelete(SyncRun, {});
}
