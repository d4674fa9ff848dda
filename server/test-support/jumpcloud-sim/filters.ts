/*
 * JumpCloud's v1 list filters: `filter=<field>:<operator>:<value>` with `$`-prefixed operators.
 * `filter[0]=…&filter[1]=…` (or a repeated `filter`) are ANDed, `filter[or][0]=…&filter[or][1]=…` ORed.
 * `$in`/`$nin` take `|`-separated terms, a literal `|` escaped as `\|`. A filter without the `$` is
 * "undefined behavior" in JumpCloud's words; the simulator refuses it (400) so a client relying on it fails here.
 */

export const v1Operators = ['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$sw'] as const;
export type V1Operator = (typeof v1Operators)[number];

export interface FilterTerm {
  field: string;
  operator: V1Operator;
  /** One value, or several for `$in`/`$nin`. */
  values: string[];
}

export interface ParsedFilters {
  and: FilterTerm[];
  or: FilterTerm[];
}

export class FilterError extends Error {}

/** Splits on `|` that is not escaped, then unescapes `\|`. */
function splitTerms(value: string): string[] {
  return value.split(/(?<!\\)\|/).map((term) => term.replace(/\\\|/g, '|'));
}

export function parseFilterTerm(text: string): FilterTerm {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw new FilterError(`Invalid filter "${text}": expected <field>:<operator>:<value>`);
  const field = text.slice(0, first);
  const operator = text.slice(first + 1, second);
  const value = text.slice(second + 1);
  if (!(v1Operators as readonly string[]).includes(operator)) {
    throw new FilterError(`Invalid filter operator "${operator}": supported are ${v1Operators.join(', ')}`);
  }
  const op = operator as V1Operator;
  const values = op === '$in' || op === '$nin' ? splitTerms(value) : [value.replace(/\\\|/g, '|')];
  return { field, operator: op, values };
}

/** Reads every filter parameter of a query string. */
export function parseFilters(params: URLSearchParams): ParsedFilters {
  const parsed: ParsedFilters = { and: [], or: [] };
  for (const [name, value] of params) {
    if (name === 'filter' || /^filter\[\d+\]$/.test(name)) parsed.and.push(parseFilterTerm(value));
    else if (/^filter\[or\]\[\d+\]$/.test(name)) parsed.or.push(parseFilterTerm(value));
    else if (name.startsWith('filter')) throw new FilterError(`Unsupported filter parameter "${name}"`);
  }
  return parsed;
}

function fieldText(record: object, field: string): string | undefined {
  let current: unknown = record;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return undefined;
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function termMatches(record: object, term: FilterTerm): boolean {
  const actual = fieldText(record, term.field);
  const [value = ''] = term.values;
  switch (term.operator) {
    case '$eq':
      return actual === value;
    case '$ne':
      return actual !== value;
    case '$in':
      return actual !== undefined && term.values.includes(actual);
    case '$nin':
      return actual === undefined || !term.values.includes(actual);
    case '$sw':
      return actual !== undefined && actual.startsWith(value);
    case '$lt':
      return actual !== undefined && compare(actual, value) < 0;
    case '$lte':
      return actual !== undefined && compare(actual, value) <= 0;
    case '$gt':
      return actual !== undefined && compare(actual, value) > 0;
    case '$gte':
      return actual !== undefined && compare(actual, value) >= 0;
  }
}

export function matches(record: object, filters: ParsedFilters): boolean {
  if (!filters.and.every((term) => termMatches(record, term))) return false;
  return filters.or.length === 0 || filters.or.some((term) => termMatches(record, term));
}
