import fc from 'fast-check';
import type { FuzzOperation } from './operation.js';
import { deepJson } from './values.js';

type Malformed = Pick<FuzzOperation, 'kind' | 'operationType' | 'document' | 'variables' | 'operationName' | 'rawPayload' | 'allowedCloseCodes'>;

const VALID = '{ viewer { id email } }';
const q = (kind: string, document: string, extra: Partial<Malformed> = {}): Malformed => ({ kind, operationType: 'query', document, ...extra });

/** Documents and requests that must be refused before anything runs: syntax, validation, limits, request shape. */
const fixed: Malformed[] = [
  q('syntax error', '{ viewer { id }'),
  q('syntax error', 'query {'),
  q('syntax error', '}}}'),
  q('syntax error', ''),
  q('syntax error', '# only a comment'),
  q('syntax error', '{ viewer { id } } trailing'),
  q('syntax error', '{ organization(id: "abc) { id } }'),
  q('syntax error', '{ viewer\u0000 { id } }'),
  q('syntax error', 'mutation { upsertOrganizations(organizations: [{externalId: "a" name: "b"}]) { id }'),
  q('syntax error', '{ organization(id: "\\ud800") { id } }'),
  q('unknown field', '{ viewer { nope } }'),
  q('unknown field', '{ nope }'),
  { kind: 'unknown field', operationType: 'mutation', document: 'mutation { nope }' },
  q('unknown argument', '{ viewer(x: 1) { id } }'),
  q('missing argument', '{ organization { id } }'),
  q('unused variable', 'query($x: Int) { viewer { id } }', { variables: { x: 1 } }),
  q('unused variable, deep JSON', 'query($x: JSONObject) { __typename }', { variables: { x: deepJson(10_000, 'arrays') } }),
  q('undeclared variable, deep JSON (300,000 levels)', '{ __typename }', { variables: { x: deepJson(300_000, 'arrays') } }),
  q('undeclared variable', '{ organization(id: $id) { id } }'),
  q('variable of the wrong type', 'query($id: Int) { organization(id: $id) { id } }', { variables: { id: 1 } }),
  q('variable of an unknown type', 'query($id: Nope) { organization(id: $id) { id } }', { variables: { id: 1 } }),
  // graphql-ws calls a subscribe message with non-object variables invalid: closing with 4400 is the protocol's answer.
  q('variables not an object', VALID, { variables: 'x' as never, allowedCloseCodes: [4400] }),
  q('too many aliases', `{ ${Array.from({ length: 25 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`),
  q('too many directives', `{ viewer { id ${'@include(if: true) '.repeat(60)} } }`),
  q('too many tokens', `{ ${'__typename '.repeat(6_000)} }`),
  q('too deep', '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }'),
  q('too costly', '{ organizations(first: 100000) { nodes { id name highWatermark monthlyUsage { month } companySuggestions(first: 1000) { score } } } }'),
  q('fragment cycle', '{ ...F } fragment F on Query { ...F }'),
  q('two operations, no name', 'query A { viewer { id } } query B { viewer { id } }'),
  q('unknown operation name', 'query A { viewer { id } }', { operationName: 'B' }),
  q('duplicate field with different arguments', '{ organizations(first: 1) { totalCount } organizations(first: 2) { totalCount } }'),
  q('introspection', '{ __schema { queryType { name } types { name } } }'),
  { kind: 'subscription with two fields', operationType: 'subscription', document: 'subscription { serverTime alertEventUpdated { id } }' },
  q('query not a string', VALID, { rawPayload: '{"query":5}', allowedCloseCodes: [4400] }),
  q('query missing', VALID, { rawPayload: '{"variables":{}}', allowedCloseCodes: [4400] }),
  q('payload not an object', VALID, { rawPayload: '"{ viewer { id } }"', allowedCloseCodes: [4400] }),
  q('variables an array', VALID, { rawPayload: `{"query":${JSON.stringify(VALID)},"variables":[1,2]}`, allowedCloseCodes: [4400] }),
  q('unknown persisted document', VALID, { rawPayload: '{"documentId":"sha256:0000","extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000"}}}', allowedCloseCodes: [4400] }),
  q('batched request', VALID, { rawPayload: `[{"query":${JSON.stringify(VALID)}},{"query":${JSON.stringify(VALID)}}]`, allowedCloseCodes: [4400] }),
  q('truncated JSON', VALID, { rawPayload: `{"query":${JSON.stringify(VALID)}`, allowedCloseCodes: [4400] }),
  // Over the 2 MB HTTP body limit; over graphql-ws the socket may be closed for it (1009, message too big).
  q('over the size limit (3 MB)', VALID, { rawPayload: `{"query":${JSON.stringify(VALID)},"variables":{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}}`, allowedCloseCodes: [1009, 4400, 4413] }),
];

export const malformedOperations: fc.Arbitrary<Malformed> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...fixed) },
  // A valid document cut anywhere.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: VALID.length - 2 }).map((at) => q('truncated document', VALID.slice(0, at))) },
);
