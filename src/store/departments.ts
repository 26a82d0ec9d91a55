// Departments (检查主体): the bureaus that own items and inspectors.
import type { Db } from './db';

export interface Department {
  id: number;
  code: string;
  name: string;
  shortName: string;
}

export function listDepartments(db: Db): Department[] {
  return db.prepare<unknown[], Department>('SELECT id, code, name, short_name AS shortName FROM departments ORDER BY id').all();
}

export function createDepartment(db: Db, d: Omit<Department, 'id'>): number {
  return Number(db.prepare('INSERT INTO departments (code, name, short_name) VALUES (?, ?, ?)').run(d.code, d.name, d.shortName).lastInsertRowid);
}

/** Whether the department keeps the location (EXIF) of the photos its teams attach. */
export function keepsPhotoLocation(db: Db, departmentId: number): boolean {
  return db.prepare<[number], number>('SELECT keep_photo_location FROM departments WHERE id = ?').pluck().get(departmentId) === 1;
}

export function setKeepPhotoLocation(db: Db, departmentId: number, on: boolean): void {
  db.prepare('UPDATE departments SET keep_photo_location = ? WHERE id = ?').run(on ? 1 : 0, departmentId);
}
