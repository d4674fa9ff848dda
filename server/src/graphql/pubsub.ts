import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import pg from 'pg';
import { postgresConnection } from '../db/postgres-tls.js';
import type { Logger } from '../shared/logger.js';

/** Topics services publish after writes; payloads are plain JSON (they may cross processes). */
export type PubSubTopics = Record<string, [unknown]>;

const CHANNEL = 'highwater_events';
// PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more.
const MAX_PAYLOAD = 7_900;

export interface AppPubSubHandle {
  pubSub: ReturnType<typeof createPubSub<PubSubTopics>>;
  close(): Promise<void>;
}

export type AppPubSub = AppPubSubHandle['pubSub'];

/** In-process only: for one server process (e.g. on the embedded single-connection database). */
export function createLocalPubSub(): AppPubSubHandle {
  return { pubSub: createPubSub<PubSubTopics>({ eventTarget: unboundedEventTarget() }), close: async () => undefined };
}

/** One listener per subscription: Node's default warning at 11 listeners is no leak here. */
function unboundedEventTarget(): EventTarget {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target;
}

/**
 * Fan-out through PostgreSQL LISTEN/NOTIFY, so a subscriber on one server process sees events
 * published by another (a sync run executed by whichever process holds the Agenda lock).
 * One dedicated listening connection, reconnected with backoff, and one publishing connection.
 */
export async function createPostgresPubSub(databaseUrl: string, logger: Logger): Promise<AppPubSubHandle> {
  const local = unboundedEventTarget();
  const connection = postgresConnection(databaseUrl);
  // One connection: NOTIFYs sent on two could commit out of order, and subscribers rely on the order.
  const publisher = new pg.Pool({ connectionString: connection.url, ssl: connection.ssl, max: 1 });
  // An idle connection dropped by the server (a PostgreSQL restart) is an 'error' on the pool, which
  // would otherwise crash the process; the pool drops it and the next publish connects afresh.
  publisher.on('error', (error) => logger.warn({ err: error }, 'event publisher connection lost; the next event reconnects'));
  let listener: pg.Client | undefined;
  let closed = false;

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: connection.url, ssl: connection.ssl });
    client.on('notification', (message) => {
      if (!message.payload) return;
      try {
        const { type, detail } = JSON.parse(message.payload) as { type: string; detail: unknown };
        local.dispatchEvent(new CustomEvent(type, { detail }));
      } catch (error) {
        logger.warn({ err: error }, 'ignored a malformed event notification');
      }
    });
    client.on('error', (error) => {
      logger.warn({ err: error }, 'event listener connection lost; reconnecting');
      void reconnect(1);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  };
  const reconnect = async (attempt: number): Promise<void> => {
    if (closed) return;
    await listener?.end().catch(() => undefined);
    listener = undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 2 ** attempt)));
    await listen().catch((error: unknown) => {
      logger.warn({ err: error, attempt }, 'event listener reconnect failed');
      return reconnect(attempt + 1);
    });
  };
  await listen();

  const eventTarget = {
    addEventListener: local.addEventListener.bind(local),
    removeEventListener: local.removeEventListener.bind(local),
    dispatchEvent(event: Event) {
      const payload = JSON.stringify({ type: event.type, detail: (event as CustomEvent).detail });
      const bytes = Buffer.byteLength(payload);
      if (bytes > MAX_PAYLOAD) {
        logger.error({ type: event.type, bytes }, 'event too large to publish');
        return false;
      }
      publisher.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch((error: unknown) => logger.error({ err: error }, 'publishing an event failed'));
      return true;
    },
  };

  return {
    pubSub: createPubSub<PubSubTopics>({ eventTarget }),
    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await publisher.end();
    },
  };
}
