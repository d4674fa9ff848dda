import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino blanks wherever they appear in a logged object; secrets must never reach a log line. */
export const redactedPaths = [
  'authorization',
  'token',
  'privateKey',
  'publicKey',
  'password',
  'secretKey',
  '*.authorization',
  '*.token',
  '*.privateKey',
  '*.publicKey',
  '*.password',
  '*.secretKey',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
