// The read-only queries of the public pages. Only public columns are selected here: private fields
// (legal representatives, phones, ID numbers, credit classes) never leave the store for these pages.
import type { Db } from './db';
import type { FollowUpState } from '../domain/follow-up';
import { publicState, TASK_STATES } from '../domain/task-lifecycle';
import { namedIds, NAME_INDEX_MIN_ROWS } from './name-index';
import { keptPerConnection } from './kept';
import type { StrataMode } from './tasks';


export interface PublicItem {
  department: string;
  code: string;
  category: string;
  name: string;
  subItem: string;
  target: string;
  itemType: string;
  methods: string;
  agency: string;
  basis: string;
  ratio: string;
  frequency: string;
  disclosure: string;
}

export function publicItems(db: Db): PublicItem[] {
  return db
    .prepare<unknown[], PublicItem>(
      `SELECT d.name AS department, i.code, i.category, i.name, i.sub_item AS subItem, i.target, i.item_type AS itemType, i.methods,
         i.agency, i.basis, i.ratio, i.frequency, i.disclosure FROM items i JOIN departments d ON d.id = i.department_id
       WHERE i.active = 1 ORDER BY d.id, i.code`,
    )
    .all();
}

/** An inspector as the public directory shows them (执法检查人员名录): never ID numbers nor phones. */
export interface PublicInspector {
  department: string;
  name: string;
  certNo: string;
  unit: string;
  specialties: string;
}

/** The inspectors on duty (在岗, active, experts aside), by department and certificate number. */
export function publicInspectors(db: Db): PublicInspector[] {
  return db
    .prepare<[], PublicInspector>(
      `SELECT d.name AS department, p.name, p.cert_no AS certNo, p.unit, p.specialties FROM inspectors p JOIN departments d ON d.id = p.department_id
       WHERE p.active = 1 AND p.status = '在岗' AND p.is_expert <> '是' ORDER BY d.id, p.cert_no`,
    )
    .all();
}

export interface PublicTask {
  id: number;
  number: string;
  title: string;
  department: string;
  status: string;
  /** The state in the public's words: 已承诺，待抽取 / 已抽取 / 抽取失败，承诺作废 / 已撤回承诺 / 抽取已作废 / 已取消. */
  state: string;
  /** Whether the task is under way (committed or drawn) rather than ended without a draw. */
  active: number;
  /** A joint task's partner departments, joined by 、 (null otherwise). */
  partners: string | null;
  holdList: number;
  inspectBy: string;
  strataMode: StrataMode;
}

/** Tasks the public sees (domain/task-lifecycle.ts, publicState), and any with a draw (voided ones included) or a record on its register (a failure, a withdrawal). */
const PUBLIC_TASK = `(t.status IN (${TASK_STATES.filter(publicState).map((x) => `'${x}'`).join(', ')}) OR EXISTS (SELECT 1 FROM draws x WHERE x.task_id = t.id) OR EXISTS (SELECT 1 FROM register_records x WHERE x.task_id = t.id))`;

/** A joint task's partner departments (not the lead), by their names, joined by 、; null for a task of one department. */
const PARTNERS_SQL = `(SELECT group_concat(p.name, '、') FROM json_each(t.joint_departments) j JOIN departments p ON p.id = j.value WHERE p.id <> t.department_id)`;

/** The public's words for a task's state: a task back at 计划 says why (its last register record, or its voided draw). */
const STATE_SQL = `CASE t.status WHEN '已承诺' THEN '已承诺，待抽取' WHEN '已抽取' THEN '已抽取' WHEN '已取消' THEN '已取消' ELSE
  coalesce((SELECT CASE x.kind WHEN 'failure' THEN '抽取失败，承诺作废' WHEN 'withdrawal' THEN CASE WHEN x.commitment_id IS NULL THEN '抽取已作废' ELSE '已撤回承诺' END END
    FROM register_records x WHERE x.task_id = t.id ORDER BY x.id DESC LIMIT 1),
  CASE WHEN EXISTS (SELECT 1 FROM draws x WHERE x.task_id = t.id) THEN '抽取已作废' ELSE '未公布' END) END`;

export function publicTasks(db: Db): PublicTask[] {
  return db
    .prepare<unknown[], PublicTask>(
      `SELECT t.id, t.number, t.title, d.name AS department, t.status, ${STATE_SQL} AS state, ${PARTNERS_SQL} AS partners, t.status IN ('已承诺', '已抽取') AS active, t.hold_list AS holdList, t.inspect_by AS inspectBy, t.strata_mode AS strataMode
       FROM tasks t JOIN departments d ON d.id = t.department_id
       WHERE ${PUBLIC_TASK} ORDER BY t.id DESC LIMIT 500`,
    )
    .all();
}

export function publicTask(db: Db, id: number): PublicTask | undefined {
  return db
    .prepare<unknown[], PublicTask>(
      `SELECT t.id, t.number, t.title, d.name AS department, t.status, ${STATE_SQL} AS state, ${PARTNERS_SQL} AS partners, t.status IN ('已承诺', '已抽取') AS active, t.hold_list AS holdList, t.inspect_by AS inspectBy, t.strata_mode AS strataMode
       FROM tasks t JOIN departments d ON d.id = t.department_id
       WHERE t.id = ? AND ${PUBLIC_TASK}`,
    )
    .get(id);
}

/** The id of the newest audit entry: every change writes one, so it versions everything public pages show. */
export interface PublicSelection {
  entityId: number;
  uscc: string;
  name: string;
  entityType: string;
  ticket: string;
}

/**
 * A draw's selected entities, in draw order, or by USCC when the order must not tell the strata
 * (draw order runs stratum by stratum, so where the tickets start again marks each stratum's start).
 */
const SELECTION_COLS = 'SELECT e.id AS entityId, e.uscc, e.name, e.entity_type AS entityType, ds.ticket FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id';
const SELECTIONS_IN_ORDER = {
  draw: SELECTION_COLS + ' WHERE ds.draw_id = ? ORDER BY ds.position',
  uscc: SELECTION_COLS + ' WHERE ds.draw_id = ? ORDER BY e.uscc',
};
const SELECTIONS_OF_IDS = SELECTION_COLS + ' WHERE ds.draw_id = ? AND ds.entity_id IN (SELECT value FROM json_each(?))';
const SELECTION_ORDER = {
  draw: 'SELECT entity_id FROM draw_selections WHERE draw_id = ? ORDER BY position',
  uscc: 'SELECT ds.entity_id FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? ORDER BY e.uscc',
};

/**
 * A draw's selected entity ids in draw order or USCC order. A draw's selections and the entities'
 * USCCs never change, so the order is kept once known (the last 16, per connection): a page of a
 * million-entity draw's list sorted all 82,000 selections each time (0.1-0.26 s).
 */
const keptOrders = keptPerConnection<string, Int32Array>(16);
function selectionOrder(db: Db, drawId: number, order: 'draw' | 'uscc'): Int32Array {
  return keptOrders(db, `${drawId}|${order}`, () => Int32Array.from(db.prepare<unknown[], number>(SELECTION_ORDER[order]).pluck().all(drawId)));
}

export function publicSelections(db: Db, drawId: number, order: 'draw' | 'uscc' = 'draw', page?: { offset: number; limit: number }): PublicSelection[] {
  if (!page) return db.prepare<unknown[], PublicSelection>(SELECTIONS_IN_ORDER[order]).all(drawId);
  const ids = selectionOrder(db, drawId, order).subarray(page.offset, page.offset + page.limit);
  const rows = db.prepare<unknown[], PublicSelection>(SELECTIONS_OF_IDS).all(drawId, JSON.stringify([...ids]));
  const byId = new Map(rows.map((r) => [r.entityId, r]));
  return [...ids].map((id) => byId.get(id)!);
}

/** How many of a draw's selected entities have every item's result approved or published. */
export function finishedSelections(db: Db, drawId: number, itemCount: number): number {
  return db
    .prepare<unknown[], { n: number }>(
      `SELECT count(*) AS n FROM (SELECT r.entity_id FROM results r WHERE r.draw_id = ? AND r.status IN ('已通过', '已公示')
       GROUP BY r.entity_id HAVING count(*) >= ?)`,
    )
    .get(drawId, itemCount)!.n;
}

export interface PublicResult {
  department: string;
  uscc: string;
  name: string;
  entityType: string;
  item: string;
  inspectedOn: string;
  category: string;
  followUp: string;
  taskNumber: string;
  /** The follow-up (后续处置) where there is one: its state, referral, case, end day. */
  fuState: FollowUpState | null;
  fuReferredTo: string | null;
  fuCaseNo: string | null;
  fuEndedOn: string | null;
  /** When the result was last corrected (更正), or null. */
  correctedAt: string | null;
}

/** A published result credits its task's department, and a joint task's partners after it (联合抽查). */
const RESULT_SQL = `SELECT dp.name || coalesce('（牵头）、' || ${PARTNERS_SQL}, '') AS department, e.uscc, e.name, e.entity_type AS entityType, i.name AS item, r.inspected_on AS inspectedOn,
    r.category, r.follow_up AS followUp, t.number AS taskNumber,
    fu.state AS fuState, fu.referred_to AS fuReferredTo, fu.case_no AS fuCaseNo, fu.ended_on AS fuEndedOn,
    (SELECT max(c.corrected_at) FROM result_corrections c WHERE c.result_id = r.id) AS correctedAt
  FROM results r JOIN entities e ON e.id = r.entity_id JOIN items i ON i.id = r.item_id JOIN draws d ON d.id = r.draw_id
  JOIN tasks t ON t.id = d.task_id JOIN departments dp ON dp.id = t.department_id LEFT JOIN follow_ups fu ON fu.result_id = r.id
  WHERE r.status = '已公示' AND d.void_reason IS NULL`;

export function publishedResults(db: Db, limit = 500): PublicResult[] {
  return db.prepare<unknown[], PublicResult>(RESULT_SQL + ' ORDER BY r.inspected_on DESC, r.id DESC LIMIT ?').all(limit);
}

/** A task's published results (its 抽查结果公告), in the order they were inspected. */
export function publishedResultsOfTask(db: Db, taskId: number): PublicResult[] {
  return db.prepare<unknown[], PublicResult>(RESULT_SQL + ' AND t.id = ? ORDER BY r.inspected_on, r.id').all(taskId);
}

/**
 * The condition on entities `e` of a public search: a USCC prefix, the few entities (at most 5,000)
 * whose name holds the term, found in memory on a large directory, or else a name LIKE.
 */
function entityCondition(db: Db, q: string, minRows: number): { cond: string; params: unknown[] } {
  if (/^[0-9A-Z]{4,18}$/.test(q)) return { cond: 'e.uscc >= ? AND e.uscc < ?', params: [q, q + '\uffff'] };
  const named = namedIds(db, 'entities', 'name', q, minRows);
  if (named) {
    const ids: number[] = [];
    for (const id of named) if (ids.push(id) > 5000) break;
    if (ids.length <= 5000) return { cond: 'e.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] };
  }
  return { cond: "e.name LIKE ? ESCAPE '\\'", params: ['%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'] };
}

export type DrawnMatch = PublicSelection & { taskId: number; taskNumber: string; drawId: number };

/**
 * Drawn entities and published results matching a USCC prefix or a name fragment (at most 200 each),
 * the entities found once for both.
 */
export function searchPublic(db: Db, q: string, minRows = NAME_INDEX_MIN_ROWS): { drawn: DrawnMatch[]; results: PublicResult[] } {
  const { cond, params } = entityCondition(db, q, minRows);
  const drawn = db
    .prepare<unknown[], DrawnMatch>(
      `SELECT e.id AS entityId, e.uscc, e.name, e.entity_type AS entityType, ds.ticket, t.id AS taskId, t.number AS taskNumber, d.id AS drawId
       FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id JOIN draws d ON d.id = ds.draw_id AND d.void_reason IS NULL
       JOIN tasks t ON t.id = d.task_id WHERE ` + cond + ' ORDER BY d.id DESC, ds.position LIMIT 200',
    )
    .all(...params);
  const results = db.prepare<unknown[], PublicResult>(RESULT_SQL + ' AND ' + cond + ' ORDER BY r.inspected_on DESC, r.id DESC LIMIT 200').all(...params);
  return { drawn, results };
}

/** A published result as the national publicity system (国家企业信用信息公示系统) takes it. */
export interface ExportedResult extends PublicResult {
  findings: string;
}

/**
 * Published results of a year (by inspection date, Beijing), of one department's tasks (lead or joint
 * partner) or all, oldest first: for the upload to the national publicity system.
 */
export function resultsForExport(db: Db, year: string, departmentId?: number): ExportedResult[] {
  const dept = departmentId === undefined ? '' : ' AND (t.department_id = ? OR EXISTS (SELECT 1 FROM json_each(t.joint_departments) j WHERE j.value = ?))';
  return db
    .prepare<unknown[], ExportedResult>(RESULT_SQL.replace('r.category,', 'r.category, r.findings,') + ` AND substr(r.inspected_on, 1, 4) = ?${dept} ORDER BY r.inspected_on, r.id`)
    .all(year, ...(departmentId === undefined ? [] : [departmentId, departmentId]));
}
