import fc from 'fast-check';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { FuzzPools } from './arguments.js';
import { fieldOperation, type FieldOperation } from './field-operations.js';
import { malformedOperations } from './malformed.js';
import type { FuzzOperation } from './operation.js';

/** Authorization a careless or hostile client sends: HTTP header values, and (over graphql-ws) any JSON. */
const badHttpTokens = ['Bearer nope', `Bearer hw_${'A'.repeat(43)}`, `Bearer ${'x'.repeat(10_000)}`, 'Basic YWRtaW46YWRtaW4=', 'Bearer', 'bearer  hw_ ', ''];
const badWsTokens: unknown[] = [...badHttpTokens, 42, null, { authorization: 'Bearer nope' }, ['Bearer nope'], 'Bearer \ud800', 'Bearer a\u0000b'];

/**
 * Every root field of the schema (queries, mutations, subscriptions) with generated arguments, plus
 * malformed documents and requests (1 in 10); over HTTP or graphql-ws; signed in as the admin (4 in
 * 5), not signed in, or with a bad token; a signed-in mutation sometimes sent 4 times at once.
 */
export function operationArbitrary(schema: GraphQLSchema, pools: FuzzPools): fc.Arbitrary<FuzzOperation> {
  const roots: [FuzzOperation['operationType'], GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const fields: fc.Arbitrary<FieldOperation>[] = roots.flatMap(([operationType, root]) => Object.values(root?.getFields() ?? {}).map((field) => fieldOperation(operationType, field, pools)));
  const request = fc.oneof(
    { weight: 9, arbitrary: fc.oneof(...fields) },
    { weight: 1, arbitrary: malformedOperations.map((malformed) => ({ field: '(document)', ...malformed })) },
  );
  const auth = fc.oneof(
    { weight: 16, arbitrary: fc.constant<FuzzOperation['auth']>('admin') },
    { weight: 3, arbitrary: fc.constant<FuzzOperation['auth']>('none') },
    { weight: 1, arbitrary: fc.constant<FuzzOperation['auth']>('bad token') },
  );
  return fc.tuple(request, fc.nat({ max: 99 }), auth, fc.nat({ max: 99 }), fc.nat({ max: badWsTokens.length - 1 })).map(([generated, transportRoll, who, copiesRoll, tokenAt]) => {
    // Subscriptions mostly over graphql-ws, where they belong; some over HTTP, which must refuse them cleanly.
    const transport = transportRoll < (generated.operationType === 'subscription' ? 80 : 45) ? 'ws' : 'http';
    const copies = generated.operationType === 'mutation' && who === 'admin' && copiesRoll < 5 ? 4 : 1;
    const badToken = who !== 'bad token' ? undefined : transport === 'http' ? badHttpTokens[tokenAt % badHttpTokens.length] : badWsTokens[tokenAt];
    return { ...generated, transport, auth: who, badToken, copies } satisfies FuzzOperation;
  });
}

/** `count` operations for `seed`: the same seed gives the same operations. */
export function sampleOperations(arbitrary: fc.Arbitrary<FuzzOperation>, seed: number, count: number): FuzzOperation[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}
