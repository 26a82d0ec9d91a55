import { describe, expect, it } from 'vitest';
import { occurrencesBetween, type CronFields } from './cron';

const all = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const monthlyAt9: CronFields = { minute: [0], hour: [9], dayOfMonth: [1], month: all(1, 12), dayOfWeek: all(0, 6) };
const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());

describe('cron occurrences in Asia/Shanghai', () => {
  it('puts 09:00 on the 1st of each month at 01:00 UTC', () => {
    const from = Date.parse('2026-11-23T02:00:00Z');
    expect(iso(occurrencesBetween(monthlyAt9, from, Date.parse('2027-02-01T01:00:00Z')))).toEqual([
      '2026-12-01T01:00:00.000Z', '2027-01-01T01:00:00.000Z', '2027-02-01T01:00:00.000Z',
    ]);
  });

  it('excludes the start instant and includes the end instant', () => {
    const t = Date.parse('2026-12-01T01:00:00Z');
    expect(occurrencesBetween(monthlyAt9, t, t)).toEqual([]);
    expect(occurrencesBetween(monthlyAt9, t - 1, t)).toEqual([t]);
  });

  it('handles the local date crossing midnight UTC (Jan 1st 05:00 local is Dec 31st UTC)', () => {
    const f: CronFields = { ...monthlyAt9, hour: [5], month: [1] };
    expect(iso(occurrencesBetween(f, Date.parse('2026-06-01T00:00:00Z'), Date.parse('2027-06-01T00:00:00Z')))).toEqual(['2026-12-31T21:00:00.000Z']);
  });

  it('applies the standard rule when both day of month and day of week are restricted', () => {
    // 09:00 on the 13th or on any Friday, in February 2026 (the 13th is itself a Friday).
    const f: CronFields = { minute: [0], hour: [9], dayOfMonth: [13], month: [2], dayOfWeek: [5] };
    const days = occurrencesBetween(f, Date.parse('2026-01-31T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z')).map((t) => new Date(t + 8 * 3600000).getUTCDate());
    expect(days).toEqual([6, 13, 20, 27]);
  });

  it('enumerates minute schedules on weekdays only', () => {
    const f: CronFields = { minute: [0, 30], hour: [8], dayOfMonth: all(1, 31), month: all(1, 12), dayOfWeek: [1, 2, 3, 4, 5] };
    // 2026-11-21 is a Saturday, 11-23 a Monday.
    expect(iso(occurrencesBetween(f, Date.parse('2026-11-20T12:00:00Z'), Date.parse('2026-11-23T12:00:00Z')))).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-23T00:30:00.000Z']);
  });
});
