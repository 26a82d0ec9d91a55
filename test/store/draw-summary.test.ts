// Migration 0011 writes a summary for draws stored before it, with SQL's JSON functions; pages trust
// it as they would the bundle. It must equal what summarizeBundle() stores for new draws.
// Migration 0013 moves the bundles out of `draws`, so that reading a draw's row reads no bundle.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db';
import { loadMigrations, migrate } from '../../src/store/migrate';
import { summarizeBundle, type Bundle } from '../../src/domain/bundle';
import { H } from '../../src/domain/hash';
import { canonicalize } from '../../src/domain/jcs';
import { departmentBundleTexts, drawBundleText } from '../../src/store/tasks';
import { tempDir } from '../helpers/server';

let dir = '';
let db: Db | null = null;
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('backfills the summary of draws stored before migration 0011, equal to summarizeBundle', () => {
  dir = tempDir();
  db = openDb(path.join(dir, 'old.db'));
  const all = loadMigrations();
  const at = all.findIndex((m) => m.name === 'draw-summary');
  migrate(db, all.slice(0, at));
  db.exec(`INSERT INTO departments (id, code, name, short_name) VALUES (1, 'd', '某局', '某')`);
  db.exec(`INSERT INTO tasks (id, department_id, number, title, strata_rules, status, created_by, created_at, updated_at) VALUES (1, 1, 'n', 't', '{}', '已抽取', 'a', 'x', 'x')`);
  const bundles = ['market-monthly', 'joint-witnessed', 'edges'].map((n) => canonicalize(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', `${n}.json`), 'utf8'))));
  bundles.forEach((text, i) => {
    db!.prepare(`INSERT INTO commitments (id, task_id, commitment, secret, committed_at) VALUES (?, 1, ?, 's', 'x')`).run(i + 1, 'c' + i);
    db!.prepare(`INSERT INTO draws (task_id, commitment_id, department_id, excluded_counts, bundle, bundle_hash, drawn_at, drawn_by) VALUES (1, ?, 1, '{}', ?, ?, 'x', 'a')`).run(i + 1, text, 'h' + i);
  });
  migrate(db, all);
  const got = db.prepare('SELECT summary FROM draws ORDER BY id').pluck().all() as string[];
  expect(got.map((x) => JSON.parse(x))).toEqual(bundles.map((t) => summarizeBundle(JSON.parse(t) as Bundle)));
  expect(got.some((x) => JSON.parse(x).joint === true)).toBe(true);
  // Migration 0021 puts the draws on the department's register, each naming the one before it as v1 chained them.
  expect(db.prepare('SELECT kind, protocol, hash, previous, draw_id AS drawId FROM register_records ORDER BY id').all()).toEqual([
    { kind: 'draw', protocol: 'ssj-draw/1', hash: 'h0', previous: '', drawId: 1 },
    { kind: 'draw', protocol: 'ssj-draw/1', hash: 'h1', previous: 'h0', drawId: 2 },
    { kind: 'draw', protocol: 'ssj-draw/1', hash: 'h2', previous: 'h1', drawId: 3 },
  ]);
});

it('moves the bundles of draws stored before migration 0013 into draw_bundles, byte for byte, out of the draw rows', () => {
  dir = tempDir();
  db = openDb(path.join(dir, 'old.db'));
  const all = loadMigrations();
  migrate(db, all.slice(0, all.findIndex((m) => m.name === 'draw-bundles')));
  db.exec(`INSERT INTO departments (id, code, name, short_name) VALUES (1, 'd', '某局', '某')`);
  db.exec(`INSERT INTO tasks (id, department_id, number, title, strata_rules, status, created_by, created_at, updated_at) VALUES (1, 1, 'n', 't', '{}', '已抽取', 'a', 'x', 'x')`);
  const bundles = ['market-monthly', 'joint-witnessed', 'edges'].map((n) => canonicalize(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', `${n}.json`), 'utf8'))));
  bundles.forEach((text, i) => {
    db!.prepare(`INSERT INTO commitments (id, task_id, commitment, secret, committed_at) VALUES (?, 1, ?, 's', 'x')`).run(i + 1, 'c' + i);
    db!.prepare(`INSERT INTO draws (task_id, commitment_id, department_id, excluded_counts, bundle, bundle_hash, drawn_at, drawn_by) VALUES (1, ?, 1, '{}', ?, ?, 'x', 'a')`).run(i + 1, text, H(text));
  });
  // Before: rows of draws spill into overflow pages (two of the bundles are larger than a page).
  const overflow = () => db!.prepare("SELECT count(*) FROM dbstat WHERE name = 'draws' AND pagetype = 'overflow'").pluck().get() as number;
  expect(overflow()).toBeGreaterThan(0);
  migrate(db, all);
  expect(overflow()).toBe(0);
  expect(db.prepare("SELECT count(*) FROM pragma_table_info('draws') WHERE name = 'bundle'").pluck().get()).toBe(0);
  const ids = db.prepare('SELECT id FROM draws ORDER BY id').pluck().all() as number[];
  expect(ids.map((id) => drawBundleText(db!, id))).toEqual(bundles);
  expect([...departmentBundleTexts(db, 1)]).toEqual(bundles);
  expect(db.prepare('SELECT bundle_hash FROM draws ORDER BY id').pluck().all()).toEqual(bundles.map(H));
});
