import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import type { VendorSimulatorOptions } from './server.js';

/*
 * What every simulator's standalone CLI shares (`pnpm --filter server cw-sim`, `jc-sim`): the common
 * flags, integer checks, printing the summary, and closing cleanly on SIGINT/SIGTERM. A vendor's cli.ts
 * adds its own flags, starts its simulator and chooses what its summary says.
 */

/** Flags every simulator takes. */
export const commonFlags = {
  port: { type: 'string', default: '0' },
  host: { type: 'string', default: '127.0.0.1' },
  'admin-port': { type: 'string', default: '0' },
  'latency-ms': { type: 'string', default: '0' },
  /** Print the summary as one JSON line (some simulators always do). */
  json: { type: 'boolean', default: false },
  /** Seed data as varied as the vendor's spec allows (each simulator's realisticSeed), for demos and benches. */
  realistic: { type: 'boolean', default: false },
} as const satisfies ParseArgsOptionsConfig;

/** The command line's flags: the common ones plus the vendor's; unknown flags are refused. */
export function parseSimulatorArgs<const T extends ParseArgsOptionsConfig>(vendorFlags: T) {
  return parseArgs<{ args: string[]; options: typeof commonFlags & T; strict: true }>({
    // pnpm may pass a literal "--" through before the script's own arguments.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { ...commonFlags, ...vendorFlags },
    strict: true,
  }).values;
}

export function int(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} must be a non-negative integer`);
  return number;
}

/** The kit's options from the common flags; the admin endpoint always runs from a CLI. */
export function commonSimulatorOptions(values: { port?: string; host?: string; 'admin-port'?: string; 'latency-ms'?: string }): VendorSimulatorOptions {
  return {
    port: int('port', values.port),
    host: values.host,
    latencyMs: int('latency-ms', values['latency-ms']),
    admin: { port: int('admin-port', values['admin-port']) },
  };
}

/** One JSON line (what scripts read), or the given lines for a person. */
export function printSummary(summary: object, humanLines?: string[]): void {
  process.stdout.write(humanLines ? [...humanLines, ''].join('\n') : `${JSON.stringify(summary)}\n`);
}

/**
 * Starts the simulator and serves until SIGINT or SIGTERM, then closes it and exits 0. The handlers are in
 * place before the start, so a signal that arrives while it starts still ends the process cleanly.
 */
export async function serveUntilSignalled<S extends { close(): Promise<void> }>(start: () => Promise<S>): Promise<S> {
  const started: { simulator?: S } = {};
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      void (started.simulator?.close() ?? Promise.resolve()).finally(() => process.exit(0));
    });
  }
  started.simulator = await start();
  return started.simulator;
}
