/** Display formats shared by the screens. Times are shown in the admin's own time zone. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 4 });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatCount(value: number): string {
  return whole.format(value);
}

/** A count with its noun, singular for one ("1 company", "2 companies"); the plural defaults to noun + "s". */
export function formatCountOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

/** Costs are exact decimals (4 places) in the provider's currency, which the API does not name. */
export function formatMoney(value: number): string {
  return money.format(value);
}
