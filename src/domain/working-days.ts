// Working days on the official calendar of the State Council (holidays and adjusted working weekends),
// from the maintained `chinese-days` data. Years without published data fall back to Monday–Friday.
import { isWorkday } from 'chinese-days';
import { addDays } from './dates';

/** The date of the n-th working day after `from` (the day itself is not counted). */
export function addWorkingDays(from: string, n: number): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
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
