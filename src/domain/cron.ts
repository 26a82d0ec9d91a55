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

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/**
 * A schedule as people read it (每月1日9:00, 每季度首月1日9:00, 每周一9:00), for public plan pages that
 * should never show a cron expression; null where no plain reading fits (the caller shows the times).
 */
export function cronInChinese(f: CronFields): string | null {
  if (f.minute.length !== 1 || f.hour.length !== 1) return null;
  const time = `${f.hour[0]}:${String(f.minute[0]).padStart(2, '0')}`;
  const domAll = f.dayOfMonth.length >= 31;
  const dowAll = f.dayOfWeek.length >= 7;
  const monthAll = f.month.length >= 12;
  const days = f.dayOfMonth.map((d) => `${d}日`).join('、');
  if (domAll && dowAll) return monthAll ? `每天${time}` : null;
  if (!domAll && !dowAll) return null;
  if (domAll) {
    if (!monthAll) return null;
    const w = [...new Set(f.dayOfWeek.map((d) => d % 7))].sort((a, b) => a - b);
    return `每周${w.map((d) => WEEKDAYS[d]).join('、')}${time}`;
  }
  if (monthAll) return `每月${days}${time}`;
  const quarters = [[1, 4, 7, 10], [2, 5, 8, 11], [3, 6, 9, 12]];
  const q = quarters.findIndex((m) => m.length === f.month.length && m.every((x, i) => f.month[i] === x));
  if (q >= 0) return `每季度第${['一', '二', '三'][q]}个月${days}${time}（${f.month.map((m) => `${m}月`).join('、')}）`;
  return `每年${f.month.map((m) => `${m}月`).join('、')}${days}${time}`;
}
