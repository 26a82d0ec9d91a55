// Working days on the official calendar of the State Council (holidays and adjusted working weekends),
// from the maintained `chinese-days` data. Years without published data fall back to Monday–Friday.
import { isWorkday } from 'chinese-days';

function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The date of the n-th working day after `from` (the day itself is not counted). */
export function addWorkingDays(from: string, n: number): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = nextDay(day);
    if (isWorkday(day)) left--;
  }
  return day;
}

export function isWorkingDay(iso: string): boolean {
  return isWorkday(iso);
}

/** Results are made public within 20 working days of the inspection (冀政办发〔2015〕22号; SAMR). */
export const PUBLISH_WITHIN_WORKING_DAYS = 20;

export function publicationDeadline(inspectedOn: string): string {
  return addWorkingDays(inspectedOn, PUBLISH_WITHIN_WORKING_DAYS);
}
