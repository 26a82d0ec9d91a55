// Items of the list read by id or code (their full records are the registers' business, directory-store.ts).
import type { Db } from './db';

/** Items' code, name and ratio, by id (ids that do not exist are left out). */
export function itemsById(db: Db, ids: number[]): { id: number; code: string; name: string; ratio: string; departmentId: number; active: boolean }[] {
  const stmt = db.prepare<[number], { id: number; code: string; name: string; ratio: string; departmentId: number; active: number }>(
    'SELECT id, code, name, ratio, department_id AS departmentId, active FROM items WHERE id = ?',
  );
  return ids.map((id) => stmt.get(id)).filter((x) => x !== undefined).map((x) => ({ ...x, active: x.active === 1 }));
}

/** A department's item by its code. */
export function itemIdByCode(db: Db, departmentId: number, code: string): number | undefined {
  return db.prepare<[number, string], number>('SELECT id FROM items WHERE department_id = ? AND code = ?').pluck().get(departmentId, code);
}
