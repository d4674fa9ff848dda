import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../src/shared/logger.js';

/** A trace-level logger that counts the SQL statements the ORM reports, for N+1 checks. */
export function sqlCountingLogger(): { logger: Logger; statements(): number } {
  let count = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.includes('"msg":"sql"')) count++;
      done();
    },
  });
  return { logger: createLogger('trace', sink), statements: () => count };
}
