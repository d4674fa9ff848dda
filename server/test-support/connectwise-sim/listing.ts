import { ConditionError, matches, parseConditions } from './conditions.js';

/*
 * How ConnectWise answers a collection GET: filter by `conditions` and `childConditions`, sort by
 * `orderBy`, cut a page (`page`/`pageSize`, default 25, max 1000) and describe the neighbours in a
 * RFC 5988 `Link` header. With `pagination-type: forward-only` it pages by `pageId` (the last id seen),
 * ignores `page` and `orderBy`, and links only to `next`. `fields` trims each item.
 */

export interface Listing {
  body: unknown[];
  headers: Record<string, string>;
}

const defaultPageSize = 25;
const maxPageSize = 1000;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConditionError(`${name} must be a positive integer`);
  return Number(value);
}

function get(item: object, path: string): unknown {
  let current: unknown = item;
  for (const segment of path.split('/')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function sortBy(items: object[], orderBy: string | undefined): object[] {
  const keys = (orderBy ?? 'id asc')
    .split(',')
    .map((part) => part.trim().split(/\s+/))
    .filter((part) => part[0])
    .map(([field, direction]) => ({ field: field!, sign: direction?.toLowerCase() === 'desc' ? -1 : 1 }));
  return [...items].sort((a, b) => {
    for (const { field, sign } of keys) {
      const left = get(a, field);
      const right = get(b, field);
      if (left === right) continue;
      if (left === undefined || left === null) return -sign;
      if (right === undefined || right === null) return sign;
      const order = typeof left === 'string' && typeof right === 'string'
        ? left.localeCompare(right, 'en', { sensitivity: 'base' })
        : (left as number) < (right as number) ? -1 : 1;
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}

function project(item: object, fields: string | undefined): unknown {
  if (!fields) return item;
  const result: Record<string, unknown> = {};
  for (const field of fields.split(',').map((f) => f.trim()).filter(Boolean)) {
    const [head, ...rest] = field.split('/');
    const value = (item as Record<string, unknown>)[head!];
    if (value === undefined) continue;
    if (rest.length === 0 || typeof value !== 'object' || value === null) result[head!] = value;
    else {
      const nested = (result[head!] as Record<string, unknown> | undefined) ?? {};
      nested[rest.join('/')] = (value as Record<string, unknown>)[rest.join('/')];
      result[head!] = nested;
    }
  }
  return result;
}

function link(requestUrl: URL, changes: Record<string, string>): string {
  const url = new URL(requestUrl);
  for (const [key, value] of Object.entries(changes)) url.searchParams.set(key, value);
  return `<${url.href}>`;
}

export function list(items: readonly object[], query: Record<string, string>, forwardOnly: boolean, requestUrl: URL): Listing {
  let selected: object[] = [...items];
  for (const name of ['conditions', 'childConditions']) {
    const source = query[name];
    if (source?.trim()) {
      let condition;
      try {
        condition = parseConditions(source);
      } catch (error) {
        throw error instanceof ConditionError ? new ConditionError(`${name}: ${error.message}`) : error;
      }
      selected = selected.filter((item) => matches(item, condition));
    }
  }
  const pageSize = Math.min(maxPageSize, Math.max(1, positiveInt(query.pageSize, 'pageSize', defaultPageSize)));
  const headers: Record<string, string> = {};

  if (forwardOnly) {
    const pageId = positiveInt(query.pageId, 'pageId', 0);
    const after = sortBy(selected, 'id asc').filter((item) => (get(item, 'id') as number) > pageId);
    const pageItems = after.slice(0, pageSize);
    const last = pageItems.at(-1);
    if (after.length > pageSize && last) {
      headers.link = `${link(requestUrl, { pageId: String(get(last, 'id')), pageSize: String(pageSize) })}; rel="next"`;
    }
    return { body: pageItems.map((item) => project(item, query.fields)), headers };
  }

  const page = Math.max(1, positiveInt(query.page, 'page', 1));
  const sorted = sortBy(selected, query.orderBy);
  const lastPage = Math.max(1, Math.ceil(sorted.length / pageSize));
  const pageItems = sorted.slice((page - 1) * pageSize, page * pageSize);
  const links = [`${link(requestUrl, { page: '1', pageSize: String(pageSize) })}; rel="first"`];
  if (page > 1) links.push(`${link(requestUrl, { page: String(Math.min(page - 1, lastPage)), pageSize: String(pageSize) })}; rel="prev"`);
  if (page < lastPage) links.push(`${link(requestUrl, { page: String(page + 1), pageSize: String(pageSize) })}; rel="next"`);
  links.push(`${link(requestUrl, { page: String(lastPage), pageSize: String(pageSize) })}; rel="last"`);
  headers.link = links.join(', ');
  return { body: pageItems.map((item) => project(item, query.fields)), headers };
}
