import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Resolver, Root, Subscription } from 'type-graphql';

const TICK_MS = 1_000;

/** Yields the time now and then once a second, until the subscriber goes away. */
async function* ticks(): AsyncGenerator<Date> {
  for (;;) {
    yield new Date();
    await sleep(TICK_MS);
  }
}

@Resolver()
export class StatusResolver {
  @Subscription(() => GraphQLDateTimeISO, {
    subscribe: () => ticks(),
    description: "The server's clock, once a second: proves the websocket path end to end.",
  })
  serverTime(@Root() now: Date): Date {
    return now;
  }
}
