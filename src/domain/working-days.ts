// Working days on the official calendar of the State Council: holidays, and weekends made working days
// (调休). The calendar is data the department keeps (store/calendar.ts), started from the chinese-days
// package; a day it does not name is a working day from Monday to Friday.
import { addDays } from './dates';

export interface WorkCalendar {
  /** Days off that would otherwise be working days (and holidays falling on weekends). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休). */
  workdays: ReadonlySet<string>;
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: new Set(), workdays: new Set() };

export function calendarFrom(days: { day: string; kind: string }[]): WorkCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

export function isWorkingDay(cal: WorkCalendar, iso: string): boolean {
  if (cal.holidays.has(iso)) return false;
  if (cal.workdays.has(iso)) return true;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The date of the n-th working day after `from` (the day itself is not counted). */
export function addWorkingDays(cal: WorkCalendar, from: string, n: number): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(cal, day)) left--;
  }
  return day;
}

/** Results are made public within 20 working days of the inspection (冀政办发〔2015〕22号; SAMR). */
export const PUBLISH_WITHIN_WORKING_DAYS = 20;

export function publicationDeadline(cal: WorkCalendar, inspectedOn: string): string {
  return addWorkingDays(cal, inspectedOn, PUBLISH_WITHIN_WORKING_DAYS);
}
