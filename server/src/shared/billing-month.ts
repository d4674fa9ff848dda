import { AppError, ErrorCode } from './errors.js';

/**
 * Billing months are calendar months in the provider's billing time zone, written as their first day
 * ('2026-11-01'), the same value PostgreSQL's date_trunc('month', t AT TIME ZONE zone)::date gives.
 */
export function monthOf(instant: Date, timeZone: string): string {
  const parts = monthFormat(timeZone).formatToParts(instant);
  const year = parts.find((part) => part.type === 'year')!.value;
  const month = parts.find((part) => part.type === 'month')!.value;
  return `${year}-${month}-01`;
}

/** One formatter per time zone: making one costs more than a small page of organizations. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();
function monthFormat(timeZone: string): Intl.DateTimeFormat {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormats.set(timeZone, format);
  }
  return format;
}

/**
 * Bounds on dates a client sends. Nothing before 2000 is billing data (and PostgreSQL has no year 0,
 * so '0000-01' used to fail as an internal error); four-digit years end at 9999.
 */
export const EARLIEST_MONTH = '2000-01';
export const LATEST_MONTH = '9999-12';
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00.000Z');
const END_OF_LATEST_MONTH = new Date('9999-12-31T23:59:59.999Z');

/** Accepts 'YYYY-MM' (or 'YYYY-MM-01') from 2000-01 to 9999-12; the error names the field. */
export function parseMonth(text: string, field = 'month'): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(text.trim());
  if (!match || `${match[1]}-${match[2]}` < EARLIEST_MONTH) {
    throw new AppError(ErrorCode.BadUserInput, `${field} must be a month from ${EARLIEST_MONTH} to ${LATEST_MONTH}, like 2026-11`, { field });
  }
  return `${match[1]}-${match[2]}-01`;
}

/** Why an instant a client sent is outside the bounds above ('is before 2000-01-01'), or undefined. */
export function instantOutOfBounds(instant: Date): string | undefined {
  if (instant < EARLIEST_INSTANT) return 'is before 2000-01-01';
  if (instant > END_OF_LATEST_MONTH) return 'is after 9999-12-31';
  return undefined;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
