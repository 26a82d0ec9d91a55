// The SQL behind a draw's inputs: the entity population, recent inspections, the inspector pool, recusals.
import type { Db } from './db';

/** Task filters allowed on entities (field → column); only these constant columns reach the SQL text. */
const FILTER_COLUMNS: Record<string, string> = {
  region: 'region', industry: 'industry', entityType: 'entity_type', creditClass: 'credit_class', regState: 'reg_state',
};
export const TASK_FILTERS = Object.keys(FILTER_COLUMNS);

/** [id, uscc, region, credit_class, reg_state, last_inspected]: raw rows, the population can be a million. */
export type PopulationRow = [number, string, string, string, string, string];

export function entityPopulation(db: Db, filters: Record<string, string>): IterableIterator<PopulationRow> {
  const clauses = ['active = 1'];
  const params: string[] = [];
  for (const [field, col] of Object.entries(FILTER_COLUMNS)) {
    const v = filters[field];
    if (v) clauses.push(col + ' = ?'), params.push(v);
  }
  return db
    .prepare('SELECT id, uscc, region, credit_class, reg_state, last_inspected FROM entities WHERE ' + clauses.join(' AND '))
    .raw()
    .iterate(...params) as IterableIterator<PopulationRow>;
}

/** Entities selected by a valid draw since `sinceIso` in a task that shares one of these items. */
export function recentlyDrawn(db: Db, itemIds: number[], sinceIso: string): Set<number> {
  if (itemIds.length === 0) return new Set();
  const rows = db
    .prepare(
      `SELECT DISTINCT ds.entity_id AS id FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id
       JOIN task_items ti ON ti.task_id = d.task_id
       WHERE d.void_reason IS NULL AND d.drawn_at >= ? AND ti.item_id IN (` + itemIds.map(() => '?').join(', ') + ')',
    )
    .all(sinceIso, ...itemIds) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

export function manualExclusions(db: Db, taskId: number): Map<number, string> {
  const rows = db.prepare('SELECT entity_id AS id, reason FROM task_exclusions WHERE task_id = ?').all(taskId) as { id: number; reason: string }[];
  return new Map(rows.map((r) => [r.id, r.reason]));
}

export interface PoolRow {
  id: number;
  certNo: string;
  departmentId: number;
  region: string;
  specialties: string;
  isExpert: string;
  status: string;
  certExpiry: string;
}

export function inspectorsOf(db: Db, departmentIds: number[]): PoolRow[] {
  return db
    .prepare(
      `SELECT id, cert_no AS certNo, department_id AS departmentId, region, specialties, is_expert AS isExpert, status, cert_expiry AS certExpiry
       FROM inspectors WHERE active = 1 AND department_id IN (` + departmentIds.map(() => '?').join(', ') + ')',
    )
    .all(...departmentIds) as PoolRow[];
}

export function allRecusals(db: Db): { inspectorId: number; entityId: number }[] {
  return db.prepare('SELECT inspector_id AS inspectorId, entity_id AS entityId FROM recusals').all() as { inspectorId: number; entityId: number }[];
}

export function addRecusal(db: Db, r: { inspectorId: number; entityId: number; reason: string; actor: string; now: string }): void {
  db.prepare('INSERT OR REPLACE INTO recusals (inspector_id, entity_id, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(r.inspectorId, r.entityId, r.reason, r.actor, r.now);
}

/** For each entity, the inspectors of its latest valid draw (for "not the same inspector as last time"). */
export function lastInspectors(db: Db): Map<number, number[]> {
  const rows = db
    .prepare('SELECT ds.entity_id AS e, ds.inspector_ids AS i FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id WHERE d.void_reason IS NULL ORDER BY d.id')
    .all() as { e: number; i: string }[];
  return new Map(rows.map((r) => [r.e, JSON.parse(r.i) as number[]]));
}

export function addManualExclusion(db: Db, taskId: number, entityId: number, reason: string): void {
  db.prepare('INSERT OR REPLACE INTO task_exclusions (task_id, entity_id, reason) VALUES (?, ?, ?)').run(taskId, entityId, reason);
}

export interface RecusalRow {
  entityId: number;
  uscc: string;
  name: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export function recusalsOf(db: Db, inspectorId: number): RecusalRow[] {
  return db
    .prepare(
      `SELECT r.entity_id AS entityId, e.uscc, e.name, r.reason, r.created_by AS createdBy, r.created_at AS createdAt
       FROM recusals r JOIN entities e ON e.id = r.entity_id WHERE r.inspector_id = ? ORDER BY r.created_at DESC`,
    )
    .all(inspectorId) as RecusalRow[];
}

export function removeRecusal(db: Db, inspectorId: number, entityId: number): boolean {
  return db.prepare('DELETE FROM recusals WHERE inspector_id = ? AND entity_id = ?').run(inspectorId, entityId).changes === 1;
}
