// The layers' seams, checked on the sources: routes reach the store nowhere and hold no connection;
// a route never imports another route; services write no SQL; the domain imports no I/O.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.join(__dirname, '..', '..', 'src');
const ts = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));

describe('layers', () => {
  it('routes receive services: no store import, no connection, no other route', () => {
    const routes = ts(path.join(src, 'web', 'routes'));
    expect(routes.length).toBeGreaterThan(12);
    for (const f of routes) {
      const text = fs.readFileSync(f, 'utf8');
      const name = path.basename(f);
      expect(text, name).not.toMatch(/from '\.\.\/\.\.\/store\//);
      expect(text, name).not.toMatch(/deps\.db\b/);
      expect(text, name).not.toMatch(/from '\.\/[a-z-]+'/);
    }
  });

  it('services write no SQL: every statement is in the store', () => {
    const services = ts(path.join(src, 'services')).filter((x) => !x.endsWith('.test.ts'));
    expect(services.length).toBeGreaterThan(20);
    for (const f of services) expect(fs.readFileSync(f, 'utf8'), path.basename(f)).not.toMatch(/\.prepare[<(]|\bdb\.exec\(|\.pragma\(/);
  });

  it('the domain is pure: no store, services, web, database, clock or randomness', () => {
    for (const f of ts(path.join(src, 'domain')).filter((x) => !x.endsWith('.test.ts'))) {
      const text = fs.readFileSync(f, 'utf8');
      const name = path.basename(f);
      expect(text, name).not.toMatch(/from '\.\.\/(store|services|web|import|jobs)\//);
      expect(text, name).not.toMatch(/from '(better-sqlite3|express|node:fs|node-cron)'|Date\.now\(|Math\.random\(/);
    }
  });
});
