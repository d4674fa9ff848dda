import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import { Organization } from './organization.entity.js';
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

/**
 * One page of a provider's organizations, filtered and sorted in SQL (the month's watermark and the
 * mapping joined, never a list of ids sent back and forth), by keyset (sort key, name, id): each page
 * costs the same at 10,000 organizations as at 10. The provider is named explicitly here because a
 * raw query bypasses the tenant filter; the rows are then loaded with em.find, which applies it again.
 */
export async function listOrganizations(
  em: EntityManager,
  providerId: string,
  month: string,
  filter: OrganizationFilter,
  order: OrganizationOrder,
  first: number,
  after?: string,
): Promise<Page<Organization>> {
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
  const [counted] = await em.execute<{ n: string }[]>(`select count(*) as n ${from}`, params);

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
  const rows = await em.execute<{ id: string; sort_key: string | number; name: string }[]>(
    `select o.id, (${key.sql})::text as sort_key, o.name ${from} ${pageConditions.map((c) => `and ${c}`).join(' ')}
     order by ${key.sql} ${direction}, o.name ${direction}, o.id ${direction} limit ?`,
    [...pageParams, first + 1],
  );
  const pageRows = rows.slice(0, first);
  const loaded = await em.find(Organization, { id: { $in: pageRows.map((row) => row.id) } });
  const byId = new Map(loaded.map((organization) => [organization.id, organization]));
  const nodes = pageRows.map((row) => byId.get(row.id)).filter((organization): organization is Organization => !!organization);
  const last = pageRows.at(-1);
  return {
    nodes,
    totalCount: Number(counted?.n ?? 0),
    hasNextPage: rows.length > first,
    endCursor: last ? encodeCursor([order.field, String(last.sort_key), last.name, last.id]) : undefined,
  };
}
