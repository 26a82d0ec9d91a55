// The working-day calendar staff keep, by day, started from the chinese-days package's data.
import type { Db } from './db';
import { calendarFrom, type WorkCalendar } from '../domain/working-days';

export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: 'package' | 'staff';
  updatedBy: string;
  updatedAt: string;
}

const COLS = 'day, kind, name, source, updated_by AS updatedBy, updated_at AS updatedAt';

/** The package's days: holidays and 调休 working days, named in Chinese. */
export function packageDays(): { day: string; kind: 'holiday' | 'workday'; name: string }[] {
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const name = (v: string) => v.split(',')[1] ?? '';
  return [
    ...Object.entries(data.holidays).map(([day, v]) => ({ day, kind: 'holiday' as const, name: name(v) })),
    ...Object.entries(data.workdays).map(([day, v]) => ({ day, kind: 'workday' as const, name: `${name(v)}调休上班` })),
  ];
}

/**
 * Writes the package's days of every year the calendar has no day of yet: a year staff have begun
 * to keep, or that an earlier start wrote, is left as it is. Returns the years written.
 */
export function seedCalendar(db: Db, now: string): number[] {
  const have = new Set(db.prepare<unknown[], { y: string }>("SELECT DISTINCT substr(day, 1, 4) AS y FROM calendar_days").all().map((r) => r.y));
  const days = packageDays().filter((d) => !have.has(d.day.slice(0, 4)));
  const ins = db.prepare("INSERT OR IGNORE INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES (?, ?, ?, 'package', 'system', ?)");
  db.transaction(() => {
    for (const d of days) ins.run(d.day, d.kind, d.name, now);
  })();
  return [...new Set(days.map((d) => Number(d.day.slice(0, 4))))].sort();
}

export function loadCalendar(db: Db): WorkCalendar {
  return calendarFrom(db.prepare<unknown[], { day: string; kind: string }>('SELECT day, kind FROM calendar_days').all());
}

export function calendarYear(db: Db, year: number): CalendarDay[] {
  return db.prepare<unknown[], CalendarDay>('SELECT ' + COLS + " FROM calendar_days WHERE day >= ? AND day < ? ORDER BY day").all(`${year}-01-01`, `${year + 1}-01-01`);
}

/** Whether the calendar names any holiday of the year (the State Council publishes each year's in advance). */
export function yearKnown(db: Db, year: number): boolean {
  return !!db.prepare("SELECT 1 FROM calendar_days WHERE kind = 'holiday' AND day >= ? AND day < ? LIMIT 1").get(`${year}-01-01`, `${year + 1}-01-01`);
}

export function getCalendarDay(db: Db, day: string): CalendarDay | undefined {
  return db.prepare<unknown[], CalendarDay>('SELECT ' + COLS + ' FROM calendar_days WHERE day = ?').get(day);
}

export function putCalendarDay(db: Db, d: { day: string; kind: 'holiday' | 'workday'; name: string; by: string; now: string }): void {
  db.prepare(
    `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES (?, ?, ?, 'staff', ?, ?)
     ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'staff', updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(d.day, d.kind, d.name, d.by, d.now);
}

export function deleteCalendarDay(db: Db, day: string): boolean {
  return db.prepare('DELETE FROM calendar_days WHERE day = ?').run(day).changes === 1;
}
