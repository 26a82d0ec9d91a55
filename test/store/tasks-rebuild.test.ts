// Migration 0019 rebuilds the tasks table by SQLite's procedure: every task keeps its strata mode
// (read from the old pair strata_mode + by_class), its other columns and the rows that refer to it.
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db';
import { loadMigrations, migrate } from '../../src/store/migrate';
import { tempDir } from '../helpers/server';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0019 (tasks rebuilt)', () => {
  it('keeps every task, its four strata modes and what refers to it; foreign keys stay enforced', () => {
    const db = openDb(path.join(dir, 'old.db'));
    migrate(db, loadMigrations().slice(0, 18));
    db.exec("INSERT INTO departments (id, code, name, short_name) VALUES (1, 'd', '某局', '某局')");
    db.exec("INSERT INTO items (id, department_id, code, name, item_type, created_at, updated_at, updated_by) VALUES (1, 1, 'X-1', '事项', '一般检查事项', 'n', 'n', 'x')");
    const old: [string, number, string][] = [['class', 1, 'class'], ['region-class', 1, 'region-class'], ['class', 0, 'all'], ['region-class', 0, 'region']];
    old.forEach(([mode, byClass], i) => {
      db.prepare(`INSERT INTO tasks (id, department_id, number, title, strata_mode, by_class, strata_rules, status, inspect_by, hold_list, created_by, created_at, updated_at)
        VALUES (?, 1, ?, '任务', ?, ?, '[]', '已承诺', '2026-12-31', ?, 'x', 't', 't')`).run(i + 1, `N-${i}`, mode, byClass, i % 2);
      db.prepare('INSERT INTO task_items (task_id, item_id) VALUES (?, 1)').run(i + 1);
    });
    expect(migrate(db)).toContain('tasks-rebuild');
    const rows = db.prepare('SELECT id, strata_mode AS m, status, inspect_by AS inspectBy, hold_list AS hold FROM tasks ORDER BY id').all();
    expect(rows).toEqual(old.map(([, , m], i) => ({ id: i + 1, m, status: '已承诺', inspectBy: '2026-12-31', hold: i % 2 })));
    expect(db.prepare('SELECT count(*) AS n FROM task_items').get()).toEqual({ n: 4 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare('INSERT INTO task_items (task_id, item_id) VALUES (99, 1)').run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE tasks SET strata_mode = 'nonsense' WHERE id = 1").run()).toThrow(/CHECK/);
    db.close();
  });
});
