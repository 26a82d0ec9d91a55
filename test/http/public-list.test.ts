// A large drawn list on the public task notice: a page at a time, and whole as a CSV download, the
// same rows in the same order either way, individual businesses' names masked in both.
import { appDeps } from '../../src/compose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import fs from 'node:fs';
import path from 'node:path';
import { createTask, drawTask, commitTask } from '../../src/services/draws';
import { exportSite } from '../../src/publish/export';
import { createLogger } from '../../src/logger';
import { directoryStores } from '../../src/store/directory-store';
import { tempDir } from '../helpers/server';
import { DirectoryService } from '../../src/services/directory';

let s: TestServer;
let taskId = 0;
let drawId = 0;
let selected = 0;

beforeAll(async () => {
  s = await startServer();
  const now = new Date('2026-11-23T02:00:00Z');
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  // Every entity in good standing: more than a page of the notice.
  const all = { ratioBp: 10000 };
  const t = createTask(s.db, {
    departmentId: 2, number: '全量-1', title: '全量公告', filters: {}, strataMode: 'class', strataRules: { A: all, B: all, C: all, D: all, U: all },
    recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', now);
  const d = drawTask(s.db, t.value, [], 'admin', now);
  if (!d.ok) throw new Error(d.message);
  taskId = t.value;
  drawId = d.value.drawId;
  selected = d.value.bundle.result.selected.length;
});
afterAll(() => s.close());

const rowsOf = (html: string) => [...html.matchAll(/<tr><td>(\d+)<\/td><td>([0-9A-Z]{18})<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1]!, m[2]!, m[3]!]);

it('shows the list a page at a time, and the pages together are the CSV download', async () => {
  expect(selected).toBeGreaterThan(1000);
  const anon = new Client(s.url);
  const first = await (await anon.get(`/public/tasks/${taskId}`)).text();
  expect(first).toContain(`本页列出第 1–1,000 户，共 ${selected.toLocaleString('en')} 户`);
  expect(first).toContain(`href="/public/tasks/${taskId}/p/2" rel="next"`);
  expect(first).not.toContain('rel="prev"');
  const pages = [rowsOf(first)];
  for (let p = 2; (p - 1) * 1000 < selected; p++) pages.push(rowsOf(await (await anon.get(`/public/tasks/${taskId}/p/${p}`)).text()));
  expect(pages[0]!.length).toBe(1000);
  const listed = pages.flat();
  expect(listed.map((r) => Number(r[0]))).toEqual(Array.from({ length: selected }, (_, i) => i + 1));

  const res = await anon.get(`/public/draws/${drawId}/list.csv`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const lines = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n');
  expect(lines[0]).toBe('序号,统一社会信用代码,名称,摇号号码');
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(listed);
  // Class strata: the bundle is withheld, so the list is in USCC order (draw order would show the strata).
  expect(listed.map((r) => r[1])).toEqual(listed.map((r) => r[1]).sort());
  // An individual business drawn shows with its name masked, in the page and in the CSV.
  const individual = s.db
    .prepare("SELECT e.uscc, e.name FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? AND e.entity_type = '个体工商户' LIMIT 1")
    .get(drawId) as { uscc: string; name: string };
  const shown = listed.find((r) => r[1] === individual.uscc)!;
  expect(shown[2]).not.toBe(individual.name);
  expect(lines.join('\n')).not.toContain(individual.name);
});

it('answers past the last page with an empty list, and a page that is no page with 404', async () => {
  const anon = new Client(s.url);
  const beyond = await (await anon.get(`/public/tasks/${taskId}/p/999`)).text();
  expect(rowsOf(beyond)).toEqual([]);
  expect(beyond).toContain('rel="prev"');
  const second = await (await anon.get(`/public/tasks/${taskId}/p/2`)).text();
  expect(second).toContain(`href="/public/tasks/${taskId}" rel="prev"`);
  expect(rowsOf(second)[0]![0]).toBe('1001');
  for (const p of ['0', 'abc', '1.5']) expect((await anon.get(`/public/tasks/${taskId}/p/${p}`)).status).toBe(404);
});

it('exports every page of the list and the CSV, linked relatively', async () => {
  const out = tempDir('ssj-export-');
  const deps = appDeps(s.db, s.config, s.clock, createLogger('silent'));
  await exportSite(deps, out, 'https://www.example.gov.cn/sjsj/');
  const pages = [`tasks/${taskId}.html`, ...Array.from({ length: Math.ceil(selected / 1000) - 1 }, (_, i) => `tasks/${taskId}/p/${i + 2}.html`)];
  let rows = 0;
  for (const p of pages) {
    const body = fs.readFileSync(path.join(out, p), 'utf8');
    rows += rowsOf(body).length;
    for (const m of body.matchAll(/href="([^"#:]+)"/g)) expect(fs.existsSync(path.join(out, path.posix.dirname(p), m[1]!)), `${p} → ${m[1]}`).toBe(true);
  }
  expect(rows).toBe(selected);
  expect(fs.readFileSync(path.join(out, `draws/${drawId}/list.csv`), 'utf8').trim().split('\r\n').length).toBe(selected + 1);
});

it('builds the CSV once for any query string, and again after staff change a name in it', async () => {
  const anon = new Client(s.url);
  const csv = async (q = '') => (await anon.get(`/public/draws/${drawId}/list.csv${q}`)).text();
  const first = await csv();
  expect(await csv('?x=1')).toBe(first);
  const firm = s.db
    .prepare("SELECT e.id, e.version, e.uscc, e.name FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? AND e.entity_type <> '个体工商户' LIMIT 1")
    .get(drawId) as { id: number; version: number; uscc: string; name: string };
  expect(first).toContain(`${firm.uscc},${firm.name},`);
  const stores = directoryStores(s.db);
  const record = stores.entities.get(firm.id)! as unknown as Record<string, string>;
  const saved = new DirectoryService(s.db, stores.entities).update(firm.id, firm.version, { ...record, name: '更名后科技有限公司' }, 'admin', '2026-11-24T01:00:00Z');
  expect(saved?.ok).toBe(true);
  const after = await csv('?x=1');
  expect(after).toContain(`${firm.uscc},更名后科技有限公司,`);
  expect(after).not.toContain(`${firm.uscc},${firm.name},`);
});

it('serves a notice from the page cache whatever query string it is asked with', async () => {
  const c = new Client(s.url);
  const first = await (await c.get(`/public/tasks/${taskId}`)).text();
  expect(first).toContain('全量公告');
  // A change made behind the application's back (no audit entry, so the cache is not told):
  // a page built afresh would show it; a page from the cache does not.
  s.db.prepare('UPDATE tasks SET title = ? WHERE id = ?').run('改过的标题', taskId);
  try {
    for (const qs of ['?r=1', '?r=2&x=%E4%B8%AD', '?page=3', '?']) {
      const html = await (await c.get(`/public/tasks/${taskId}${qs}`)).text();
      expect(html, qs).toContain('全量公告');
      expect(html, qs).not.toContain('改过的标题');
    }
    // The parameters a page does read still make pages of their own.
    const a = await (await c.get('/public/search?q=' + encodeURIComponent('全量') + '&r=1')).text();
    const b = await (await c.get('/public/search?q=' + encodeURIComponent('临江') + '&r=1')).text();
    expect(a).not.toBe(b);
  } finally {
    s.db.prepare('UPDATE tasks SET title = ? WHERE id = ?').run('全量公告', taskId);
  }
});
