/** `13:52:07` in UTC: the server's clock, not the browser's time zone. */
export function formatClock(date: Date): string {
  return date.toISOString().slice(11, 19);
}

/** `2025-11-25` in UTC. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseTimestamp(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
