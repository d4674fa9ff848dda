import fc from 'fast-check';

/**
 * Leaf values for the fuzz test: what a careless script or an attacker puts in one argument. Each
 * arbitrary yields `{ value, kind }`; the kind names the input in the failure report.
 */
export interface Generated {
  value: unknown;
  kind: string;
}

/**
 * JSON text too deep for JSON.stringify (V8 overflows its stack a few thousand levels down): the fuzz
 * serializer writes it as it is, so deep variables reach the server exactly as a script would send them.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** `{"a":{"a":…}}` or `{"a":[[…]]}`, `depth` levels. */
export function deepJson(depth: number, shape: 'objects' | 'arrays'): RawJson {
  const inner = shape === 'objects' ? '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1) : '['.repeat(depth - 1) + '[]' + ']'.repeat(depth - 1);
  return new RawJson(shape === 'objects' ? inner : `{"a":${inner}}`);
}

const tagged = <T>(arb: fc.Arbitrary<T>, kind: string): fc.Arbitrary<Generated> => arb.map((value) => ({ value, kind }));

export const boundaryNumbers = tagged(
  fc.constantFrom(0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '', ' 7 '),
  'boundary number',
);

/** Strings that break naive code: length, NUL, lone surrogates, emoji, right-to-left, SQL, control characters. */
export const oddStrings = fc.oneof(
  tagged(fc.constantFrom('x'.repeat(10_000), '🙂'.repeat(5_000), 'a\u0000b'.repeat(3_000)), 'huge string'),
  tagged(fc.constantFrom('Acme\u0000Corp', '\u0000', 'tail\u0000'), 'NUL in string'),
  tagged(fc.constantFrom('Acme \ud800', '\udc00 lead', 'x\udbff\udbffy', '\ud83d'), 'lone surrogate'),
  tagged(
    fc.constantFrom('', ' ', '\t\n', '🙂', '👩‍👩‍👧‍👦 family', '\u202eevil\u202c', 'שלום עולם', 'مرحبا', "'; drop table organizations; --", '" OR 1=1 --', '%s%n%x', '${jndi:ldap://x}', '\u200b', 'e\u0301\u0301\u0301', '\\', '\r\n\r\n'),
    'odd string',
  ),
  tagged(fc.string({ unit: 'binary', maxLength: 40 }), 'random unicode'),
);

/** Values of another JSON type than the argument's. */
export const wrongTypes = tagged(fc.constantFrom<unknown>(true, 42, 4.2, 'text', [], [1, 'a'], {}, { a: 1 }, '{"a":1}'), 'wrong type');

export const randomUuids = tagged(fc.uuid(), 'random uuid');

export const malformedIds = tagged(
  fc.constantFrom('acme', '00000000-0000-0000-0000-00000000000', '00000000-0000-4000-8000-000000000000', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', '1', '-1', '1e3', '{00000000-0000-4000-8000-000000000000}'),
  'malformed id',
);

/** DateTimeISO values at and past the ends of the calendar, and not dates at all. */
export const dates = tagged(
  fc.constantFrom(
    '0001-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T25:61:61Z',
    '2024-01-01',
    'yesterday',
    '',
    '1970-01-01T00:00:00Z',
    '2024-06-01T00:00:00+14:00',
    '2024-06-01T00:00:00.123456789Z',
  ),
  'date',
);

export const months = tagged(fc.constantFrom('0000-01', '0001-01', '9999-12', '2024-13', '2024-00', '2024-1', '24-01', '', 'this month', '2024-01-01', '99999-01'), 'month');

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Opaque cursors as a client might forge them: garbage, base64 of the wrong JSON, wrong uuid or date inside. */
export function cursors(realCursors: string[]): fc.Arbitrary<Generated> {
  const forged = fc.constantFrom(
    'WyJhYmMiXQ',
    base64url('["abc"]'),
    base64url('[]'),
    base64url('{}'),
    base64url('null'),
    base64url('[1e308,"x"]'),
    base64url('["2024-01-01T00:00:00Z","not-a-uuid"]'),
    base64url('["not a date","00000000-0000-4000-8000-000000000000"]'),
    base64url('["0001-01-01T00:00:00Z","00000000-0000-4000-8000-000000000000"]'),
    base64url('[-1]'),
    base64url('["NaN"]'),
    '!!!',
    '',
    '====',
    'x'.repeat(10_000),
  );
  const garbled = realCursors.length === 0 ? forged : fc.tuple(fc.constantFrom(...realCursors), fc.nat()).map(([cursor, at]) => cursor.slice(0, at % (cursor.length + 1)) + 'Zz' + cursor.slice(at % (cursor.length + 1)));
  return fc.oneof(tagged(forged, 'forged cursor'), tagged(garbled, 'garbled cursor'), tagged(fc.base64String({ maxLength: 60 }), 'random cursor'));
}

/** Deep JSON (100 to 10,000 levels, as raw text) and JSON with odd keys, for JSONObject arguments. */
export const oddJsonObjects = fc.oneof(
  tagged(fc.tuple(fc.constantFrom(100, 1_000, 5_000, 10_000), fc.constantFrom<'objects' | 'arrays'>('objects', 'arrays')).map(([depth, shape]) => deepJson(depth, shape)), 'deep JSON'),
  tagged(fc.constantFrom<unknown>({ 'a\u0000b': 1 }, { '\ud800': 'x' }, { '': 1 }, { __proto__x: 1, constructor: { prototype: 1 } }, { big: 'x'.repeat(9_000) }, { n: 1e308 }), 'odd JSON'),
  tagged(fc.constantFrom<unknown>([], 'text', 7, true), 'JSON not an object'),
);
