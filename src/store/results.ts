// SQL of assignments (an inspector's selections) and results.
import type { Db } from './db';
import { EXPERTS_OF_SELECTION, TEAM_OF_SELECTION, teamIds } from './teams';
import type { ResultStatus } from '../domain/results';

export interface Assignment {
  drawId: number;
  entityId: number;
  inspectorIds: number[];
  /** The team's experts (ssj-draw/2 §4a), who advise and record no result. */
  expertIds: number[];
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  inspectBy: string;
  drawnAt: string;
  entityName: string;
  uscc: string;
  address: string;
  /** Whom the team contacts (internal: never on public pages). */
  legalRep: string;
  legalRepPhone: string;
  liaison: string;
  liaisonPhone: string;
}

const ASSIGNMENT_COLS = `SELECT ds.draw_id AS drawId, ds.entity_id AS entityId, ${TEAM_OF_SELECTION('ds')} AS inspectorIds, ${EXPERTS_OF_SELECTION('ds')} AS expertIds, d.task_id AS taskId,
    t.number AS taskNumber, t.title AS taskTitle, t.inspect_by AS inspectBy, d.drawn_at AS drawnAt,
    e.name AS entityName, e.uscc, e.address, e.legal_rep AS legalRep, e.legal_rep_phone AS legalRepPhone, e.liaison, e.liaison_phone AS liaisonPhone`;
/** Joins to the selection `ds`: its draw (valid ones only), task and entity. */
const ASSIGNMENT_JOINS = `JOIN draws d ON d.id = ds.draw_id AND d.void_reason IS NULL
  JOIN tasks t ON t.id = d.task_id JOIN entities e ON e.id = ds.entity_id`;

const ASSIGNMENTS_OF_INSPECTOR = ASSIGNMENT_COLS + ' FROM assignments a JOIN draw_selections ds ON ds.draw_id = a.draw_id AND ds.entity_id = a.entity_id ' +
  ASSIGNMENT_JOINS + ' WHERE a.inspector_id = ? ORDER BY d.drawn_at DESC, ds.position';
const ONE_ASSIGNMENT = ASSIGNMENT_COLS + ' FROM draw_selections ds ' + ASSIGNMENT_JOINS + ' WHERE ds.draw_id = ? AND ds.entity_id = ?';

/** The selections whose team includes this inspector (valid draws only), from the inspector's rows of assignments. */
type AssignmentText = Omit<Assignment, 'inspectorIds' | 'expertIds'> & { inspectorIds: string | null; expertIds: string | null };
const toAssignment = (r: AssignmentText): Assignment => ({ ...r, inspectorIds: teamIds(r.inspectorIds), expertIds: teamIds(r.expertIds) });

export function assignmentsOf(db: Db, inspectorId: number): Assignment[] {
  return db.prepare<unknown[], AssignmentText>(ASSIGNMENTS_OF_INSPECTOR).all(inspectorId).map(toAssignment);
}

export function assignment(db: Db, drawId: number, entityId: number): Assignment | undefined {
  const r = db.prepare<unknown[], AssignmentText>(ONE_ASSIGNMENT).get(drawId, entityId);
  return r && toAssignment(r);
}

export interface ResultRow {
  id: number;
  drawId: number;
  entityId: number;
  itemId: number;
  category: string;
  inspectedOn: string;
  method: string;
  findings: string;
  followUp: string;
  status: ResultStatus;
  version: number;
  recordedBy: number;
  recordedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string;
  /** JSON of the answers to the item's checklist (domain/checklist.ts), '[]' without one. */
  answers: string;
}

const RESULT_COLS = `id, draw_id AS drawId, entity_id AS entityId, item_id AS itemId, category, inspected_on AS inspectedOn, method, findings,
  follow_up AS followUp, status, version, recorded_by AS recordedBy, recorded_at AS recordedAt, reviewed_by AS reviewedBy,
  reviewed_at AS reviewedAt, review_note AS reviewNote, answers`;

export function resultsOf(db: Db, drawId: number, entityId: number): ResultRow[] {
  return db.prepare<unknown[], ResultRow>('SELECT ' + RESULT_COLS + ' FROM results WHERE draw_id = ? AND entity_id = ?').all(drawId, entityId);
}

export function getResult(db: Db, id: number): ResultRow | undefined {
  return db.prepare<unknown[], ResultRow>('SELECT ' + RESULT_COLS + ' FROM results WHERE id = ?').get(id);
}

export type ResultFields = Pick<ResultRow, 'category' | 'inspectedOn' | 'method' | 'findings' | 'followUp'>;

export function upsertSubmitted(db: Db, k: { drawId: number; entityId: number; itemId: number }, f: ResultFields, userId: number, now: string, answers: unknown[] = []): void {
  db.prepare(
    `INSERT INTO results (draw_id, entity_id, item_id, category, inspected_on, method, findings, follow_up, status, recorded_by, recorded_at, answers)
     VALUES (@drawId, @entityId, @itemId, @category, @inspectedOn, @method, @findings, @followUp, '待审核', @userId, @now, @answers)
     ON CONFLICT (draw_id, entity_id, item_id) DO UPDATE SET category = excluded.category, inspected_on = excluded.inspected_on,
       method = excluded.method, findings = excluded.findings, follow_up = excluded.follow_up, status = '待审核',
       version = version + 1, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, answers = excluded.answers`,
  ).run({ ...k, ...f, userId, now, answers: JSON.stringify(answers) });
}

export function setReview(db: Db, id: number, from: ResultStatus, to: ResultStatus, by: string, note: string, now: string): boolean {
  return db.prepare('UPDATE results SET status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ? AND status = ?').run(to, by, now, note, id, from).changes === 1;
}

export function correctResult(db: Db, id: number, f: ResultFields, reason: string, by: string, now: string): void {
  const before = getResult(db, id)!;
  db.prepare('UPDATE results SET category = @category, inspected_on = @inspectedOn, method = @method, findings = @findings, follow_up = @followUp, version = version + 1 WHERE id = @id').run({ ...f, id });
  db.prepare('INSERT INTO result_corrections (result_id, version, reason, before_json, after_json, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, before.version, reason, JSON.stringify(before), JSON.stringify(f), by, now,
  );
}

export interface ReviewRow extends ResultRow {
  entityName: string;
  uscc: string;
  itemName: string;
  taskNumber: string;
  recorder: string;
}

export function resultsForReview(db: Db, status: ResultStatus, departmentId?: number): ReviewRow[] {
  // A department's own tasks' results, and in a joint task led by another, those its own inspectors recorded (to read).
  const dept = departmentId === undefined ? '' : ' AND (t.department_id = ? OR EXISTS (SELECT 1 FROM inspectors p WHERE p.id = u.inspector_id AND p.department_id = ?))';
  const params: (string | number)[] = [status];
  if (departmentId !== undefined) params.push(departmentId, departmentId);
  return db
    .prepare<unknown[], ReviewRow>(
      'SELECT r.id, r.draw_id AS drawId, r.entity_id AS entityId, r.item_id AS itemId, r.category, r.inspected_on AS inspectedOn, r.method, r.findings, r.answers, ' +
        'r.follow_up AS followUp, r.status, r.version, r.recorded_at AS recordedAt, r.review_note AS reviewNote, e.name AS entityName, e.uscc, i.name AS itemName, ' +
        't.number AS taskNumber, u.display_name AS recorder FROM results r JOIN entities e ON e.id = r.entity_id JOIN items i ON i.id = r.item_id ' +
        'JOIN draws d ON d.id = r.draw_id JOIN tasks t ON t.id = d.task_id JOIN users u ON u.id = r.recorded_by WHERE r.status = ?' + dept + ' ORDER BY r.id LIMIT 500',
    )
    .all(...params);
}

/** Results not yet made public, oldest inspection first (for the publication deadline dashboard). */
export function unpublishedResults(db: Db, departmentId?: number): ReviewRow[] {
  const dept = departmentId === undefined ? '' : ' AND t.department_id = ?';
  return db
    .prepare<unknown[], ReviewRow>(
      'SELECT r.id, r.status, r.inspected_on AS inspectedOn, r.category, e.name AS entityName, e.uscc, i.name AS itemName, t.number AS taskNumber, ' +
        "u.display_name AS recorder FROM results r JOIN entities e ON e.id = r.entity_id JOIN items i ON i.id = r.item_id JOIN draws d ON d.id = r.draw_id " +
        "JOIN tasks t ON t.id = d.task_id JOIN users u ON u.id = r.recorded_by WHERE r.status <> '已公示'" + dept + ' ORDER BY r.inspected_on, r.id LIMIT 1000',
    )
    .all(...(departmentId === undefined ? [] : [departmentId]));
}

/** An approved result made public (已通过 → 已公示). */
export function publishResult(db: Db, id: number): boolean {
  if (db.prepare("UPDATE results SET status = '已公示' WHERE id = ? AND status = '已通过'").run(id).changes !== 1) return false;
  // The entity's record learns of it: the date of its latest published inspection, and that result.
  db.prepare(
    `UPDATE entities SET last_inspected = r.inspected_on, last_result = r.category FROM (SELECT entity_id, inspected_on, category FROM results WHERE id = ?) r
     WHERE entities.id = r.entity_id AND (entities.last_inspected = '' OR entities.last_inspected <= r.inspected_on)`,
  ).run(id);
  return true;
}

/** An entity's name and credit risk class. */
export function entityClass(db: Db, entityId: number): { name: string; creditClass: string } | undefined {
  return db.prepare<[number], { name: string; creditClass: string }>('SELECT name, credit_class AS creditClass FROM entities WHERE id = ?').get(entityId);
}

/** Sets an entity's credit class as an edit of its record (a new version; the old one goes to its history). */
export function setEntityClass(db: Db, entityId: number, creditClass: string, by: string, now: string): void {
  db.prepare('UPDATE entities SET credit_class = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(creditClass, now, by, entityId);
}

/** The inspection methods of an item, as stored (、-separated). */
export function itemMethodsText(db: Db, itemId: number): string {
  return db.prepare<unknown[], { methods: string }>('SELECT methods FROM items WHERE id = ?').get(itemId)?.methods ?? '';
}
