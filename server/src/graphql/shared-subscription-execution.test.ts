import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from './context.js';
import { subscribeSharingExecutions } from './shared-subscription-execution.js';

/** A schema whose `tick` subscription yields the events pushed by `publish`, counting executions of its selection. */
function tickSchema() {
  const listeners = new Set<(event: { n: number }) => void>();
  let executions = 0;
  const tick = new GraphQLObjectType({
    name: 'Tick',
    fields: { n: { type: GraphQLInt }, label: { type: GraphQLString, args: { prefix: { type: GraphQLString } }, resolve: (event: { n: number }, { prefix }) => `${prefix}${event.n}` } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: tick,
          resolve: (event: { n: number }) => (executions++, event),
          subscribe: async function* () {
            const queue: { n: number }[] = [];
            let wake: (() => void) | undefined;
            const listener = (event: { n: number }) => (queue.push(event), wake?.());
            listeners.add(listener);
            try {
              for (;;) {
                while (queue.length) yield queue.shift()!;
                await new Promise<void>((resolve) => (wake = resolve));
              }
            } finally {
              listeners.delete(listener);
            }
          },
        },
      },
    }),
  });
  return { schema, publish: (event: { n: number }) => listeners.forEach((listener) => listener(event)), executions: () => executions, listeners };
}

const viewer = (providerId: string) => ({ viewer: { scope: { providerId }, admin: { roles: ['billing'] } } }) as unknown as Context;

describe('subscribeSharingExecutions', () => {
  it('executes an event once for subscribers alike, separately for other variables or providers, and each gets its own answer', async () => {
    const { schema, publish, executions, listeners } = tickSchema();
    const subscribe = (prefix: string, providerId: string) =>
      subscribeSharingExecutions({ schema, document: parse('subscription($p: String) { tick { n label(prefix: $p) } }'), variableValues: { p: prefix }, contextValue: viewer(providerId) }) as Promise<AsyncGenerator<ExecutionResult>>;
    const streams = [await subscribe('a', 'p1'), await subscribe('a', 'p1'), await subscribe('a', 'p1'), await subscribe('b', 'p1'), await subscribe('a', 'p2')];
    const next = Promise.all(streams.map((stream) => stream.next()));
    await new Promise((resolve) => setTimeout(resolve, 10));
    publish({ n: 1 });
    const answers = (await next).map((result) => (result.value as ExecutionResult).data);
    expect(answers).toEqual([
      { tick: { n: 1, label: 'a1' } },
      { tick: { n: 1, label: 'a1' } },
      { tick: { n: 1, label: 'a1' } },
      { tick: { n: 1, label: 'b1' } },
      { tick: { n: 1, label: 'a1' } },
    ]);
    expect(executions()).toBe(3);

    // Ending one subscription ends its source only.
    await streams[0]!.return(undefined);
    expect(listeners.size).toBe(4);
    for (const stream of streams.slice(1)) await stream.return(undefined);
    expect(listeners.size).toBe(0);
  });
});
