import { describe, expect, it } from 'vitest';
import { addWorkingDays as addOn, calendarFrom, EMPTY_CALENDAR, isWorkingDay as isOn, publicationDeadline as deadlineOn } from './working-days';
import { packageDays } from '../store/calendar';

// The calendar the department starts from: the chinese-days package's days (2004–2026).
const cal = calendarFrom(packageDays());
const isWorkingDay = (d: string) => isOn(cal, d);
const addWorkingDays = (d: string, n: number) => addOn(cal, d, n);
const publicationDeadline = (d: string) => deadlineOn(cal, d);

describe('official working days', () => {
  it('knows the 2025 National Day holiday and its adjusted working weekends', () => {
    expect(isWorkingDay('2025-10-01')).toBe(false);
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, worked
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, worked
  });

  it('knows the 2026 Spring Festival holiday and its adjusted working Saturdays', () => {
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
  });

  it('counts 20 working days across National Day 2025 (hand-counted: 29 October)', () => {
    // 9/26, 9/28 (Sun, worked), 9/29, 9/30, [10/1–10/8 off], 10/9, 10/10, 10/11 (Sat, worked), 10/13 … 10/29.
    expect(publicationDeadline('2025-09-25')).toBe('2025-10-29');
  });

  it('counts across the 2026 Spring Festival (hand-counted)', () => {
    // From Fri 2026-02-13: 2/14 (Sat, worked) is day 1, [2/15–2/23 off], 2/24..2/27 are 2–5, 2/28 (Sat, worked) is 6.
    expect(addWorkingDays('2026-02-13', 6)).toBe('2026-02-28');
    expect(addWorkingDays('2026-02-13', 7)).toBe('2026-03-02');
  });

  it('takes a year without official data as Monday to Friday, until staff enter its days', () => {
    expect(isOn(EMPTY_CALENDAR, '2027-02-08')).toBe(true);
    expect(isOn(cal, '2027-02-08')).toBe(true);
    const kept = calendarFrom([...packageDays(), { day: '2027-02-08', kind: 'holiday' }, { day: '2027-02-07', kind: 'workday' }]);
    expect(isOn(kept, '2027-02-08')).toBe(false);
    expect(isOn(kept, '2027-02-07')).toBe(true); // a Sunday worked
  });

  it('does not count the day itself and skips ordinary weekends', () => {
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
  });
});
