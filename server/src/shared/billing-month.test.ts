import { describe, expect, it } from 'vitest';
import { monthOf, parseMonth } from './billing-month.js';

describe('billing months in the billing time zone', () => {
  it('puts 03:00 UTC on the 1st in the previous month in New York', () => {
    expect(monthOf(new Date('2026-12-01T03:00:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(monthOf(new Date('2026-12-01T05:00:00Z'), 'America/New_York')).toBe('2026-12-01');
  });

  it('follows daylight saving: the April boundary is at 04:00 UTC, the December one at 05:00 UTC', () => {
    expect(monthOf(new Date('2026-04-01T03:59:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(monthOf(new Date('2026-04-01T04:00:00Z'), 'America/New_York')).toBe('2026-04-01');
    expect(monthOf(new Date('2026-12-01T04:59:00Z'), 'America/New_York')).toBe('2026-11-01');
  });

  it('parses YYYY-MM and rejects anything else', () => {
    expect(parseMonth('2026-02')).toBe('2026-02-01');
    expect(() => parseMonth('2026-13')).toThrow(/like 2026-11/);
    expect(() => parseMonth('Nov 2026')).toThrow();
  });

  it('takes months from 2000-01 to 9999-12 only', () => {
    expect(parseMonth('2000-01')).toBe('2000-01-01');
    expect(parseMonth('9999-12')).toBe('9999-12-01');
    for (const month of ['0000-01', '0001-01', '1999-12']) expect(() => parseMonth(month)).toThrow('month must be a month from 2000-01 to 9999-12, like 2026-11');
  });
});
