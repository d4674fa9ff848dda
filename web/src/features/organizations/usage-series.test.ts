import { describe, expect, it } from 'vitest';
import { billSentence, fillMonths, monthDays, watermarkReachedOn } from './usage-series';

const november = [
  { day: '2026-10-31', maxCount: 50 },
  { day: '2026-11-01', maxCount: 38 },
  { day: '2026-11-02', maxCount: 40 },
  { day: '2026-11-04', maxCount: 39 },
  { day: '2026-11-14', maxCount: 42 },
  { day: '2026-11-15', maxCount: 41 },
  { day: '2026-11-20', maxCount: 42 },
];

describe('monthDays', () => {
  it('lists every day of the month, only its own counts, with the running high watermark', () => {
    const days = monthDays('2026-11', november);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: '2026-11-01', dayOfMonth: 1, count: 38, watermark: 38 });
    // A day without a count keeps the watermark; a lower count does not lower it.
    expect(days[2]).toMatchObject({ day: '2026-11-03', count: null, watermark: 40 });
    expect(days[3]).toMatchObject({ count: 39, watermark: 40 });
    expect(days[13]).toMatchObject({ day: '2026-11-14', count: 42, watermark: 42 });
    expect(days[14]).toMatchObject({ count: 41, watermark: 42 });
    // After the last counted day the month is still to come.
    expect(days[19]).toMatchObject({ day: '2026-11-20', watermark: 42 });
    expect(days[20]).toMatchObject({ day: '2026-11-21', count: null, watermark: null });
  });

  it('knows month lengths, leap years included', () => {
    expect(monthDays('2028-02', [])).toHaveLength(29);
    expect(monthDays('2026-02', [])).toHaveLength(28);
    expect(monthDays('2026-12', []).at(-1)?.day).toBe('2026-12-31');
  });
});

describe('watermarkReachedOn', () => {
  it('is the first day the count reached the high watermark', () => {
    expect(watermarkReachedOn(monthDays('2026-11', november), 42)).toBe('2026-11-14');
  });

  it('falls back to the highest day when the series does not hold the watermark, and null without counts', () => {
    expect(watermarkReachedOn(monthDays('2026-11', november), 45)).toBe('2026-11-14');
    expect(watermarkReachedOn(monthDays('2026-11', []), 42)).toBeNull();
  });
});

describe('fillMonths', () => {
  it('gives twelve months up to this one, oldest first, with gaps where the API left months out', () => {
    const months = fillMonths(
      [
        { month: '2026-01', highWatermark: 30, syncedQuantity: 30 },
        { month: '2026-03', highWatermark: 35, syncedQuantity: null },
        { month: '2026-11', highWatermark: 42, syncedQuantity: 42 },
      ],
      '2026-11',
    );
    expect(months.map((m) => m.month)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05',
      '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ]);
    expect(months[0]).toEqual({ month: '2025-12', highWatermark: null, syncedQuantity: null });
    expect(months[1]).toEqual({ month: '2026-01', highWatermark: 30, syncedQuantity: 30 });
    expect(months[2]).toEqual({ month: '2026-02', highWatermark: null, syncedQuantity: null });
    expect(months[3]).toEqual({ month: '2026-03', highWatermark: 35, syncedQuantity: null });
    expect(months[11]).toEqual({ month: '2026-11', highWatermark: 42, syncedQuantity: 42 });
  });
});

describe('billSentence', () => {
  const usage = { month: '2026-11', highWatermark: 42, syncedQuantity: 42, syncedAt: '2026-11-20T12:00:00Z' };

  it('explains a synced month by its high watermark and the day it was reached', () => {
    expect(billSentence({ month: '2026-11', usage, reachedOn: '2026-11-14', mapped: true })).toBe(
      'ConnectWise was sent 42 for November: the highest user count this month, reached on Nov 14.',
    );
  });

  it('says what the next sync will send when nothing was written yet', () => {
    expect(
      billSentence({ month: '2026-11', usage: { ...usage, syncedQuantity: null }, reachedOn: '2026-11-14', mapped: true }),
    ).toBe(
      'Nothing has been written to ConnectWise for November yet; the daily sync at 12:00 will send 42, the highest user count this month, reached on Nov 14.',
    );
  });

  it('says the watermark rose after the last sync', () => {
    expect(
      billSentence({ month: '2026-11', usage: { ...usage, syncedQuantity: 40 }, reachedOn: '2026-11-14', mapped: true }),
    ).toBe(
      'ConnectWise was sent 40 for November; the high watermark has since risen to 42, reached on Nov 14, which the next daily sync at 12:00 will send.',
    );
  });

  it('says nothing is billed for an unmapped organization', () => {
    expect(billSentence({ month: '2026-11', usage, reachedOn: '2026-11-14', mapped: false })).toBe(
      'Nothing is billed for November: the organization is not mapped to a ConnectWise addition. Its highest user count this month is 42, reached on Nov 14.',
    );
  });

  it('says there is nothing to bill before any count', () => {
    expect(billSentence({ month: '2026-11', usage: null, reachedOn: null, mapped: true })).toBe(
      'No user count has been recorded for November yet, so there is nothing to bill.',
    );
  });
});
