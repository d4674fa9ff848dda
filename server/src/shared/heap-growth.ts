import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it runs
 * the next one: 100 % (a factor of 2). V8's own factor is up to 4 wherever its heap limit is 2 GB or
 * more (by default, machines with 8 GB of memory or more), and up to 2 below that.
 *
 * Why it matters here: during a sync run, every ConnectWise request in flight when a young-generation
 * collection happens is copied, and some of it is kept long enough to be moved to the old generation,
 * where it waits for a full collection. At 10,000 organizations that is about 3 MB a second: with a
 * factor of 4 the worker peaked at 271–306 MB, with 2 at 251–252 (see README, Run in production).
 * The flag is read at every collection, so setting it after start-up takes effect at the next one.
 */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Applies HEAP_GROWING_PERCENT unless the operator chose a growth (`--heap-growing-percent`) on the
 * command line or in NODE_OPTIONS. Returns the percentage in force, or undefined when it is theirs.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): number | undefined {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  if (given) return undefined;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return HEAP_GROWING_PERCENT;
}
