import type { z } from 'zod';

/*
 * Lists read a row at a time: a row that does not match the shape we can use is skipped and reported,
 * so one odd row (an instance that drifts from its vendor's spec) never fails a whole list.
 */

/**
 * A list row that could not be read. `index` is its 0-based position in the listing; `id` the row's own
 * id when it has one of the vendor's id type. `reason` names fields and what was wrong with them, never
 * their values: those could be customer data.
 */
export interface SkippedRow<Id = number> {
  index: number;
  id?: Id;
  reason: string;
}

/** A list read: the rows that parsed, and those that did not. */
export interface ListResult<T, Id = number> {
  items: T[];
  skipped: SkippedRow<Id>[];
}

export function readRows<T, Id>(rows: readonly unknown[], schema: z.ZodType<T>, idOf: (row: unknown) => Id | undefined, offset = 0): ListResult<T, Id> {
  const result: ListResult<T, Id> = { items: [], skipped: [] };
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) {
      result.items.push(parsed.data);
      return;
    }
    const id = idOf(row);
    result.skipped.push({ index: offset + index, ...(id === undefined ? {} : { id }), reason: describeIssues(parsed.error) });
  });
  return result;
}

/** Paths and zod's messages of the first few issues: values could be customer data. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** A row's own numeric id (ConnectWise), if it has a usable one. */
export function numericId(row: unknown): number | undefined {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

/** A row's own string id (JumpCloud), if it has one. */
export function stringId(row: unknown): string | undefined {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 ? id.slice(0, 64) : undefined;
}
