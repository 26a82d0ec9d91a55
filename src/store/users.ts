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
  inspectorId: number | null;
}

const COLS = `id, username, display_name AS displayName, password_hash AS passwordHash, role,
  department_id AS departmentId, active, must_change_password AS mustChangePassword, inspector_id AS inspectorId`;

export function findUserByName(db: Db, username: string): User | undefined {
  return db.prepare<unknown[], User>('SELECT ' + COLS + ' FROM users WHERE username = ?').get(username);
}

export function findUser(db: Db, id: number): User | undefined {
  return db.prepare<unknown[], User>('SELECT ' + COLS + ' FROM users WHERE id = ?').get(id);
}

export function countUsers(db: Db): number {
  return db.prepare<unknown[], { n: number }>('SELECT count(*) AS n FROM users').get()!.n;
}

export function createUser(
  db: Db,
  u: { username: string; displayName: string; passwordHash: string; role: Role; departmentId: number | null; mustChangePassword: boolean; now: string; inspectorId?: number | null },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO users (username, display_name, password_hash, role, department_id, must_change_password, created_at, password_changed_at, inspector_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.username, u.displayName, u.passwordHash, u.role, u.departmentId, u.mustChangePassword ? 1 : 0, u.now, u.now, u.inspectorId ?? null).lastInsertRowid,
  );
}

export function listUsers(db: Db, departmentId?: number): User[] {
  return departmentId === undefined
    ? db.prepare<[], User>('SELECT ' + COLS + ' FROM users ORDER BY id').all()
    : db.prepare<[number], User>('SELECT ' + COLS + ' FROM users WHERE department_id = ? ORDER BY id').all(departmentId);
}

export function setPassword(db: Db, id: number, passwordHash: string, mustChange: boolean, now: string): void {
  db.prepare('UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, mustChange ? 1 : 0, now, id);
}

export function setUserActive(db: Db, id: number, active: boolean): void {
  db.prepare('UPDATE users SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
}

/** Signs a user out everywhere (after a password reset or deactivation). */
export function endSessions(db: Db, userId: number): number {
  return db.prepare("DELETE FROM sessions WHERE json_extract(data, '$.userId') = ?").run(userId).changes;
}

export function setCalendarToken(db: Db, id: number, token: string | null): void {
  db.prepare('UPDATE users SET calendar_token = ? WHERE id = ?').run(token, id);
}

export function calendarTokenOf(db: Db, id: number): string | null {
  return db.prepare<unknown[], { t: string | null }>('SELECT calendar_token AS t FROM users WHERE id = ?').get(id)?.t ?? null;
}

export function findUserByCalendarToken(db: Db, token: string): User | undefined {
  return db.prepare<unknown[], User>('SELECT ' + COLS + ' FROM users WHERE calendar_token = ? AND active = 1').get(token);
}

/** The active inspector of the directory with this certificate number, for linking an account. */
export function activeInspectorByCert(db: Db, certNo: string): { id: number; departmentId: number } | undefined {
  return db.prepare<unknown[], { id: number; departmentId: number }>('SELECT id, department_id AS departmentId FROM inspectors WHERE cert_no = ? AND active = 1').get(certNo);
}

export function inspectorHasAccount(db: Db, inspectorId: number): boolean {
  return !!db.prepare('SELECT 1 FROM users WHERE inspector_id = ?').get(inspectorId);
}
