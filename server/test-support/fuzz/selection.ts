import fc from 'fast-check';
import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLOutputType } from 'graphql';
import { faultyValue, validValue, type FuzzPools } from './arguments.js';
import { literal } from './literal.js';

/**
 * A selection set for a field's type: some of its leaf fields and, two levels deep at most, one
 * object field — with its own arguments (a month, a date range, a cursor), valid or wrong.
 */
export interface Selection {
  text: string;
  /** Wrong nested arguments, e.g. `highWatermark.month: month`, for the failure report. */
  faults: string[];
}

const NONE: Selection = { text: '', faults: [] };

export function selectionFor(type: GraphQLOutputType, pools: FuzzPools, depth = 0): fc.Arbitrary<Selection> {
  const named = getNamedType(type);
  if (isLeafType(named) || !isObjectType(named)) return fc.constant(NONE);
  // Built once per type and depth: nested fields are chosen per sample.
  const cache = built.get(pools) ?? new Map<string, fc.Arbitrary<Selection>>();
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
  const nested = extra.length === 0 ? fc.constant(NONE) : fc.option(fc.constantFrom(...extra).chain((field) => nestedField(field, pools, depth)), { freq: 2, nil: NONE });
  const selection = fc.tuple(chosenLeaves, nested).map(([names, more]) => ({ text: `{ ${[...names, more.text].filter(Boolean).join(' ')} }`, faults: more.faults }));
  cache.set(key, selection);
  return selection;
}

const built = new WeakMap<FuzzPools, Map<string, fc.Arbitrary<Selection>>>();

function hasRequiredArgs(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
}

function nestedField(field: GraphQLField<unknown, unknown>, pools: FuzzPools, depth: number): fc.Arbitrary<Selection> {
  const args = field.args.map((arg) =>
    fc
      .oneof(
        { weight: 2, arbitrary: validValue(arg.type, arg.name, pools).map((value) => ({ value, fault: undefined as string | undefined })) },
        { weight: 1, arbitrary: faultyValue(arg.type, arg.name, pools).map((generated) => ({ value: generated.value, fault: `${field.name}.${arg.name}: ${generated.kind}` })) },
        { weight: 1, arbitrary: fc.constant({ value: undefined as unknown, fault: undefined as string | undefined }) },
      )
      .map(({ value, fault }) => {
        const text = value === undefined ? undefined : literal(value, arg.type);
        if (text !== undefined) return { text: `${arg.name}: ${text}`, fault };
        const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
        return { text: '', fault: required ? `${field.name}.${arg.name}: missing required argument` : undefined };
      }),
  );
  return fc.tuple(fc.tuple(...args), selectionFor(field.type, pools, depth + 1)).map(([written, selection]) => {
    const present = written.filter((arg) => arg.text);
    const call = `${field.name}${present.length > 0 ? `(${present.map((arg) => arg.text).join(', ')})` : ''} ${selection.text}`.trim();
    return { text: call, faults: [...written.flatMap((arg) => (arg.fault ? [arg.fault] : [])), ...selection.faults] };
  });
}
