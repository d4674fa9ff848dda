import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Rows per provider-owned table (every table with a `provider_id`), for these providers, in one query:
 * what the fault suite compares around requests that must write nothing.
 */
export async function providerRowCounts(em: EntityManager, providerIds: string[]): Promise<Record<string, number>> {
  const tables = await em.execute<{ table_name: string }[]>(
    "select table_name from information_schema.columns where table_schema = 'public' and column_name = 'provider_id' order by table_name",
  );
  const placeholders = providerIds.map(() => '?').join(', ');
  const union = tables.map(({ table_name }) => `select '${table_name}' as t, count(*) as n from "${table_name}" where provider_id in (${placeholders})`).join(' union all ');
  const rows = await em.execute<{ t: string; n: string }[]>(union, tables.flatMap(() => providerIds));
  return Object.fromEntries(rows.map((row) => [row.t, Number(row.n)]));
}
