/*
 * Helpers shared by the tests of every typed client (ConnectWise, JumpCloud) and of the features that
 * use them.
 */
import { freePort } from '../src/embedded/free-port.js';

/** A local port with nothing listening: connecting to it is refused. */
export const closedPort = freePort;

export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** A logger (the shape both clients take) that records every call, to assert on what would be logged. */
export function captureLogger() {
  const entries: CapturedLog[] = [];
  const at = (level: CapturedLog['level']) => (obj: object, msg: string) => void entries.push({ level, obj, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Runs a promise expected to fail and returns the rejection (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The clients a test file opened, so one `closeAll()` in afterEach releases every socket and timer. */
export function clientTracker<C extends { close(): Promise<void> }>() {
  const open = new Set<C>();
  return {
    track(client: C): C {
      open.add(client);
      return client;
    },
    async closeAll(): Promise<void> {
      const clients = [...open];
      open.clear();
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}
