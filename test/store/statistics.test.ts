// The statistics' figures (coverage per class, region and industry; inspections per inspector), computed
// from facet counts and the year's distinct drawn entities, against the plain scans they replace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, voidDraw, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { coverage, inspectorLoads } from '../../src/store/statistics';
import { assignmentsOf } from '../../src/store/results';
import { drawLoads, drawSelectionsPage } from '../../src/store/tasks';
import { loadMigrations, migrate } from '../../src/store/migrate';
import { publicSelections } from '../../src/store/public';
import { bundleTeams } from '../helpers/bundle-teams';

let s: TestServer;

beforeAll(async () => {
  s = await startServer();
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const draw = (number: string, at: string) => {
    const now = new Date(at);
    const t = createTask(s.db, {
      departmentId: 2, number, title: '统计', filters: {}, strataMode: 'class', strataRules: { ...DEFAULT_CLASS_RULES, A: { ratioBp: 2000 }, B: { ratioBp: 2000 } },
      recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
    });
    if (!t.ok) throw new Error(t.message);
    commitTask(s.db, t.value, 'admin', now);
    const d = drawTask(s.db, t.value, [], 'admin', now);
    if (!d.ok) throw new Error(d.message);
    return d.value.drawId;
  };
  // In time order: the register's times never go back.
  draw('统计-4', '2025-12-01T02:00:00Z');
  draw('统计-1', '2026-03-02T02:00:00Z');
  draw('统计-2', '2026-09-01T02:00:00Z');
  const voided = draw('统计-3', '2026-10-08T02:00:00Z');
  expect(voidDraw(s.db, voided, '录入错误', 'admin', new Date('2026-10-09T02:00:00Z')).ok).toBe(true);
  // An entity drawn this year that is no longer 存续 counts in no figure.
  s.db.prepare("UPDATE entities SET reg_state = '注销' WHERE id = (SELECT min(entity_id) FROM draw_selections WHERE draw_id = 2)").run();
});
afterAll(() => s.close());

it('counts coverage per class, region and industry as a scan of the directory would', () => {
  const got = coverage(s.db, '2026');
  for (const [dim, col] of [['class', 'credit_class'], ['region', 'region'], ['industry', 'industry']] as const) {
    const want = s.db
      .prepare(
        `SELECT e.${col} AS key, count(*) AS total, count(s.entity_id) AS drawn FROM entities e LEFT JOIN (SELECT DISTINCT ds.entity_id FROM draw_selections ds
         JOIN draws d ON d.id = ds.draw_id AND d.void_reason IS NULL WHERE substr(d.drawn_at, 1, 4) = '2026') s ON s.entity_id = e.id
         WHERE e.active = 1 AND e.reg_state = '存续' GROUP BY e.${col} ORDER BY e.${col}`,
      )
      .all();
    expect(got[dim]).toEqual(want);
    expect(got[dim].some((x) => x.drawn > 0)).toBe(true);
  }
});

it('counts the inspections of each inspector in the year, voided draws and other years left out', () => {
  const draws = s.db.prepare("SELECT id FROM draws WHERE void_reason IS NULL AND drawn_at LIKE '2026%'").pluck().all() as number[];
  const cert = new Map((s.db.prepare('SELECT id, cert_no AS c FROM inspectors').all() as { id: number; c: string }[]).map((r) => [r.id, r.c]));
  const want = new Map<string, number>();
  for (const d of draws) for (const t of bundleTeams(s.db, d)) for (const id of t.ids) want.set(cert.get(id)!, (want.get(cert.get(id)!) ?? 0) + 1);
  expect(inspectorLoads(s.db, '2026')).toEqual(want);
  expect(want.size).toBeGreaterThan(1);
});

/** Each inspector's selections in valid draws, newest draw first, found in every draw's published bundle. */
function assignmentsByScan(): Map<number, string[]> {
  const draws = s.db.prepare('SELECT id FROM draws WHERE void_reason IS NULL ORDER BY drawn_at DESC').pluck().all() as number[];
  const entityId = s.db.prepare('SELECT id FROM entities WHERE uscc = ?').pluck();
  const by = new Map<number, string[]>();
  for (const d of draws) {
    for (const t of bundleTeams(s.db, d)) for (const id of t.ids) by.set(id, [...(by.get(id) ?? []), `${d}/${entityId.get(t.uscc) as number}`]);
  }
  return by;
}

it("gives each inspector exactly the selections whose team names them, valid draws only, newest first", () => {
  const want = assignmentsByScan();
  const inspectors = s.db.prepare('SELECT id FROM inspectors').pluck().all() as number[];
  for (const id of inspectors) expect(assignmentsOf(s.db, id).map((a) => `${a.drawId}/${a.entityId}`), String(id)).toEqual(want.get(id) ?? []);
  expect([...want.values()].some((x) => x.length > 1)).toBe(true);
  // The voided draw's selections are kept (and in assignments) but shown to no one.
  expect(s.db.prepare('SELECT count(*) FROM assignments a JOIN draws d ON d.id = a.draw_id WHERE d.void_reason IS NOT NULL').pluck().get()).toBeGreaterThan(0);
});

it('stores each team once, in pick order, as the bundle states it', () => {
  const draws = s.db.prepare('SELECT id FROM draws').pluck().all() as number[];
  for (const d of draws) {
    const stored = drawSelectionsPage(s.db, d, 1_000_000).map((x) => ({ uscc: x.uscc, ids: x.inspectorIds }));
    expect(stored, String(d)).toEqual(bundleTeams(s.db, d));
  }
  expect(s.db.prepare("SELECT count(*) FROM pragma_table_info('draw_selections') WHERE name = 'inspector_ids'").pluck().get()).toBe(0);
});

it('migration 0020 moves the teams of the draws stored before it into assignments, in pick order', () => {
  const selections = s.db.prepare('SELECT * FROM draw_selections ORDER BY 1, 2').all();
  const assignments = s.db.prepare('SELECT * FROM assignments ORDER BY 1, 2, 3').all();
  // The tables as migrations 0005 and 0016 left them, the teams as JSON in draw_selections.
  s.db.pragma('foreign_keys = OFF');
  s.db.exec(`
    CREATE TABLE old_selections (draw_id INTEGER NOT NULL REFERENCES draws(id), entity_id INTEGER NOT NULL REFERENCES entities(id), position INTEGER NOT NULL,
      stratum TEXT NOT NULL, ticket TEXT NOT NULL, inspector_ids TEXT NOT NULL, PRIMARY KEY (draw_id, entity_id)) WITHOUT ROWID;
    INSERT INTO old_selections SELECT ds.*, (SELECT json_group_array(a.inspector_id ORDER BY a.slot) FROM assignments a WHERE a.draw_id = ds.draw_id AND a.entity_id = ds.entity_id)
      FROM draw_selections ds;
    DROP TABLE assignments; DROP TABLE draw_selections;
    ALTER TABLE old_selections RENAME TO draw_selections;
    CREATE TABLE assignments (inspector_id INTEGER NOT NULL, draw_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, PRIMARY KEY (inspector_id, draw_id, entity_id)) WITHOUT ROWID;
    INSERT INTO assignments SELECT j.value, ds.draw_id, ds.entity_id FROM draw_selections ds, json_each(ds.inspector_ids) j;
    DELETE FROM schema_migrations WHERE name = 'teams-once'; PRAGMA user_version = 19;`);
  s.db.pragma('foreign_keys = ON');
  expect(migrate(s.db, loadMigrations().slice(0, 20))).toEqual(['teams-once']);
  // What the later migrations added to assignments (0026: experts), as they would add it.
  s.db.exec('ALTER TABLE assignments ADD COLUMN expert INTEGER NOT NULL DEFAULT 0');
  s.db.pragma(`user_version = ${loadMigrations().length}`);
  expect(s.db.prepare('SELECT * FROM draw_selections ORDER BY 1, 2').all()).toEqual(selections);
  expect(s.db.prepare('SELECT * FROM assignments ORDER BY 1, 2, 3').all()).toEqual(assignments);
  expect(assignments.length).toBeGreaterThan(selections.length);
});

it('pages each draw in draw order and in USCC order, the pages joining into the whole list', () => {
  const draws = s.db.prepare('SELECT id FROM draws').pluck().all() as number[];
  for (const d of draws) {
    const byPosition = s.db.prepare('SELECT e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? ORDER BY ds.position').pluck().all(d) as string[];
    for (const order of ['draw', 'uscc'] as const) {
      const want = order === 'draw' ? byPosition : [...byPosition].sort();
      expect(publicSelections(s.db, d, order).map((x) => x.uscc)).toEqual(want);
      const pages: string[] = [];
      for (let offset = 0; offset < want.length + 40; offset += 37) pages.push(...publicSelections(s.db, d, order, { offset, limit: 37 }).map((x) => x.uscc));
      expect(pages, `${d} ${order}`).toEqual(want);
    }
  }
  expect(draws.length).toBeGreaterThan(2);
});

it("counts each draw's loads per inspector as its teams say, the same when asked again", () => {
  const draws = s.db.prepare('SELECT id FROM draws').pluck().all() as number[];
  for (let round = 0; round < 2; round++) {
    for (const d of draws) {
      const want = new Map<number, number>();
      for (const t of bundleTeams(s.db, d)) for (const id of t.ids) want.set(id, (want.get(id) ?? 0) + 1);
      expect(new Map([...drawLoads(s.db, d)].sort((x, y) => x[0] - y[0])), String(d)).toEqual(new Map([...want].sort((x, y) => x[0] - y[0])));
    }
  }
});

it("shows staff the first selections of a draw in draw order", () => {
  for (const d of s.db.prepare('SELECT id FROM draws').pluck().all() as number[]) {
    const want = s.db.prepare('SELECT e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? ORDER BY ds.position LIMIT 25').pluck().all(d);
    expect(drawSelectionsPage(s.db, d, 25).map((x) => x.uscc)).toEqual(want);
  }
});
