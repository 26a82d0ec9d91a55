// Template helpers: small, pure, and escaping by default.
import type HandlebarsNs from 'handlebars';
import { chinaDateTime } from '../domain/dates';
import { paths } from './paths';

export function registerHelpers(hb: typeof HandlebarsNs): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('add1', (n: unknown) => Number(n) + 1);
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('fmtNumber', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('zh-CN') : n));
  hb.registerHelper('lookupField', (obj: Record<string, unknown> | undefined, key: string) => (obj ? obj[key] : undefined));
  hb.registerHelper('includes', (list: unknown, v: unknown) => (typeof list === 'string' ? list.split('、').includes(String(v)) : Array.isArray(list) && list.includes(v)));
  // {{path "task" id}}: every link and form action from paths.ts; an unknown name fails the page loudly.
  hb.registerHelper('path', (name: unknown, ...rest: unknown[]) => {
    const p = (paths as Record<string, unknown>)[String(name)];
    if (p === undefined) throw new Error(`no path named ${String(name)}`);
    return typeof p === 'function' ? (p as (...a: unknown[]) => string)(...rest.slice(0, -1)) : p;
  });
  // Shown in China Standard Time whatever the server's zone.
  hb.registerHelper('datetime', (iso: unknown) => (typeof iso === 'string' && iso !== '' ? chinaDateTime(iso) : ''));
}
