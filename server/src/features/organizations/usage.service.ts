import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { PrimedLoader } from '../../shared/primed-loader.js';
import { instantOutOfBounds, monthOf } from '../../shared/billing-month.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { Provider } from '../auth/provider.entity.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { MAX_BATCH, type ItemError, type RecordUserCountsResult, type UserCountInput } from './organization.inputs.js';
import { Organization } from './organization.entity.js';
import { throwIfProblems } from './organizations.service.js';

/** Samples may come from clocks slightly ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60_000;
const MAX_USER_COUNT = 10_000_000;
const MAX_HISTORY_DAYS = 400;
const MAX_RECENT_MONTHS = 36;

export interface DailyUsage {
  day: string;
  maxCount: number;
}

export interface MonthlyUsage {
  month: string;
  highWatermark: number;
  syncedQuantity?: number;
  syncedAt?: Date;
}

export interface WatermarkRow {
  organization_id: string;
  month: string | Date;
  high_watermark: number;
  synced_quantity: number | null;
  /** Epoch milliseconds: a raw query hands timestamps back as PostgreSQL's text, which is not ISO 8601. */
  synced_at_ms: string | number | null;
}

export function monthlyUsageOf(row: WatermarkRow): MonthlyUsage {
  // The driver may hand a date column back as a Date (midnight local) or as 'YYYY-MM-DD'.
  const month = typeof row.month === 'string' ? row.month.slice(0, 7) : `${row.month.getFullYear()}-${String(row.month.getMonth() + 1).padStart(2, '0')}`;
  return {
    month,
    highWatermark: row.high_watermark,
    syncedQuantity: row.synced_quantity ?? undefined,
    syncedAt: row.synced_at_ms === null ? undefined : new Date(Math.round(Number(row.synced_at_ms))),
  };
}

export class UsageService {
  private timeZone?: string;

  /** This month's watermark and synced quantity per organization id, batched: one query per request however many orgs. */
  readonly currentUsage = new DataLoader<string, MonthlyUsage | null>(async (organizationIds) => {
    const month = await this.currentMonth();
    const rows = await this.em.execute<WatermarkRow[]>(
      `select organization_id, month, high_watermark, synced_quantity, extract(epoch from synced_at) * 1000 as synced_at_ms from monthly_watermarks
       where provider_id = ? and month = ? and organization_id = any(?::uuid[])`,
      [this.scope.providerId, month, `{${organizationIds.join(',')}}`],
    );
    const byId = new Map(rows.map((row) => [row.organization_id, monthlyUsageOf(row)]));
    return organizationIds.map((id) => byId.get(id) ?? null);
  });

  /** This month's usage: at once when its page read it (primed), otherwise through currentUsage. */
  readonly currentUsageOf = new PrimedLoader(this.currentUsage);

  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  /** This month in the provider's billing time zone, as its first day ('2026-11-01'). */
  async currentMonth(): Promise<string> {
    return monthOf(new Date(), await this.billingTimeZone());
  }

  async billingTimeZone(): Promise<string> {
    this.timeZone ??= (await this.em.findOneOrFail(Provider, { id: this.scope.providerId }, { filters: false })).billingTimeZone;
    return this.timeZone;
  }

  /**
   * Stores every sample and raises each (organization, month) watermark with GREATEST, in one SQL
   * statement however large the batch. All or nothing.
   */
  async recordUserCounts(items: UserCountInput[], now = new Date()): Promise<RecordUserCountsResult> {
    if (items.length === 0 || items.length > MAX_BATCH) {
      throw new AppError(ErrorCode.BadUserInput, `send 1 to ${MAX_BATCH} user counts at a time`, { field: 'counts' });
    }
    const organizationIds = await this.resolveOrganizations(items);
    const problems: ItemError[] = [];
    items.forEach((item, index) => {
      if (!Number.isInteger(item.count) || item.count < 0 || item.count > MAX_USER_COUNT) {
        problems.push({ index, field: 'count', message: `must be a whole number from 0 to ${MAX_USER_COUNT}` });
      }
      if (!(item.observedAt instanceof Date) || Number.isNaN(item.observedAt.getTime())) {
        problems.push({ index, field: 'observedAt', message: 'is not a valid time' });
      } else if (item.observedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
        problems.push({ index, field: 'observedAt', message: 'is in the future' });
      } else {
        const outOfBounds = instantOutOfBounds(item.observedAt);
        if (outOfBounds) problems.push({ index, field: 'observedAt', message: outOfBounds });
      }
      if (item.organizationId && item.externalId) {
        problems.push({ index, field: 'organizationId', message: 'give organizationId or externalId, not both' });
      } else if (!organizationIds[index]) {
        const named = item.organizationId ?? item.externalId;
        const field = item.organizationId ? 'organizationId' : 'externalId';
        problems.push({ index, field, message: named ? `no organization ${named}` : 'give organizationId or externalId' });
      }
    });
    throwIfProblems(problems, items.length);

    const rows = JSON.stringify(
      items.map((item, index) => ({ o: organizationIds[index], c: item.count, t: item.observedAt.toISOString() })),
    );
    const timeZone = await this.billingTimeZone();
    // One statement: the batch is parsed once and the three writes share it (data-modifying CTEs run
    // on one snapshot and touch different tables). It is atomic on its own, so no transaction is needed.
    const [result] = await this.em.execute<{ recorded: string; after_sync: string; organizations: string }[]>(
      `with input as (
         select x.o as organization_id, x.c as count, x.t as observed_at,
                date_trunc('month', x.t at time zone ?)::date as month
         from jsonb_to_recordset(?::jsonb) as x(o uuid, c int, t timestamptz)
       ), stored as (
         -- Samples, flagged when their month was already written to ConnectWise.
         insert into usage_samples (provider_id, organization_id, count, observed_at, month, after_sync)
         select ?, i.organization_id, i.count, i.observed_at, i.month, coalesce(w.synced_at is not null, false)
         from input i left join monthly_watermarks w on w.organization_id = i.organization_id and w.month = i.month
         returning after_sync
       ), raised as (
         insert into monthly_watermarks (organization_id, month, provider_id, high_watermark, updated_at)
         select organization_id, month, ?, max(count), now() from input group by 1, 2
         on conflict (organization_id, month) do update
           set high_watermark = greatest(monthly_watermarks.high_watermark, excluded.high_watermark),
               updated_at = case when excluded.high_watermark > monthly_watermarks.high_watermark
                                 then now() else monthly_watermarks.updated_at end
         returning organization_id
       ), latest as (
         -- The newest observation becomes the current count, unless a newer one is already there.
         update organizations o set current_user_count = l.count, current_user_count_observed_at = l.observed_at
         from (select distinct on (organization_id) organization_id, count, observed_at
               from input order by organization_id, observed_at desc, count desc) l
         where o.id = l.organization_id and o.provider_id = ?
           and (o.current_user_count_observed_at is null or o.current_user_count_observed_at <= l.observed_at)
         returning o.id
       )
       select (select count(*) from stored) as recorded,
              (select count(*) from stored where after_sync) as after_sync,
              (select count(distinct organization_id) from raised) as organizations,
              (select count(*) from latest) as current_counts`,
      [timeZone, rows, this.scope.providerId, this.scope.providerId, this.scope.providerId],
    );
    return {
      recorded: Number(result?.recorded ?? 0),
      afterSync: Number(result?.after_sync ?? 0),
      organizations: Number(result?.organizations ?? 0),
    };
  }

  async monthlyUsage(organizationId: string, month: string): Promise<MonthlyUsage | null> {
    const [row] = await this.em.execute<WatermarkRow[]>(
      'select organization_id, month, high_watermark, synced_quantity, extract(epoch from synced_at) * 1000 as synced_at_ms from monthly_watermarks where provider_id = ? and organization_id = ? and month = ?',
      [this.scope.providerId, organizationId, month],
    );
    return row ? monthlyUsageOf(row) : null;
  }

  /** The last `count` months up to this one, oldest first; a month without any count is left out. */
  async recentMonths(organizationId: string, count: number): Promise<MonthlyUsage[]> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_RECENT_MONTHS) {
      throw new AppError(ErrorCode.BadUserInput, `months must be 1 to ${MAX_RECENT_MONTHS}`, { field: 'months' });
    }
    const rows = await this.em.execute<WatermarkRow[]>(
      `select organization_id, month, high_watermark, synced_quantity, extract(epoch from synced_at) * 1000 as synced_at_ms from monthly_watermarks
       where provider_id = ? and organization_id = ? and month > ?::date - make_interval(months => ?) and month <= ?::date
       order by month`,
      [this.scope.providerId, organizationId, await this.currentMonth(), count, await this.currentMonth()],
    );
    return rows.map(monthlyUsageOf);
  }

  /** The highest count of each day in the billing zone, for a chart. */
  async dailyHistory(organizationId: string, from: Date, to: Date): Promise<DailyUsage[]> {
    for (const [field, instant] of [['from', from], ['to', to]] as const) {
      const outOfBounds = instantOutOfBounds(instant);
      if (outOfBounds) throw new AppError(ErrorCode.BadUserInput, `${field} ${outOfBounds}`, { field });
    }
    if (!(from < to)) throw new AppError(ErrorCode.BadUserInput, 'from must be before to', { field: 'from' });
    if (to.getTime() - from.getTime() > MAX_HISTORY_DAYS * 86_400_000) {
      throw new AppError(ErrorCode.BadUserInput, `ask for at most ${MAX_HISTORY_DAYS} days`, { field: 'to' });
    }
    const rows = await this.em.execute<{ day: string; max_count: number }[]>(
      `select to_char(date_trunc('day', observed_at at time zone ?), 'YYYY-MM-DD') as day, max(count) as max_count
       from usage_samples where provider_id = ? and organization_id = ? and observed_at >= ? and observed_at < ?
       group by 1 order by 1`,
      [await this.billingTimeZone(), this.scope.providerId, organizationId, from, to],
    );
    return rows.map((row) => ({ day: row.day, maxCount: row.max_count }));
  }

  /** Organization ids for each item (by id or externalId) in one query; undefined where unknown. */
  private async resolveOrganizations(items: UserCountInput[]): Promise<(string | undefined)[]> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const ids = [...new Set(items.map((item) => item.organizationId).filter((id): id is string => !!id && uuid.test(id)))];
    const externalIds = [...new Set(items.map((item) => item.externalId).filter((id): id is string => !!id))];
    const found = await this.em.find(
      Organization,
      { $or: [{ id: { $in: ids } }, { externalId: { $in: externalIds } }] },
      { fields: ['id', 'externalId'] },
    );
    const byId = new Set(found.map((organization) => organization.id));
    const byExternalId = new Map(found.map((organization) => [organization.externalId, organization.id]));
    return items.map((item) => {
      if (item.organizationId && item.externalId) return undefined;
      if (item.organizationId) return byId.has(item.organizationId.toLowerCase()) ? item.organizationId.toLowerCase() : undefined;
      return item.externalId ? byExternalId.get(item.externalId) : undefined;
    });
  }
}
