// Calendar dates as ISO strings (YYYY-MM-DD): parsing the forms staff type and Excel stores.

export type ParsedDate = { ok: true; value: string } | { ok: false; reason: string };

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (d > days[m - 1]!) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Days since 1899-12-30 (Excel's 1900 date system, as serial numbers in .xlsx cells). */
export function fromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 120000) return null;
  const ms = Math.round(serial) * 86400000 + Date.UTC(1899, 11, 30);
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const FORMS: RegExp[] = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/, // 2024-01-05, 2024/1/5, 2024.1.5, with time
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/, // 2024年1月5日
  /^(\d{4})(\d{2})(\d{2})$/, // 20240105
];

/** Accepts the usual written forms and Excel serials; empty input is the caller's concern. */
export function parseDate(raw: string): ParsedDate {
  const s = raw.trim();
  for (const re of FORMS) {
    const m = re.exec(s);
    if (m) {
      const v = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      return v ? { ok: true, value: v } : { ok: false, reason: `日期“${s}”不存在` };
    }
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const v = fromExcelSerial(Number(s));
    if (v) return { ok: true, value: v };
  }
  return { ok: false, reason: `日期“${s}”格式无法识别，请使用 2024-01-31 或 2024年1月31日` };
}

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600000;

/** The calendar date in China of an instant. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date in China of an ISO instant ('2026-11-30T19:05:00Z' is 2026-12-01 there). */
export function chinaDay(iso: string): string {
  return chinaDate(new Date(iso));
}

/** The year in China of an instant. */
export function chinaYear(d: Date): string {
  return chinaDate(d).slice(0, 4);
}

/** "YYYY-MM-DD HH:MM" in China of an ISO instant ('' stays ''; unparseable text is returned as is). */
export function chinaDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Calendar arithmetic on ISO dates (months past a month's end roll over, as Date.UTC does). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}
