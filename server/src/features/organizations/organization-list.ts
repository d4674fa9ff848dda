import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import type { Mapping } from '../mappings/mapping.entity.js';
import { Organization } from './organization.entity.js';
import { monthlyUsageOf, type MonthlyUsage } from './usage.service.js';
import { OrganizationSortField, SortDirection, type OrganizationFilter, type OrganizationOrder } from './organization.inputs.js';

/**
 * Each sort's key in SQL, null-free so a keyset cursor can compare it: an organization with no count
 * yet sorts as -1 (below every real count).
 */
const SORT_KEYS: Record<OrganizationSortField, { sql: string; cast: 'text' | 'numeric' }> = {
  [OrganizationSortField.NAME]: { sql: 'o.name', cast: 'text' },
  [OrganizationSortField.CURRENT_USERS]: { sql: 'coalesce(o.current_user_count, -1)', cast: 'numeric' },
  [OrganizationSortField.HIGH_WATERMARK]: { sql: 'coalesce(w.high_watermark, -1)', cast: 'numeric' },
  [OrganizationSortField.COST_PER_SEAT]: { sql: 'o.cost_per_seat_decimal', cast: 'numeric' },
};

const NUMERIC_KEY = /^-?\d{1,12}(\.\d{1,4})?$/;

/** A listed organization with this month's usage and its mapping, read in the same statement. */
export interface ListedOrganization {
  organization: Organization;
  usage: MonthlyUsage | null;
  mapping: Mapping | null;
}

/**
 * One page of a provider's organizations, filtered and sorted in SQL (the month's watermark and the
 * mapping joined, never a list of ids sent back and forth), by keyset (sort key, name, id): each page
 * costs the same at 10,000 organizations as at 10. The provider is named explicitly because a raw
 * query bypasses the tenant filter.
 *
 * The rows become plain read-only objects, not managed entities: hydrating 1,000 entities into the
 * identity map was most of a large page's time and garbage, and a list is never flushed.
 */
export async function listOrganizations(
  em: EntityManager,
  providerId: string,
  month: string,
  filter: OrganizationFilter,
  order: OrganizationOrder,
  first: number,
  after?: string,
): Promise<Page<ListedOrganization>> {
  const key = SORT_KEYS[order.field];
  const descending = order.direction === SortDirection.DESC;
  const conditions = ['o.provider_id = ?'];
  const params: unknown[] = [month, providerId];

  const search = filter.search?.trim();
  if (search) {
    conditions.push("(o.name ilike ? escape '\\' or o.external_id ilike ? escape '\\')");
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(pattern, pattern);
  }
  if (filter.active !== undefined && filter.active !== null) {
    conditions.push('o.active = ?');
    params.push(filter.active);
  }
  if (filter.mapped !== undefined && filter.mapped !== null) conditions.push(filter.mapped ? 'm.id is not null' : 'm.id is null');
  if (filter.needsAttention !== undefined && filter.needsAttention !== null) {
    const attention = "(m.needs_attention or m.last_sync_status = 'failed')";
    conditions.push(filter.needsAttention ? attention : `(m.id is null or not ${attention})`);
  }

  const from = `from organizations o
    left join monthly_watermarks w on w.organization_id = o.id and w.month = ?
    left join mappings m on m.organization_id = o.id
    where ${conditions.join(' and ')}`;
  const pageConditions: string[] = [];
  const pageParams = [...params];
  if (after) {
    const [field, value, name, id] = decodeCursor(after, ['string', 'string', 'string', 'uuid']);
    if (field !== order.field || (key.cast === 'numeric' && !NUMERIC_KEY.test(value))) {
      throw new AppError(ErrorCode.BadUserInput, 'after is a cursor from another order of this list', { field: 'after' });
    }
    pageConditions.push(`(${key.sql}, o.name, o.id) ${descending ? '<' : '>'} (?::${key.cast}, ?, ?::uuid)`);
    pageParams.push(value, name, id);
  }
  const direction = descending ? 'desc' : 'asc';
  // On the first page the total rides along (a window runs before the limit); later pages, whose
  // cursor narrows the rows, and an empty first page count apart.
  const total = after ? 'null' : 'count(*) over ()';
  const rows = await em.execute<ListedRow[]>(
    `select ${LISTED_COLUMNS}, (${key.sql})::text as sort_key, ${total} as total ${from} ${pageConditions.map((c) => `and ${c}`).join(' ')}
     order by ${key.sql} ${direction}, o.name ${direction}, o.id ${direction} limit ?`,
    [...pageParams, first + 1],
  );
  const pageRows = rows.slice(0, first);
  const totalCount = rows[0]?.total != null ? Number(rows[0].total) : Number((await em.execute<{ n: string }[]>(`select count(*) as n ${from}`, params))[0]?.n ?? 0);
  const last = pageRows.at(-1);
  return {
    nodes: pageRows.map(listedOf),
    totalCount,
    hasNextPage: rows.length > first,
    endCursor: last ? encodeCursor([order.field, String(last.sort_key), last.name, last.id]) : undefined,
  };
}

// Timestamps as epoch milliseconds: a raw query hands them back as PostgreSQL's text, which is not ISO 8601.
const LISTED_COLUMNS = `o.id, o.external_id, o.name, o.cost_per_seat_decimal, o.active, o.current_user_count,
  extract(epoch from o.current_user_count_observed_at) * 1000 as current_user_count_observed_at, extract(epoch from o.created_at) * 1000 as created_at, extract(epoch from o.updated_at) * 1000 as updated_at,
  w.organization_id as w_organization_id, w.month as w_month, w.high_watermark as w_high_watermark,
  w.synced_quantity as w_synced_quantity, extract(epoch from w.synced_at) * 1000 as w_synced_at_ms,
  m.id as m_id, extract(epoch from m.created_at) * 1000 as m_created_at, extract(epoch from m.updated_at) * 1000 as m_updated_at, m.company_id as m_company_id,
  m.company_name as m_company_name, m.agreement_id as m_agreement_id, m.agreement_name as m_agreement_name,
  m.addition_id as m_addition_id, m.addition_name as m_addition_name, extract(epoch from m.last_synced_at) * 1000 as m_last_synced_at,
  m.last_sync_status as m_last_sync_status, m.last_error as m_last_error, m.needs_attention as m_needs_attention`;

/** numeric comes back as text, double precision as a number: either way, milliseconds since the epoch. */
type EpochMs = string | number;

function dateOf(ms: EpochMs): Date;
function dateOf(ms: EpochMs | null): Date | undefined;
function dateOf(ms: EpochMs | null): Date | undefined {
  return ms === null ? undefined : new Date(Math.floor(Number(ms)));
}

interface ListedRow {
  id: string;
  external_id: string;
  name: string;
  cost_per_seat_decimal: string;
  active: boolean;
  current_user_count: number | null;
  current_user_count_observed_at: EpochMs | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  w_organization_id: string | null;
  w_month: string | Date;
  w_high_watermark: number;
  w_synced_quantity: number | null;
  w_synced_at_ms: string | number | null;
  m_id: string | null;
  m_created_at: EpochMs;
  m_updated_at: EpochMs;
  m_company_id: number;
  m_company_name: string;
  m_agreement_id: number;
  m_agreement_name: string;
  m_addition_id: number;
  m_addition_name: string;
  m_last_synced_at: EpochMs | null;
  m_last_sync_status: string | null;
  m_last_error: string | null;
  m_needs_attention: boolean;
  sort_key: string;
  total: string | null;
}

function listedOf(row: ListedRow): ListedOrganization {
  // Own properties first, then the entity's prototype: assigning through the prototype would run the
  // ORM's setters (each row made managed); with it, type-graphql hands the row to field resolvers as it
  // is (not copied into a new entity) and costPerSeat is the entity's own getter.
  const organization = Object.setPrototypeOf({
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    costPerSeatDecimal: row.cost_per_seat_decimal,
    active: row.active,
    currentUserCount: row.current_user_count ?? undefined,
    currentUserCountObservedAt: dateOf(row.current_user_count_observed_at),
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
  }, Organization.prototype) as Organization;
  const usage =
    row.w_organization_id === null
      ? null
      : monthlyUsageOf({ organization_id: row.w_organization_id, month: row.w_month, high_watermark: row.w_high_watermark, synced_quantity: row.w_synced_quantity, synced_at_ms: row.w_synced_at_ms });
  const mapping =
    row.m_id === null
      ? null
      : ({
          id: row.m_id,
          createdAt: dateOf(row.m_created_at),
          updatedAt: dateOf(row.m_updated_at),
          companyId: row.m_company_id,
          companyName: row.m_company_name,
          agreementId: row.m_agreement_id,
          agreementName: row.m_agreement_name,
          additionId: row.m_addition_id,
          additionName: row.m_addition_name,
          lastSyncedAt: dateOf(row.m_last_synced_at),
          lastSyncStatus: row.m_last_sync_status ?? undefined,
          lastError: row.m_last_error ?? undefined,
          needsAttention: row.m_needs_attention,
          organization,
        } as Mapping);
  return { organization, usage, mapping };
}
