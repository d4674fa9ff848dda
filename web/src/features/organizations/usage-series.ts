/**
 * The numbers behind one organization's usage charts and its bill sentence. Pure functions over what the
 * API returns, so the charts, their tables and the sentence always agree.
 *
 * Days ('YYYY-MM-DD') and months ('YYYY-MM') are the server's, in the billing time zone; they are treated
 * as calendar labels (UTC dates) so the admin's own time zone never shifts a day.
 */

export interface DailyCount {
  day: string;
  maxCount: number;
}

export interface MonthUsage {
  month: string;
  highWatermark: number;
  syncedQuantity?: number | null;
  syncedAt?: string | null;
}

/** One day of the month: its count (null without one) and the month's high watermark so far. */
export interface UsageDay {
  day: string;
  /** Day of the month, 1–31. */
  dayOfMonth: number;
  count: number | null;
  /** Highest count from the 1st to this day; null before the first count and after the last one. */
  watermark: number | null;
}

/** One of the recent months: null values where nothing was counted or written. */
export interface UsageMonth {
  month: string;
  highWatermark: number | null;
  syncedQuantity: number | null;
}

// The sentences are English, so their dates are too.
const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const monthShortYear = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

function monthStart(month: string): Date {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1, 1));
}

function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "November" */
export function monthLabel(month: string): string {
  return monthName.format(monthStart(month));
}

/** "November 2026" */
export function monthYearLabel(month: string): string {
  return monthYear.format(monthStart(month));
}

/** "Nov", or "Nov 2026" with the year. */
export function shortMonthLabel(month: string, withYear = false): string {
  return (withYear ? monthShortYear : monthShort).format(monthStart(month));
}

/** "Nov 14" */
export function dayLabel(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return dayShort.format(new Date(Date.UTC(year, month - 1, date)));
}

/** The month ('YYYY-MM') a moment falls in, on the admin's clock: only for when the server named none. */
export function localMonth(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * Every day of `month` with its count and the running high watermark. The watermark is carried over days
 * without a count (a watermark never decreases) but stops at the last counted day: later days are to come.
 */
export function monthDays(month: string, history: readonly DailyCount[]): UsageDay[] {
  const start = monthStart(month);
  const length = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
  const counts = new Map(history.filter((d) => d.day.startsWith(`${month}-`)).map((d) => [d.day, d.maxCount]));
  const lastCounted = Math.max(0, ...[...counts.keys()].map((day) => Number(day.slice(8))));
  let running: number | null = null;
  return Array.from({ length }, (_, index) => {
    const dayOfMonth = index + 1;
    const day = `${month}-${String(dayOfMonth).padStart(2, '0')}`;
    const count = counts.get(day) ?? null;
    if (count !== null) running = running === null ? count : Math.max(running, count);
    return { day, dayOfMonth, count, watermark: dayOfMonth <= lastCounted ? running : null };
  });
}

/** The first day the month reached `highWatermark` (the server's), or its highest day when none matches. */
export function watermarkReachedOn(days: readonly UsageDay[], highWatermark?: number | null): string | null {
  const counted = days.filter((d): d is UsageDay & { count: number } => d.count !== null);
  if (counted.length === 0) return null;
  const target = highWatermark ?? Math.max(...counted.map((d) => d.count));
  const reached = counted.find((d) => d.count >= target);
  if (reached) return reached.day;
  // The server's watermark may come from a count the daily series does not hold yet: its highest day.
  const highest = Math.max(...counted.map((d) => d.count));
  return counted.find((d) => d.count === highest)?.day ?? null;
}

/** The `count` months up to and including `lastMonth`, oldest first; months the API left out are gaps (null). */
export function fillMonths(recent: readonly MonthUsage[], lastMonth: string, count = 12): UsageMonth[] {
  const byMonth = new Map(recent.map((m) => [m.month, m]));
  const last = monthStart(lastMonth);
  return Array.from({ length: count }, (_, index) => {
    const month = monthKey(new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - (count - 1 - index), 1)));
    const usage = byMonth.get(month);
    return { month, highWatermark: usage?.highWatermark ?? null, syncedQuantity: usage?.syncedQuantity ?? null };
  });
}

export interface BillFacts {
  month: string;
  /** This month's usage; null before any count. */
  usage: MonthUsage | null;
  /** The day the high watermark was reached ('YYYY-MM-DD'), when the daily series shows it. */
  reachedOn: string | null;
  mapped: boolean;
}

/** One sentence that answers "why were we billed this?" for the month. */
export function billSentence({ month, usage, reachedOn, mapped }: BillFacts): string {
  const name = monthLabel(month);
  if (!usage) return `No user count has been recorded for ${name} yet, so there is nothing to bill.`;
  const watermark = usage.highWatermark;
  const reached = reachedOn ? `, reached on ${dayLabel(reachedOn)}` : '';
  if (!mapped) {
    return `Nothing is billed for ${name}: the organization is not mapped to a ConnectWise addition. Its highest user count this month is ${watermark}${reached}.`;
  }
  const synced = usage.syncedQuantity;
  if (synced === null || synced === undefined) {
    return `Nothing has been written to ConnectWise for ${name} yet; the daily sync at 12:00 will send ${watermark}, the highest user count this month${reached}.`;
  }
  if (synced === watermark) {
    return `ConnectWise was sent ${synced} for ${name}: the highest user count this month${reached}.`;
  }
  if (synced < watermark) {
    return `ConnectWise was sent ${synced} for ${name}; the high watermark has since risen to ${watermark}${reached}, which the next daily sync at 12:00 will send.`;
  }
  return `ConnectWise was sent ${synced} for ${name}, more than the high watermark now recorded (${watermark}${reached}).`;
}
