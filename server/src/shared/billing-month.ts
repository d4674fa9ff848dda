import { AppError, ErrorCode } from './errors.js';

/**
 * Billing months are calendar months in the provider's billing time zone, written as their first day
 * ('2026-11-01'), the same value PostgreSQL's date_trunc('month', t AT TIME ZONE zone)::date gives.
 */
export function monthOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  const year = parts.find((part) => part.type === 'year')!.value;
  const month = parts.find((part) => part.type === 'month')!.value;
  return `${year}-${month}-01`;
}

/** Accepts 'YYYY-MM' (or 'YYYY-MM-01'); the error names the field. */
export function parseMonth(text: string, field = 'month'): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(text.trim());
  if (!match) throw new AppError(ErrorCode.BadUserInput, `${field} must look like 2026-11`, { field });
  return `${match[1]}-${match[2]}-01`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
