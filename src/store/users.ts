// Staff and inspector accounts.
import type { Db } from './db';

export type Role = 'admin' | 'inspector' | 'auditor';

export interface User {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  departmentId: number | null;
  active: number;
  mustChangePassword: number;
}

const COLS = `id, username, display_name AS displayName, password_hash AS passwordHash, role,
  department_id AS departmentId, active, must_change_password AS mustChangePassword`;

export function findUserByName(db: Db, username: string): User | undefined {
  return db.prepare('SELECT ' + COLS + ' FROM users WHERE username = ?').get(username) as User | undefined;
}

export function findUser(db: Db, id: number): User | undefined {
  return db.prepare('SELECT ' + COLS + ' FROM users WHERE id = ?').get(id) as User | undefined;
}

export function countUsers(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

export function createUser(
  db: Db,
  u: { username: string; displayName: string; passwordHash: string; role: Role; departmentId: number | null; mustChangePassword: boolean; now: string },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO users (username, display_name, password_hash, role, department_id, must_change_password, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.username, u.displayName, u.passwordHash, u.role, u.departmentId, u.mustChangePassword ? 1 : 0, u.now, u.now).lastInsertRowid,
  );
}
