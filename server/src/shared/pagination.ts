import { Field, ObjectType, type ClassType, Int } from 'type-graphql';
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

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length && values.every((value) => typeof value === 'string' || typeof value === 'number')) {
      return values.map(String);
    }
  } catch {
    // fall through to the error below
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
