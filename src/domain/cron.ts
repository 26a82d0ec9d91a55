// Occurrences of a cron schedule between two instants, in a fixed-offset zone (Asia/Shanghai is
// UTC+8 all year, no daylight saving). Pure: the caller parses the expression (services/scheduler.ts)
// and passes the time; tests drive it with any clock.

export interface CronFields {
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  /** 0 = Sunday. */
  dayOfWeek: number[];
}

export const CHINA_OFFSET_MINUTES = 480;
const MINUTE = 60000;

function full(xs: number[], n: number): boolean {
  return xs.length >= n;
}

/**
 * Standard cron day rule: when both day-of-month and day-of-week are restricted, either may match;
 * when one is '*', the other decides.
 */
function dayMatches(f: CronFields, dom: number, dow: number): boolean {
  const domAll = full(f.dayOfMonth, 31);
  const dowAll = full(f.dayOfWeek, 7);
  if (domAll && dowAll) return true;
  if (domAll) return f.dayOfWeek.includes(dow);
  if (dowAll) return f.dayOfMonth.includes(dom);
  return f.dayOfMonth.includes(dom) || f.dayOfWeek.includes(dow);
}

/** Every occurrence t with fromMs < t <= toMs, ascending, at most `limit` of them. */
export function occurrencesBetween(f: CronFields, fromMs: number, toMs: number, limit = 1000, offsetMinutes = CHINA_OFFSET_MINUTES): number[] {
  const off = offsetMinutes * MINUTE;
  const out: number[] = [];
  let t = Math.floor(fromMs / MINUTE) * MINUTE + MINUTE;
  while (t <= toMs && out.length < limit) {
    const local = new Date(t + off);
    const month = local.getUTCMonth() + 1;
    if (!f.month.includes(month)) {
      t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - off;
      continue;
    }
    if (!dayMatches(f, local.getUTCDate(), local.getUTCDay())) {
      t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1) - off;
      continue;
    }
    if (!f.hour.includes(local.getUTCHours())) {
      t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), local.getUTCHours() + 1) - off;
      continue;
    }
    if (f.minute.includes(local.getUTCMinutes())) out.push(t);
    t += MINUTE;
  }
  return out;
}
