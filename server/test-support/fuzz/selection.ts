import fc from 'fast-check';
import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLOutputType } from 'graphql';
import { faultyValue, validValue, type FuzzPools } from './arguments.js';
import { literal } from './literal.js';

/**
 * A selection set for a field's type: some of its leaf fields and, two levels deep at most, one
 * object field — with its own arguments (a month, a date range, a cursor), valid or wrong.
 */
export function selectionFor(type: GraphQLOutputType, pools: FuzzPools, depth = 0): fc.Arbitrary<string> {
  const named = getNamedType(type);
  if (isLeafType(named) || !isObjectType(named)) return fc.constant('');
  // Built once per type and depth: nested fields are chosen per sample.
  const cache = built.get(pools) ?? new Map<string, fc.Arbitrary<string>>();
  built.set(pools, cache);
  const key = `${named.name}:${depth}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const fields = Object.values(named.getFields());
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)) && !hasRequiredArgs(field));
  const withArgs = fields.filter((field) => isLeafType(getNamedType(field.type)) && field.args.length > 0);
  const objects = depth < 2 ? fields.filter((field) => !isLeafType(getNamedType(field.type))) : [];
  const chosenLeaves = leaves.length > 0 ? fc.subarray(leaves.map((field) => field.name), { minLength: 1, maxLength: Math.min(4, leaves.length) }) : fc.constant(['__typename']);
  const extra = [...withArgs, ...objects];
  const nested = extra.length === 0 ? fc.constant('') : fc.option(fc.constantFrom(...extra).chain((field) => nestedField(field, pools, depth)), { freq: 2, nil: '' });
  const selection = fc.tuple(chosenLeaves, nested).map(([names, more]) => `{ ${[...names, more].filter(Boolean).join(' ')} }`);
  cache.set(key, selection);
  return selection;
}

const built = new WeakMap<FuzzPools, Map<string, fc.Arbitrary<string>>>();

function hasRequiredArgs(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
}

function nestedField(field: GraphQLField<unknown, unknown>, pools: FuzzPools, depth: number): fc.Arbitrary<string> {
  const args = field.args.map((arg) =>
    fc
      .oneof(
        { weight: 2, arbitrary: validValue(arg.type, arg.name, pools).map((value) => ({ value, wrong: false })) },
        { weight: 1, arbitrary: faultyValue(arg.type, arg.name, pools).map((generated) => ({ value: generated.value, wrong: true })) },
        { weight: 1, arbitrary: fc.constant({ value: undefined, wrong: false }) },
      )
      .map(({ value }) => {
        const text = value === undefined ? undefined : literal(value, arg.type);
        return text === undefined ? '' : `${arg.name}: ${text}`;
      }),
  );
  return fc.tuple(fc.tuple(...args), selectionFor(field.type, pools, depth + 1)).map(([argTexts, selection]) => {
    const present = argTexts.filter(Boolean);
    return `${field.name}${present.length > 0 ? `(${present.join(', ')})` : ''} ${selection}`.trim();
  });
}
