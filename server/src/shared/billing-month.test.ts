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
    expect(() => parseMonth('2026-13')).toThrow(/must look like 2026-11/);
    expect(() => parseMonth('Nov 2026')).toThrow();
  });
});
