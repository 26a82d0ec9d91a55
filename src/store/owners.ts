// Which department a record belongs to: one query per kind of record, read by the access check
// (services/access.ts) and by the audit log (each entry is filed under its record's department).
import type { Db } from './db';
import { parseColumn } from './json-columns';

export const OWNED_KINDS = ['tasks', 'draws', 'results', 'schedules', 'plans', 'items', 'inspectors', 'entities', 'users', 'imports', 'lists'] as const;
export type OwnedKind = (typeof OWNED_KINDS)[number];

export interface Owner {
  /** The department that owns the record; null for an account of all departments, or a shared record. */
  departmentId: number | null;
  /** Departments that take part without owning it (a joint task's partners): they may read it. */
  joint: number[];
  /** A register every department shares (the entity directory): no department owns it. */
  shared: boolean;
}

const OWNER_SQL: Record<OwnedKind, string> = {
  tasks: 'SELECT department_id AS d, joint_departments AS j FROM tasks WHERE id = ?',
  draws: 'SELECT t.department_id AS d, t.joint_departments AS j FROM draws x JOIN tasks t ON t.id = x.task_id WHERE x.id = ?',
  results: 'SELECT t.department_id AS d, t.joint_departments AS j FROM results r JOIN draws x ON x.id = r.draw_id JOIN tasks t ON t.id = x.task_id WHERE r.id = ?',
  schedules: "SELECT department_id AS d, '[]' AS j FROM schedules WHERE id = ?",
  plans: 'SELECT department_id AS d, joint_departments AS j FROM plans WHERE id = ?',
  items: "SELECT department_id AS d, '[]' AS j FROM items WHERE id = ?",
  inspectors: "SELECT department_id AS d, '[]' AS j FROM inspectors WHERE id = ?",
  entities: "SELECT NULL AS d, '[]' AS j FROM entities WHERE id = ?",
  users: "SELECT department_id AS d, '[]' AS j FROM users WHERE id = ?",
  imports: "SELECT department_id AS d, '[]' AS j FROM import_jobs WHERE id = ?",
  lists: "SELECT department_id AS d, '[]' AS j FROM special_lists WHERE id = ?",
};

export function isOwnedKind(kind: string): kind is OwnedKind {
  return (OWNED_KINDS as readonly string[]).includes(kind);
}

/** The record's owner, or undefined when there is no such record. */
export function ownerOf(db: Db, kind: OwnedKind, id: number): Owner | undefined {
  if (!Number.isSafeInteger(id)) return undefined;
  const row = db.prepare<unknown[], { d: number | null; j: string | null }>(OWNER_SQL[kind]).get(id);
  if (!row) return undefined;
  // The entity directory is shared; an import into it has no department either.
  const shared = kind === 'entities' || (kind === 'imports' && row.d === null);
  return { departmentId: row.d, joint: row.j ? parseColumn('tasks.joint_departments', row.j) : [], shared };
}

/**
 * The department an audit entry is filed under: its record's, else (a shared record, the system) the
 * acting account's. Results submitted by inspectors are named `draw/entity/item`; their draw tells.
 */
export function auditDepartment(db: Db, kind: string, targetId: string | number, actor: string): number | null {
  const s = String(targetId);
  const composite = /^(\d+)\/\d+\/\d+$/.exec(s);
  let dept: number | null = null;
  if (kind === 'results' && composite) dept = ownerOf(db, 'draws', Number(composite[1]))?.departmentId ?? null;
  else if (isOwnedKind(kind) && /^\d{1,15}$/.test(s)) dept = ownerOf(db, kind, Number(s))?.departmentId ?? null;
  if (dept !== null) return dept;
  const by = db.prepare<unknown[], { d: number | null }>('SELECT department_id AS d FROM users WHERE username = ?').get(actor);
  return by?.d ?? null;
}
