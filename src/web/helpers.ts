// Template helpers: small, pure, and escaping by default.
import type HandlebarsNs from 'handlebars';

export function registerHelpers(hb: typeof HandlebarsNs): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('add1', (n: unknown) => Number(n) + 1);
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('fmtNumber', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('zh-CN') : n));
  hb.registerHelper('lookupField', (obj: Record<string, unknown> | undefined, key: string) => (obj ? obj[key] : undefined));
  hb.registerHelper('includes', (list: unknown, v: unknown) => (typeof list === 'string' ? list.split('、').includes(String(v)) : Array.isArray(list) && list.includes(v)));
  hb.registerHelper('datetime', (iso: unknown) => {
    if (typeof iso !== 'string' || iso === '') return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    // Shown in China Standard Time whatever the server's zone.
    return new Date(d.getTime() + 8 * 3600000).toISOString().slice(0, 16).replace('T', ' ');
  });
}
