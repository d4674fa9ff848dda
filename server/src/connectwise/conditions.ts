/*
 * Builders for ConnectWise's `conditions` / `childConditions` query language. Every user-supplied string
 * goes through `quote`, so a company name cannot break out of its literal.
 */

/**
 * A ConnectWise string literal. *Unverified*: ConnectWise documents double-quoted strings but not the
 * escape for a quote inside one; we use a backslash (`\"`, and `\\` for a backslash), the convention of
 * its .NET parser. Kept here so it is easy to correct.
 */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`expected an integer id, got ${value}`);
  return String(value);
}

/** Joins clauses with `and`, parenthesising any that contain `or`. Empty clauses are skipped. */
export function and(...clauses: Array<string | undefined>): string | undefined {
  const present = clauses.filter((clause): clause is string => !!clause);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return present.map((clause) => (/\bor\b/i.test(clause) ? `(${clause})` : clause)).join(' and ');
}

/** `types/id=1 or types/id=2`; `in (…)` is not used because ConnectWise does not document it here. */
export function anyTypeId(typeIds: readonly number[]): string | undefined {
  if (typeIds.length === 0) return undefined;
  return typeIds.map((typeId) => `types/id=${integer(typeId)}`).join(' or ');
}

/** Case-insensitive substring match on a field (ConnectWise compares with the database collation). */
export function contains(field: string, text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed ? `${field} contains ${quote(trimmed)}` : undefined;
}

export function equalsId(field: string, value: number): string {
  return `${field}=${integer(value)}`;
}

export function equalsString(field: string, value: string): string {
  return `${field}=${quote(value)}`;
}

export function equalsBoolean(field: string, value: boolean): string {
  return `${field}=${value ? 'true' : 'false'}`;
}
