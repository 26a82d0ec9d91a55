// Benchmark of ssj-draw/2 on the 1,000,000-row directory the import benchmark leaves behind (part of
// `npm run bench`): the commitment (the population read and frozen, its dry run, the inputs stored),
// the reveal from the stored inputs, and `npm run verify` of the record, against the ssj-draw/1 draw
// from SQL measured in the same run on a copy of the same data (the baseline the issue names).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../src/root';
import { openDb, type Db } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { createDepartment } from '../src/store/departments';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../src/services/draws-v2';
import { drawBundleText } from '../src/store/tasks';

const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
const dir = path.join(projectRoot(), 'data', 'bench');

function copy(name: string): Db | null {
  const src = path.join(dir, 'bench.db');
  if (!fs.existsSync(src)) return null;
  const file = path.join(dir, name);
  for (const x of ['', '-wal', '-shm']) fs.rmSync(file + x, { force: true });
  const s = openDb(src);
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  fs.copyFileSync(src, file);
  const db = openDb(file);
  setupDatabase(db);
  return db;
}

function department(db: Db, now: string): { dept: number; item: number } {
  const dept = createDepartment(db, { code: 'bench', name: '基准测试局', shortName: '基准局' });
  db.prepare("INSERT INTO items (department_id, code, name, item_type, basis, created_at, updated_at, updated_by) VALUES (?, 'B-1', '基准事项', '一般检查事项', '-', ?, ?, 'bench')").run(dept, now, now);
  const ins = db.prepare("INSERT INTO inspectors (department_id, cert_no, name, cert_expiry, status, created_at, updated_at, updated_by) VALUES (?, ?, ?, '2030-12-31', '在岗', ?, ?, 'bench')");
  for (let i = 0; i < 300; i++) ins.run(dept, '3501' + String(i).padStart(7, '0'), '人员' + i, now, now);
  return { dept, item: db.prepare("SELECT id FROM items WHERE code = 'B-1'").pluck().get() as number };
}

function task(db: Db, d: { dept: number; item: number }, number: string, now: string): number {
  const t = createTask(db, {
    departmentId: d.dept, number, title: 'bench', filters: {}, strataMode: 'class',
    strataRules: { ...DEFAULT_CLASS_RULES, A: { ratioBp: 300 }, B: { ratioBp: 500 }, C: { ratioBp: 2000 }, D: { ratioBp: 6000 } },
    recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: true, createdBy: 'bench', itemIds: [d.item], now,
  });
  if (!t.ok) throw new Error(t.message);
  return t.value;
}

function main(): void {
  const now = '2026-11-23T00:00:00Z';
  // Baseline: the ssj-draw/1 draw from SQL, on its own copy.
  const a = copy('v2-baseline.db');
  if (!a) {
    console.log('\n(no data/bench/bench.db: run the import benchmark first for the ssj-draw/2 figures)');
    return;
  }
  const da = department(a, now);
  const t1 = task(a, da, 'v1', now);
  commitTask(a, t1, 'bench', new Date(now));
  let t0 = process.hrtime.bigint();
  const r1 = drawTask(a, t1, [], 'bench', new Date(now));
  const v1 = secs(t0);
  if (!r1.ok) throw new Error(r1.message);
  a.close();

  const db = copy('v2.db')!;
  const d = department(db, now);
  const t2 = task(db, d, 'v2', now);
  const meeting = new Date(Date.parse(now) + 25 * 3600_000);
  t0 = process.hrtime.bigint();
  const c = commitDrawV2(db, t2, { kind: 'witness', at: meeting, place: 'bench' }, { actor: 'bench', now: new Date(now) });
  const commit = secs(t0);
  if (!c.ok) throw new Error(c.message);
  const after = new Date(meeting.getTime() + 60_000);
  const b = setBeacon(db, t2, { witnesses: [{ name: 'bench', value: '42' }] }, 'bench', after);
  if (!b.ok) throw new Error(b.message);
  t0 = process.hrtime.bigint();
  const r2 = revealDraw(db, t2, [], 'bench', after);
  const reveal = secs(t0);
  if (!r2.ok || r2.value.kind !== 'draw') throw new Error(r2.ok ? 'failure' : r2.message);
  const file = path.join(dir, 'v2-record.json');
  fs.writeFileSync(file, drawBundleText(db, r2.value.drawId)!);
  const size = fs.statSync(file).size;
  db.close();
  t0 = process.hrtime.bigint();
  const v = spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'verify.js'), file], { encoding: 'utf8' });
  const verify = secs(t0);
  const rec = r2.value.record;
  console.log(`\nssj-draw/2 on the 1,000,000-row directory (${rec.inputs.entities.length.toLocaleString('en')} eligible, ${rec.result.selected.length.toLocaleString('en')} selected, 300 inspectors)`);
  console.log(`  baseline: ssj-draw/1 draw from SQL, same data     ${v1.toFixed(2)} s`);
  console.log(`  commitment (read, freeze, dry run ${c.value.feasibility.trials}x, store)  ${commit.toFixed(2)} s = ${(commit / v1).toFixed(2)}x the baseline`);
  console.log(`  reveal from the stored inputs                      ${reveal.toFixed(2)} s = ${(reveal / v1).toFixed(2)}x the baseline`);
  console.log(`  npm run verify of the record (${(size / 1048576).toFixed(0)} MiB)               ${verify.toFixed(2)} s (${v.status === 0 ? 'OK' : 'FAILED: ' + v.stdout.trim()})`);
  for (const f of ['v2-baseline.db', 'v2.db']) for (const x of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, f + x), { force: true });
}

main();
