// The SQL of special lists (专项名录, migration 0023) and of items' targets (检查对象范围).
import type { Db } from './db';
import { CURRENT_ON_SQL, type ListKind } from '../domain/special-lists';

export interface SpecialList {
  id: number;
  departmentId: number;
  name: string;
  kind: ListKind;
  notes: string;
  createdBy: string;
  createdAt: string;
  importedAt: string | null;
}

const LIST_COLS = 'id, department_id AS departmentId, name, kind, notes, created_by AS createdBy, created_at AS createdAt, imported_at AS importedAt';

export function insertList(db: Db, l: { departmentId: number; name: string; kind: ListKind; notes: string; createdBy: string; createdAt: string }): number {
  return Number(
    db.prepare('INSERT INTO special_lists (department_id, name, kind, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(l.departmentId, l.name, l.kind, l.notes, l.createdBy, l.createdAt).lastInsertRowid,
  );
}

export function getList(db: Db, id: number): SpecialList | undefined {
  return db.prepare<[number], SpecialList>(`SELECT ${LIST_COLS} FROM special_lists WHERE id = ?`).get(id);
}

/** A department's lists (all departments' when undefined), by name. */
export function listsOf(db: Db, departmentId?: number): SpecialList[] {
  return departmentId === undefined
    ? db.prepare<[], SpecialList>(`SELECT ${LIST_COLS} FROM special_lists ORDER BY department_id, name`).all()
    : db.prepare<[number], SpecialList>(`SELECT ${LIST_COLS} FROM special_lists WHERE department_id = ? ORDER BY name`).all(departmentId);
}

export function listByName(db: Db, departmentId: number, name: string): SpecialList | undefined {
  return db.prepare<[number, string], SpecialList>(`SELECT ${LIST_COLS} FROM special_lists WHERE department_id = ? AND name = ?`).get(departmentId, name);
}

export interface Member {
  entityId: number;
  certNo: string;
  issued: string;
  validUntil: string;
  year: string;
}

/** Replaces a list's members with these (an import is the list as it now stands). */
export function replaceMembers(db: Db, listId: number, members: Member[], now: string): void {
  db.prepare('DELETE FROM special_list_members WHERE list_id = ?').run(listId);
  const ins = db.prepare('INSERT INTO special_list_members (list_id, entity_id, cert_no, issued, valid_until, year) VALUES (?, ?, ?, ?, ?, ?)');
  for (const m of members) ins.run(listId, m.entityId, m.certNo, m.issued, m.validUntil, m.year);
  db.prepare('UPDATE special_lists SET imported_at = ? WHERE id = ?').run(now, listId);
}

/** How many members a list has, and how many of them are current on `day`. */
export function memberCounts(db: Db, listId: number, day: string): { all: number; current: number } {
  return db
    .prepare<unknown[], { all: number; current: number }>(
      `SELECT count(*) AS "all", coalesce(sum(CASE WHEN ${CURRENT_ON_SQL} THEN 1 ELSE 0 END), 0) AS current FROM special_list_members m WHERE m.list_id = ?`,
    )
    .get(day, day, day, listId)!;
}

export interface MemberRow extends Member {
  uscc: string;
  name: string;
  current: number;
}

/** A page of a list's members by USCC, with whether each is current on `day`. */
export function memberPage(db: Db, listId: number, day: string, offset: number, limit: number): MemberRow[] {
  return db
    .prepare<unknown[], MemberRow>(
      `SELECT m.entity_id AS entityId, m.cert_no AS certNo, m.issued, m.valid_until AS validUntil, m.year, e.uscc, e.name,
         CASE WHEN ${CURRENT_ON_SQL} THEN 1 ELSE 0 END AS current
       FROM special_list_members m JOIN entities e ON e.id = m.entity_id WHERE m.list_id = ? ORDER BY e.uscc LIMIT ? OFFSET ?`,
    )
    .all(day, day, day, listId, limit, offset);
}

/** An item's targets (检查对象范围); every part empty when the item has none. */
export interface ItemScope {
  entityTypes: string[];
  industries: string[];
  listIds: number[];
}

export const NO_SCOPE: ItemScope = { entityTypes: [], industries: [], listIds: [] };

export function itemScope(db: Db, itemId: number): ItemScope {
  const r = db.prepare<[number], { t: string; i: string; l: string }>('SELECT entity_types AS t, industries AS i, list_ids AS l FROM item_scopes WHERE item_id = ?').get(itemId);
  return r ? { entityTypes: JSON.parse(r.t) as string[], industries: JSON.parse(r.i) as string[], listIds: JSON.parse(r.l) as number[] } : NO_SCOPE;
}

export function setItemScope(db: Db, itemId: number, s: ItemScope, by: string, now: string): void {
  db.prepare(
    `INSERT INTO item_scopes (item_id, entity_types, industries, list_ids, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET entity_types = excluded.entity_types, industries = excluded.industries, list_ids = excluded.list_ids,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(itemId, JSON.stringify(s.entityTypes), JSON.stringify(s.industries), JSON.stringify(s.listIds), by, now);
}

/**
 * The SQL condition (on entities aliased `e`) that the items' targets on `day` make, with its
 * parameters, or null when no item limits its targets. Each item's targets: its entity types, its
 * industries, membership of one of its lists current on the day, each where given; an entity must be
 * a target of every item of the task (it is inspected for all of them).
 */
export function scopeCondition(scopes: ItemScope[], day: string): { sql: string; params: unknown[] } | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const s of scopes) {
    if (s.entityTypes.length) parts.push('e.entity_type IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(s.entityTypes));
    if (s.industries.length) parts.push('e.industry IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(s.industries));
    if (s.listIds.length) {
      parts.push(`EXISTS (SELECT 1 FROM special_list_members m WHERE m.entity_id = e.id AND m.list_id IN (SELECT value FROM json_each(?)) AND ${CURRENT_ON_SQL})`);
      params.push(JSON.stringify(s.listIds), day, day, day);
    }
  }
  return parts.length ? { sql: '(' + parts.join(' AND ') + ')', params } : null;
}
