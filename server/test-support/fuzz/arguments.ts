import fc from 'fast-check';
import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import { boundaryNumbers, cursors, dates, malformedIds, months, oddJsonObjects, oddStrings, randomUuids, wrongTypes, type Generated } from './values.js';

/** Real values the fuzz test collected before it starts, so "valid" arguments reach the services' rules. */
export interface FuzzPools {
  /** Our provider's organizations, alert events, sync runs and spare API tokens (never the caller's own token). */
  ownIds: string[];
  /** The other provider's organizations, alert events, sync runs and API tokens. */
  foreignIds: string[];
  externalIds: string[];
  /** Companies, agreements, additions, company types, priorities and sources in the simulator. */
  connectWiseIds: number[];
  cursors: string[];
  credentials: { site: string; companyId: string; publicKey: string; privateKey: string };
  /** Fixed at the start, so the same seed gives the same dates within a run. */
  now: number;
}

/** An input-object field or argument left out. */
export const OMIT = Symbol('omitted');

/**
 * Loopback, closed port: JumpCloud connect attempts fail at once and never leave the machine (an
 * empty or missing URL would mean JumpCloud's public default).
 */
export const SAFE_JUMPCLOUD_URL = 'https://127.0.0.1:1';

const isoMinutesAgo = (now: number, minutes: number) => new Date(now - minutes * 60_000).toISOString();
const monthOf = (time: number) => new Date(time).toISOString().slice(0, 7);

function validInt(name: string, pools: FuzzPools): fc.Arbitrary<number> {
  if (/Id$|^ids$/.test(name) && pools.connectWiseIds.length > 0) return fc.constantFrom(...pools.connectWiseIds);
  if (name === 'dueDays') return fc.integer({ min: 0, max: 365 });
  if (name === 'pollIntervalMinutes') return fc.integer({ min: 5, max: 1_440 });
  if (name === 'first') return fc.integer({ min: 1, max: 50 });
  return fc.integer({ min: 0, max: 500 });
}

function validString(name: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  const { credentials } = pools;
  const fixed: Record<string, unknown> = {
    site: credentials.site,
    companyId: credentials.companyId,
    publicKey: credentials.publicKey,
    privateKey: credentials.privateKey,
    apiKey: 'fuzz-api-key',
    providerId: 'fuzzprovider',
    baseUrl: SAFE_JUMPCLOUD_URL,
    insightsBaseUrl: SAFE_JUMPCLOUD_URL,
  };
  if (name in fixed) return fc.constant(fixed[name]);
  if (name === 'externalId' || name === 'externalOrgId') return fc.oneof(fc.constantFrom(...pools.externalIds), fc.nat({ max: 50 }).map((n) => `fuzz-org-${n}`));
  if (name === 'externalEventId') return fc.nat({ max: 200 }).map((n) => `fuzz-event-${n}`);
  if (name === 'subject') return fc.nat({ max: 50 }).map((n) => `user${n}@acme.test`);
  if (name === 'month') return fc.constant(monthOf(pools.now));
  if (name === 'after') return pools.cursors.length > 0 ? fc.oneof(fc.constantFrom(...pools.cursors), fc.constant(null)) : fc.constant(null);
  return fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 });
}

function validScalar(typeName: string, name: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'Int':
      return validInt(name, pools);
    case 'Float':
      return fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100);
    case 'Boolean':
      // Disabling the integration clears it: the rest of the run would lose its ConnectWise paths.
      return name === 'confirm' ? fc.constant(false) : fc.boolean();
    case 'ID':
      return fc.constantFrom(...pools.ownIds);
    case 'DateTimeISO':
      return fc.integer({ min: 1, max: 60 * 24 * 20 }).map((minutes) => isoMinutesAgo(pools.now, minutes));
    case 'JSONObject':
      return fc.dictionary(fc.string({ unit: 'grapheme-ascii', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    default:
      return validString(name, pools);
  }
}

/** A value the argument's type accepts (the service may still refuse it: unknown id, business rule). */
export function validValue(type: GraphQLInputType, name: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return validValue(type.ofType, name, pools);
  if (isListType(type)) return fc.array(validValue(type.ofType, name, pools), { minLength: 1, maxLength: 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.tuple(...fields.map((field) => fieldValue(field.type, field.name, pools))).map((values) => objectOf(fields.map((field) => field.name), values));
  }
  if (isScalarType(type)) return validScalar(type.name, name, pools);
  return fc.constant(null);
}

/** An input-object field: required ones always, optional ones sometimes left out or null. */
function fieldValue(type: GraphQLInputType, name: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return validValue(type, name, pools);
  return fc.oneof({ weight: 3, arbitrary: validValue(type, name, pools) }, { weight: 1, arbitrary: fc.constant(OMIT) }, { weight: 1, arbitrary: fc.constant(null) });
}

function objectOf(names: string[], values: unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (values[i] !== OMIT) object[name] = values[i];
  });
  return object;
}

function faultyScalar(typeName: string, name: string, pools: FuzzPools): fc.Arbitrary<Generated> {
  const foreign = pools.foreignIds.length > 0 ? [fc.constantFrom(...pools.foreignIds).map((value) => ({ value, kind: 'foreign id' }))] : [];
  switch (typeName) {
    case 'Int':
    case 'Float':
      return fc.oneof({ weight: 3, arbitrary: boundaryNumbers }, { weight: 1, arbitrary: wrongTypes });
    case 'Boolean':
      return wrongTypes;
    case 'ID':
      return fc.oneof(randomUuids, ...foreign, ...foreign, malformedIds, oddStrings, wrongTypes);
    case 'DateTimeISO':
      return fc.oneof({ weight: 3, arbitrary: dates }, { weight: 1, arbitrary: wrongTypes });
    case 'JSONObject':
      return fc.oneof({ weight: 3, arbitrary: oddJsonObjects }, { weight: 1, arbitrary: wrongTypes });
    default:
      if (name === 'after') return cursors(pools.cursors);
      if (name === 'month') return fc.oneof(months, oddStrings);
      return fc.oneof({ weight: 3, arbitrary: oddStrings }, { weight: 1, arbitrary: wrongTypes });
  }
}

/** A value with one thing wrong somewhere inside it; the kind says what. */
export function faultyValue(type: GraphQLInputType, name: string, pools: FuzzPools): fc.Arbitrary<Generated> {
  if (isNonNullType(type)) {
    return fc.oneof({ weight: 1, arbitrary: fc.constant({ value: null, kind: 'null for non-null' }) }, { weight: 6, arbitrary: faultyValue(type.ofType, name, pools) });
  }
  if (isListType(type)) {
    const element = validValue(type.ofType, name, pools);
    return fc.oneof(
      fc.constant({ value: [], kind: 'empty list' }),
      element.map((value) => ({ value: Array.from({ length: 10_001 }, () => value), kind: 'huge list (10,001)' })),
      fc.tuple(element, faultyValue(type.ofType, name, pools), fc.boolean()).map(([valid, faulty, first]) => ({ value: first ? [faulty.value, valid] : [valid, faulty.value], kind: faulty.kind })),
      element.map((value) => ({ value, kind: 'one value for a list' })),
      element.map((value) => ({ value: [[value]], kind: 'nested list' })),
    );
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((value) => value.name);
    return fc.oneof(fc.constantFrom('NOPE', names[0]!.toLowerCase(), '', `${names[0]} `).map((value) => ({ value, kind: 'unknown enum value' })), wrongTypes);
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const required = fields.filter((field) => isNonNullType(field.type));
    const valid = fc.tuple(...fields.map((field) => fieldValue(field.type, field.name, pools))).map((values) => objectOf(fields.map((field) => field.name), values));
    const oneFieldWrong = fc.integer({ min: 0, max: fields.length - 1 }).chain((at) =>
      fc.tuple(valid, faultyValue(fields[at]!.type, fields[at]!.name, pools)).map(([object, faulty]) => ({ value: { ...object, [fields[at]!.name]: faulty.value }, kind: `${fields[at]!.name}: ${faulty.kind}` })),
    );
    const alternatives = [
      { weight: 6, arbitrary: oneFieldWrong },
      { weight: 1, arbitrary: valid.map((object) => ({ value: { ...object, nope: 1 }, kind: 'unknown input field' })) },
      { weight: 1, arbitrary: wrongTypes },
    ];
    if (required.length > 0) {
      const missing = fc.tuple(valid, fc.constantFrom(...required.map((field) => field.name))).map(([object, left]) => {
        const { [left]: _left, ...rest } = object;
        return { value: rest, kind: 'missing required field' };
      });
      alternatives.push({ weight: 1, arbitrary: missing });
    }
    return fc.oneof(...alternatives);
  }
  if (isScalarType(type)) return faultyScalar(type.name, name, pools);
  return wrongTypes;
}
