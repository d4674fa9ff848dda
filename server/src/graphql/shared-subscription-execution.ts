import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from './context.js';

type Result = ExecutionResult | AsyncGenerator<ExecutionResult>;

// Per event (the payload object every subscriber's stream yields), the executions by subscriber key.
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/**
 * graphql-js executes a subscription's selection once per event for each subscriber; with a thousand
 * admins watching a sync run that is a thousand identical executions per event. Subscribers with the
 * same document, variables, provider and roles get one, shared: their results can only differ by those.
 * Each still runs its own subscribe resolver (and its filter), so what an event reaches is unchanged.
 */
export async function subscribeSharingExecutions(args: ExecutionArgs): Promise<Result> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const key = subscriberKey(args);
  return mapEvents(source[Symbol.asyncIterator](), (payload) => {
    if (payload === null || typeof payload !== 'object') return Promise.resolve(execute({ ...args, rootValue: payload }) as ExecutionResult);
    let byKey = executions.get(payload);
    if (!byKey) executions.set(payload, (byKey = new Map()));
    let result = byKey.get(key);
    if (!result) byKey.set(key, (result = Promise.resolve(execute({ ...args, rootValue: payload }))));
    return result;
  });
}

function subscriberKey({ document, operationName, variableValues, contextValue }: ExecutionArgs): string {
  const viewer = (contextValue as Context).viewer;
  const text = document.loc?.source.body ?? JSON.stringify(document);
  return JSON.stringify([text, operationName ?? null, variableValues ?? null, viewer?.scope.providerId ?? null, viewer?.admin.roles ?? null]);
}

/** `source` with each event mapped; ending it (the client unsubscribed) ends the source. */
function mapEvents<T>(source: AsyncIterator<T>, map: (value: T) => Promise<ExecutionResult>): AsyncGenerator<ExecutionResult> {
  const done = { value: undefined, done: true } as const;
  const end = async () => void (await source.return?.());
  const events = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      const event = await source.next();
      return event.done ? done : { value: await map(event.value), done: false };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await end();
      return done;
    },
    async throw(error: unknown): Promise<never> {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return events;
    },
  };
  return events as unknown as AsyncGenerator<ExecutionResult>;
}
