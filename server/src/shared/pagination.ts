import type { EntityManager, EntityName, FilterQuery, FindOptions } from '@mikro-orm/postgresql';
import { Field, ObjectType, type ClassType, Int } from 'type-graphql';
import { instantOutOfBounds } from './billing-month.js';
import { AppError, ErrorCode } from './errors.js';

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor?: string;
}

/** Opaque cursors: the sort key of the last row, so pages stay stable while rows are added. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What each part of a cursor must be. A cursor comes back from the client, so it is input like any
 * other: every part is checked before it reaches SQL or a vendor's API.
 * - `position`: a whole number ≥ 0 (a row's place in a list)
 * - `page`: a whole number ≥ 1 (a vendor's page)
 * - `uuid`: a row id
 * - `date`: an instant as toISOString() writes it, within the date bounds (PostgreSQL has no year 0)
 * - `string`: text without NUL or lone surrogates (which PostgreSQL would refuse)
 */
export type CursorPart = 'position' | 'page' | 'uuid' | 'date' | 'string';

type CursorValue<P extends CursorPart> = P extends 'position' | 'page' ? number : P extends 'date' ? Date : string;
export type CursorValues<P extends readonly CursorPart[]> = { [K in keyof P]: CursorValue<P[K]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Far beyond any list we serve; keeps a forged number from becoming an absurd OFFSET or page. */
const MAX_POSITION = 1_000_000_000;
const MAX_STRING = 1_000;
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function decodePart(part: CursorPart, value: unknown): unknown {
  switch (part) {
    case 'position':
      return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_POSITION ? value : undefined;
    case 'page':
      return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_POSITION ? value : undefined;
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value : undefined;
    case 'date': {
      if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined;
      const date = new Date(value);
      // Round-tripping refuses dates the regex lets through but the calendar does not have (02-30).
      return !Number.isNaN(date.getTime()) && date.toISOString() === value && !instantOutOfBounds(date) ? date : undefined;
    }
    case 'string':
      return typeof value === 'string' && value.length <= MAX_STRING && !UNSTORABLE.test(value) ? value : undefined;
  }
}

/** The parts of a cursor made by `encodeCursor`, each checked against `parts`; BAD_USER_INPUT on `after` otherwise. */
export function decodeCursor<const P extends readonly CursorPart[]>(after: string, parts: P): CursorValues<P> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (Array.isArray(values) && values.length === parts.length) {
    const decoded = parts.map((part, index) => decodePart(part, values[index]));
    if (decoded.every((value) => value !== undefined)) return decoded as CursorValues<P>;
  }
  throw new AppError(ErrorCode.BadUserInput, 'after is not a cursor from this list', { field: 'after' });
}

/** A Relay-style connection type for `T`, named `<Name>Connection`. */
export function Connection<T extends object>(itemType: ClassType<T>, name: string) {
  @ObjectType(`${name}Connection`)
  abstract class ConnectionType {
    @Field(() => [itemType])
    nodes!: T[];

    @Field(() => Int)
    totalCount!: number;

    @Field(() => Boolean)
    hasNextPage!: boolean;

    @Field(() => String, { nullable: true })
    endCursor?: string;
  }
  return ConnectionType;
}

/**
 * A page of rows newest first, by (createdAt, id): `first` rows after the cursor, counted without it.
 * em.find/count, not a QueryBuilder: only they apply the tenant filter. created_at is stored in
 * milliseconds, which is what the cursor carries as a JavaScript Date.
 */
export async function newestFirstPage<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  first: number,
  after?: string,
  populate: string[] = [],
): Promise<Page<T>> {
  const totalCount = await em.count(entity, where);
  let page = where;
  if (after) {
    const [createdAt, id] = decodeCursor(after, ['date', 'uuid']);
    page = { $and: [where, { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }] }] } as FilterQuery<T>;
  }
  const rows = (await em.find(entity, page, { populate: populate as never, orderBy: { createdAt: 'desc', id: 'desc' }, limit: first + 1 } as FindOptions<T>)) as T[];
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, totalCount, hasNextPage: rows.length > first, endCursor: last ? encodeCursor([last.createdAt.toISOString(), last.id]) : undefined };
}
