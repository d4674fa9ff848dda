import { createPubSub } from '@graphql-yoga/subscription';

/**
 * Topics services publish after writes and subscriptions listen to. In-process for now; fan-out
 * across server processes plugs in here (the same interface over PostgreSQL LISTEN/NOTIFY).
 */
export type PubSubTopics = Record<string, [unknown]>;

export function createAppPubSub() {
  return createPubSub<PubSubTopics>();
}

export type AppPubSub = ReturnType<typeof createAppPubSub>;
