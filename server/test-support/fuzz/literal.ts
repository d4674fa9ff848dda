import { getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, type GraphQLInputType } from 'graphql';
import { RawJson } from './values.js';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The value written inline in the document, or undefined when GraphQL has no literal for it (raw deep
 * JSON, object keys that are not names, non-finite numbers): such an argument goes as a variable.
 */
export function literal(value: unknown, type: GraphQLInputType): string | undefined {
  if (value === null) return 'null';
  if (value instanceof RawJson) return undefined;
  if (typeof value === 'string') {
    // A string for an enum is written bare (as a client would); one that is not a name stays quoted and is refused.
    const named = getNamedType(type);
    if (isEnumType(named) && NAME.test(value) && !['true', 'false', 'null'].includes(value)) return value;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const nullable = getNullableType(type);
    const element = isListType(nullable) ? (nullable.ofType as GraphQLInputType) : type;
    const items = value.map((item) => literal(item, element));
    return items.some((item) => item === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([key]) => !NAME.test(key))) return undefined;
    const named = getNamedType(type);
    const fieldType = (key: string) => (isInputObjectType(named) ? (named.getFields()[key]?.type ?? type) : type);
    const fields = entries.map(([key, item]) => [key, literal(item, fieldType(key))] as const);
    return fields.some(([, item]) => item === undefined) ? undefined : `{${fields.map(([key, item]) => `${key}: ${item}`).join(', ')}}`;
  }
  return undefined;
}
