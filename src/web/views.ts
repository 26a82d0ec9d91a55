// Handlebars views: layouts/, partials/ and pages compiled once at start; output escaped by default.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../root';
import { registerHelpers } from './helpers';

export type Render = (page: string, data: Record<string, unknown>, layout?: string) => string;

function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : e.name.endsWith('.hbs') ? [path.relative(base, p)] : [];
  });
}

export function createViews(viewsDir = path.join(projectRoot(), 'views')): Render {
  const hb = Handlebars.create();
  registerHelpers(hb);
  for (const f of walk(path.join(viewsDir, 'partials'))) {
    hb.registerPartial(f.replace(/\.hbs$/, ''), fs.readFileSync(path.join(viewsDir, 'partials', f), 'utf8'));
  }
  const compile = (rel: string) => hb.compile(fs.readFileSync(path.join(viewsDir, rel), 'utf8'), { strict: false });
  const layouts = new Map(walk(path.join(viewsDir, 'layouts')).map((f) => [f.replace(/\.hbs$/, ''), compile(path.join('layouts', f))]));
  const pages = new Map(
    walk(path.join(viewsDir, 'pages')).map((f) => [f.replace(/\.hbs$/, '').split(path.sep).join('/'), compile(path.join('pages', f))]),
  );
  return (page, data, layout = 'staff') => {
    const tpl = pages.get(page);
    if (!tpl) throw new Error(`no view ${page}`);
    const body = tpl(data);
    const lay = layouts.get(layout);
    if (!lay) throw new Error(`no layout ${layout}`);
    return lay({ ...data, body });
  };
}
