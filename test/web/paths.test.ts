// Every URL a page links to or posts to comes from paths.ts: views hold no literal site URL and name
// only paths that exist; routes redirect only to named paths.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths, pattern } from '../../src/web/paths';

const root = path.join(__dirname, '..', '..');
const files = (dir: string, ext: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));

describe('paths', () => {
  it('are the only source of links and form actions in the views', () => {
    const views = files(path.join(root, 'views'), '.hbs');
    expect(views.length).toBeGreaterThan(30);
    let named = 0;
    for (const f of views) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, path.relative(root, f)).not.toMatch(/(href|action|src)="\//);
      for (const m of text.matchAll(/\{\{path "([a-zA-Z]+)"/g)) {
        named++;
        expect(Object.keys(paths), `${path.relative(root, f)}: ${m[1]}`).toContain(m[1]);
      }
    }
    expect(named).toBeGreaterThan(60);
  });

  it('are where the routes send people', () => {
    for (const f of files(path.join(root, 'src', 'web'), '.ts')) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, path.relative(root, f)).not.toMatch(/redirect\(303, ['`]\//);
      expect(text, path.relative(root, f)).not.toMatch(/(href|Href|action|Action): `\//);
    }
  });

  it('are what the routes answer: no route spells its own URL', () => {
    let routes = 0;
    for (const f of [...files(path.join(root, 'src', 'web', 'routes'), '.ts'), path.join(root, 'src', 'web', 'app.ts')]) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, path.relative(root, f)).not.toMatch(/\b(?:r|app)\.(?:get|post|put|delete|use)\(\s*\[?\s*['"`]/);
      routes += [...text.matchAll(/\b(?:r|app)\.(?:get|post|use)\(\s*\[?(?:pattern\(|paths\.|PASSWORD_PATH)/g)].length;
    }
    expect(routes).toBeGreaterThan(60);
  });

  it('give each named path a pattern that its own URLs match', () => {
    expect(pattern('task', ':id')).toBe('/admin/tasks/:id');
    expect(pattern('publicTaskPage', ':id', ':page')).toBe('/public/tasks/:id/p/:page');
    expect(pattern('scheduleActive', ':id', true)).toBe('/admin/schedules/:id/reactivate');
    expect(pattern('calendarFeed', ':token')).toBe('/calendar/:token.ics');
    expect(pattern('tasks')).toBe(paths.tasks);
  });
});
