// Template helpers: small, pure, and escaping by default.
import type HandlebarsNs from 'handlebars';
import { chinaDateTime } from '../domain/dates';

export function registerHelpers(hb: typeof HandlebarsNs): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('add1', (n: unknown) => Number(n) + 1);
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('fmtNumber', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('zh-CN') : n));
  hb.registerHelper('lookupField', (obj: Record<string, unknown> | undefined, key: string) => (obj ? obj[key] : undefined));
  hb.registerHelper('includes', (list: unknown, v: unknown) => (typeof list === 'string' ? list.split('、').includes(String(v)) : Array.isArray(list) && list.includes(v)));
  // Shown in China Standard Time whatever the server's zone.
  hb.registerHelper('datetime', (iso: unknown) => (typeof iso === 'string' && iso !== '' ? chinaDateTime(iso) : ''));
}
