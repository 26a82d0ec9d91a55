// What the benchmarks set up alike: a copy of the 1,000,000-row directory the import benchmark leaves
// behind (data/bench/bench.db), a department with one item and 300 inspectors, and tasks with the
// four credit classes at 3/5/20/60%.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/root';
import { openDb, type Db } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { createDepartment } from '../src/store/departments';
import { createTask, DEFAULT_CLASS_RULES } from '../src/services/draws';

export const BENCH_DIR = path.join(projectRoot(), 'data', 'bench');

/** A fresh copy of bench.db under `name`, migrated; null when the import benchmark has not made it. */
export function copyBenchDb(name: string): Db | null {
  const src = path.join(BENCH_DIR, 'bench.db');
  if (!fs.existsSync(src)) return null;
  const file = path.join(BENCH_DIR, name);
  copyDatabase(src, file);
  const db = openDb(file);
  setupDatabase(db);
  return db;
}

/** A copy of a database file, its log folded in first, over whatever `to` held (its log too). */
export function copyDatabase(from: string, to: string): void {
  for (const x of ['', '-wal', '-shm']) fs.rmSync(to + x, { force: true });
  const s = openDb(from);
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  fs.copyFileSync(from, to);
}

export interface BenchDepartment {
  dept: number;
  item: number;
}

/** The benchmark department: one item, 300 inspectors on duty. */
export function benchDepartment(db: Db, now: string): BenchDepartment {
  const dept = createDepartment(db, { code: 'bench', name: '基准测试局', shortName: '基准局' });
  db.prepare("INSERT INTO items (department_id, code, name, item_type, basis, created_at, updated_at, updated_by) VALUES (?, 'B-1', '基准事项', '一般检查事项', '-', ?, ?, 'bench')").run(dept, now, now);
  const ins = db.prepare("INSERT INTO inspectors (department_id, cert_no, name, cert_expiry, status, created_at, updated_at, updated_by) VALUES (?, ?, ?, '2030-12-31', '在岗', ?, ?, 'bench')");
  for (let i = 0; i < 300; i++) ins.run(dept, '3501' + String(i).padStart(7, '0'), '人员' + i, now, now);
  return { dept, item: db.prepare("SELECT id FROM items WHERE code = 'B-1'").pluck().get() as number };
}

/** A task of the benchmark department by credit class (3/5/20/60%), teams of 2. */
export function benchTask(db: Db, d: BenchDepartment, number: string, now: string, o: { recentMonths: number; avoidLastInspector: boolean }): number {
  const t = createTask(db, {
    departmentId: d.dept, number, title: 'bench', filters: {}, strataMode: 'class',
    strataRules: { ...DEFAULT_CLASS_RULES, A: { ratioBp: 300 }, B: { ratioBp: 500 }, C: { ratioBp: 2000 }, D: { ratioBp: 6000 } },
    recentMonths: o.recentMonths, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: o.avoidLastInspector,
    createdBy: 'bench', itemIds: [d.item], now,
  });
  if (!t.ok) throw new Error(t.message);
  return t.value;
}
