import { AppError, ErrorCode } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row, and would otherwise surface as a database error. */
export function requireId(value: string, field: string): string {
  if (!UUID.test(value)) throw new AppError(ErrorCode.BadUserInput, `${field} is not a valid id`, { field });
  return value.toLowerCase();
}
