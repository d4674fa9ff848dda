/*
 * JumpCloud's v1 list filters as documented: `filter` is an array of `<field>:<operator>:<value>` terms
 * sent as a repeated query parameter (`collectionFormat: multi`), ANDed, with the operators
 * `$eq $ne $gt $gte $lt $lte`. Anything else — `$in`, `$nin`, an operator without the `$` ("undefined
 * behavior" in JumpCloud's words), `filter[0]=`/`filter[or][0]=` forms — is refused with 400, as a strict
 * API would, so a client relying on it fails here rather than against JumpCloud.
 */

export const v1Operators = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'] as const;
export type V1Operator = (typeof v1Operators)[number];

export interface FilterTerm {
  field: string;
  operator: V1Operator;
  value: string;
}

export class FilterError extends Error {}

export function parseFilterTerm(text: string): FilterTerm {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw new FilterError(`Invalid filter "${text}": expected <field>:<operator>:<value>`);
  const field = text.slice(0, first);
  const operator = text.slice(first + 1, second);
  if (!(v1Operators as readonly string[]).includes(operator)) {
    throw new FilterError(`Invalid filter operator "${operator}": supported are ${v1Operators.join(', ')}`);
  }
  return { field, operator: operator as V1Operator, value: text.slice(second + 1) };
}

/** Every `filter` parameter of a query string, ANDed. */
export function parseFilters(params: URLSearchParams): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const [name, value] of params) {
    if (name === 'filter') terms.push(parseFilterTerm(value));
    else if (name.startsWith('filter')) throw new FilterError(`Unsupported filter parameter "${name}": send filter=<term> once per term`);
  }
  return terms;
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
  const { value } = term;
  switch (term.operator) {
    case '$eq':
      return actual === value;
    case '$ne':
      return actual !== value;
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

export function matches(record: object, terms: readonly FilterTerm[]): boolean {
  return terms.every((term) => termMatches(record, term));
}
