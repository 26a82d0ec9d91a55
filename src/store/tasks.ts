// SQL of inspection tasks, commitments and draws.
import type { Db } from './db';
import { parseColumn, type ColumnValue } from './json-columns';
import { EXPERTS_OF_SELECTION, TEAM_OF_SELECTION, teamIds } from './teams';
import { keptPerConnection } from './kept';
import type { DrawSummary } from '../domain/bundle';
import { inspectorIdentities } from './draw-population';
import { bundleText, writeBundlePieces } from './bundle-pieces';

export type { TaskState as TaskStatus } from '../domain/task-lifecycle';
import { TASK_TRANSITIONS, type TaskState as TaskStatus } from '../domain/task-lifecycle';
export type { StrataMode } from '../domain/strata';
import type { StrataMode } from '../domain/strata';

export interface ClassRule {
  count?: number;
  ratioBp?: number;
}

export interface TaskRow {
  id: number;
  departmentId: number;
  number: string;
  title: string;
  filters: Record<string, string>;
  strataMode: StrataMode;
  strataRules: Record<string, ClassRule>;
  recentMonths: number;
  teamSize: number;
  jointDepartments: number[];
  maxLoad: number | null;
  homeRegionAvoidance: boolean;
  avoidLastInspector: boolean;
  status: TaskStatus;
  /** Expert slots per team (ssj-draw/2 §4a; 0: none), and the experts' field ('' any). */
  expertSlots: number;
  expertField: string;
  /** Expert slots tied to a field, one per field listed, filled first (§4a team.expertGroups); the rest are open. */
  expertGroups: string[];
  /** The annual plan the task was made from, or null. */
  planId: number | null;
  /** The inspections' deadline (YYYY-MM-DD), '' = 30 days after the draw. */
  inspectBy: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** A cancelled task's reason, time and account ('' and null otherwise). */
  cancelReason: string;
  cancelledAt: string | null;
  cancelledBy: string | null;
}

export type NewTask = Omit<TaskRow, 'id' | 'status' | 'planId' | 'expertSlots' | 'expertField' | 'expertGroups' | 'inspectBy' | 'createdAt' | 'updatedAt' | 'cancelReason' | 'cancelledAt' | 'cancelledBy'> & {
  itemIds: number[];
  now: string;
  planId?: number | null;
  expertSlots?: number;
  expertField?: string;
  expertGroups?: string[];
};

interface RawTask {
  id: number;
  departmentId: number;
  number: string;
  title: string;
  filters: string;
  strataMode: StrataMode;
  strataRules: string;
  recentMonths: number;
  teamSize: number;
  jointDepartments: string;
  maxLoad: number | null;
  homeRegionAvoidance: number;
  avoidLastInspector: number;
  status: TaskStatus;
  expertSlots: number;
  expertField: string;
  expertGroups: string;
  planId: number | null;
  inspectBy: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  cancelReason: string;
  cancelledAt: string | null;
  cancelledBy: string | null;
}

const TASK_COLS = `id, department_id AS departmentId, number, title, filters, strata_mode AS strataMode, strata_rules AS strataRules,
  recent_months AS recentMonths, team_size AS teamSize, joint_departments AS jointDepartments, max_load AS maxLoad,
  home_region_avoidance AS homeRegionAvoidance, avoid_last_inspector AS avoidLastInspector, status, plan_id AS planId, expert_slots AS expertSlots, expert_field AS expertField, expert_groups AS expertGroups, inspect_by AS inspectBy,
  created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt, cancel_reason AS cancelReason, cancelled_at AS cancelledAt, cancelled_by AS cancelledBy`;

function toTask(r: RawTask): TaskRow {
  return {
    ...r,
    filters: parseColumn('tasks.filters', r.filters),
    strataRules: parseColumn('tasks.strata_rules', r.strataRules),
    jointDepartments: parseColumn('tasks.joint_departments', r.jointDepartments),
    expertGroups: parseColumn('tasks.expert_groups', r.expertGroups),
    homeRegionAvoidance: r.homeRegionAvoidance === 1,
    avoidLastInspector: r.avoidLastInspector === 1,
  };
}

export function insertTask(db: Db, t: NewTask): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO tasks (department_id, number, title, filters, strata_mode, strata_rules, recent_months, team_size,
           joint_departments, max_load, home_region_avoidance, avoid_last_inspector, created_by, created_at, updated_at, plan_id, expert_slots, expert_field, expert_groups)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        t.departmentId, t.number, t.title, JSON.stringify(t.filters), t.strataMode, JSON.stringify(t.strataRules), t.recentMonths, t.teamSize,
        JSON.stringify(t.jointDepartments), t.maxLoad, t.homeRegionAvoidance ? 1 : 0, t.avoidLastInspector ? 1 : 0, t.createdBy, t.now, t.now, t.planId ?? null, t.expertSlots ?? 0, t.expertField ?? '',
        JSON.stringify(t.expertGroups ?? []),
      ).lastInsertRowid,
  );
  const ins = db.prepare('INSERT INTO task_items (task_id, item_id) VALUES (?, ?)');
  for (const item of t.itemIds) ins.run(id, item);
  return id;
}

/** Changes a task's conditions and items (before its commitment: the caller checks). */
export function updateTaskRow(db: Db, id: number, t: Omit<NewTask, 'createdBy' | 'departmentId'>): void {
  db.prepare(
    `UPDATE tasks SET number = ?, title = ?, filters = ?, strata_mode = ?, strata_rules = ?, recent_months = ?, team_size = ?, joint_departments = ?,
       max_load = ?, home_region_avoidance = ?, avoid_last_inspector = ?, updated_at = ?, plan_id = ?, expert_slots = ?, expert_field = ?, expert_groups = ? WHERE id = ?`,
  ).run(
    t.number, t.title, JSON.stringify(t.filters), t.strataMode, JSON.stringify(t.strataRules), t.recentMonths, t.teamSize, JSON.stringify(t.jointDepartments),
    t.maxLoad, t.homeRegionAvoidance ? 1 : 0, t.avoidLastInspector ? 1 : 0, t.now, t.planId ?? null, t.expertSlots ?? 0, t.expertField ?? '', JSON.stringify(t.expertGroups ?? []), id,
  );
  db.prepare('DELETE FROM task_items WHERE task_id = ?').run(id);
  const ins = db.prepare('INSERT INTO task_items (task_id, item_id) VALUES (?, ?)');
  for (const item of t.itemIds) ins.run(id, item);
}

export function cancelTaskRow(db: Db, id: number, c: { reason: string; by: string; now: string }): void {
  db.prepare("UPDATE tasks SET status = '已取消', cancel_reason = ?, cancelled_at = ?, cancelled_by = ?, updated_at = ? WHERE id = ?").run(c.reason, c.now, c.by, c.now, id);
}

export function getTask(db: Db, id: number): TaskRow | undefined {
  const r = db.prepare<unknown[], RawTask>('SELECT ' + TASK_COLS + ' FROM tasks WHERE id = ?').get(id);
  return r && toTask(r);
}

export function findTaskByNumber(db: Db, number: string): TaskRow | undefined {
  const r = db.prepare<unknown[], RawTask>('SELECT ' + TASK_COLS + ' FROM tasks WHERE number = ?').get(number);
  return r && toTask(r);
}

export function listTasks(db: Db, departmentId?: number): TaskRow[] {
  const rows = departmentId === undefined
    ? db.prepare<[], RawTask>('SELECT ' + TASK_COLS + ' FROM tasks ORDER BY id DESC LIMIT 500').all()
    // A joint task shows in each partner department's list too (联合抽查).
    : db.prepare<[number, number], RawTask>(
      'SELECT ' + TASK_COLS + ' FROM tasks WHERE department_id = ? OR EXISTS (SELECT 1 FROM json_each(joint_departments) j WHERE j.value = ?) ORDER BY id DESC LIMIT 500',
    ).all(departmentId, departmentId);
  return rows.map(toTask);
}

export function setTaskStatus(db: Db, id: number, status: TaskStatus, now: string): void {
  db.prepare('UPDATE tasks SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
}

export interface TaskItem {
  id: number;
  code: string;
  name: string;
  specialty: string;
  departmentId: number;
  /** 检查方式 joined by 、, and 检查依据: shown to inspectors and checked against results. */
  methods: string;
  basis: string;
  /** 抽查比例 as the item list states it (free text, e.g. 不低于10%). */
  ratio: string;
  /** 检查要点, one per line (domain/checklist.ts). */
  checkpoints: string;
}

export function taskItems(db: Db, taskId: number): TaskItem[] {
  return db
    .prepare<unknown[], TaskItem>(
      `SELECT i.id, i.code, i.name, i.specialty, i.department_id AS departmentId, i.methods, i.basis, i.ratio, i.checkpoints FROM task_items ti JOIN items i ON i.id = ti.item_id
       WHERE ti.task_id = ? ORDER BY i.code`,
    )
    .all(taskId);
}

export interface Commitment {
  id: number;
  taskId: number;
  secret: string;
  commitment: string;
  committedAt: string;
  used: number;
}

export function insertCommitment(db: Db, c: Omit<Commitment, 'id' | 'used'>): number {
  return Number(db.prepare('INSERT INTO commitments (task_id, secret, commitment, committed_at) VALUES (?, ?, ?, ?)').run(c.taskId, c.secret, c.commitment, c.committedAt).lastInsertRowid);
}

export function openCommitment(db: Db, taskId: number): Commitment | undefined {
  return db
    .prepare<unknown[], Commitment>('SELECT id, task_id AS taskId, secret, commitment, committed_at AS committedAt, used FROM commitments WHERE task_id = ? AND used = 0 ORDER BY id DESC LIMIT 1')
    .get(taskId);
}

/** The commitment a task has published and not yet used: what anyone may see (never the secret). */
export function publishedCommitment(db: Db, taskId: number): { commitment: string; committedAt: string } | undefined {
  return db
    .prepare<unknown[], { commitment: string; committedAt: string }>('SELECT commitment, committed_at AS committedAt FROM commitments WHERE task_id = ? AND used = 0 ORDER BY id DESC LIMIT 1')
    .get(taskId);
}

/** Whether a task's drawn list is held back until its inspections end (unannounced inspections). */
export function taskHoldsList(db: Db, taskId: number): boolean {
  return db.prepare('SELECT hold_list FROM tasks WHERE id = ?').pluck().get(taskId) === 1;
}

export function taskPublishesTeams(db: Db, taskId: number): boolean {
  return db.prepare('SELECT publish_teams FROM tasks WHERE id = ?').pluck().get(taskId) === 1;
}

export function setTaskPublishTeams(db: Db, taskId: number, on: boolean): void {
  db.prepare('UPDATE tasks SET publish_teams = ? WHERE id = ?').run(on ? 1 : 0, taskId);
}

/** The inspectors' names of some of a draw's teams (experts aside), in pick order, by entity row id. */
export function teamNames(db: Db, drawId: number, entityIds: number[]): Map<number, string[]> {
  const rows = db
    .prepare<[string, number], { e: number; n: string }>(
      `SELECT a.entity_id AS e, p.name AS n FROM json_each(?) j JOIN assignments a ON a.entity_id = j.value AND a.draw_id = ? JOIN inspectors p ON p.id = a.inspector_id
       WHERE a.expert = 0 ORDER BY a.entity_id, a.slot`,
    )
    .all(JSON.stringify(entityIds), drawId);
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.e, [...(out.get(r.e) ?? []), r.n]);
  return out;
}

export function setTaskHoldList(db: Db, taskId: number, hold: boolean): void {
  db.prepare('UPDATE tasks SET hold_list = ? WHERE id = ?').run(hold ? 1 : 0, taskId);
}

/** The items a task may be made of: the active ones of every department. */
export function itemChoices(db: Db): { id: number; code: string; name: string; departmentId: number; itemRatio: string }[] {
  return db.prepare<unknown[], {
    id: number; code: string; name: string; departmentId: number; itemRatio: string;
  }>('SELECT id, code, name, department_id AS departmentId, ratio AS itemRatio FROM items WHERE active = 1 ORDER BY department_id, code').all();
}

/** Tasks awaiting their draw (in the state a draw starts from), of one department or all. */
export function committedTaskCount(db: Db, departmentId?: number): number {
  const [awaiting] = TASK_TRANSITIONS.draw.from;
  const n = departmentId === undefined
    ? db.prepare<unknown[], number>('SELECT count(*) FROM tasks WHERE status = ?').pluck().get(awaiting)
    : db.prepare<unknown[], number>('SELECT count(*) FROM tasks WHERE status = ? AND department_id = ?').pluck().get(awaiting, departmentId);
  return n ?? 0;
}

/** The first `limit` selections of a draw in draw order, with the entity's name and the team's row ids. */
/** The entities (row ids) a draw selected, in draw order. */
export function drawSelectionEntityIds(db: Db, drawId: number): number[] {
  return db.prepare<[number], number>('SELECT entity_id FROM draw_selections WHERE draw_id = ? ORDER BY position').pluck().all(drawId);
}

export function drawSelectionsPage(db: Db, drawId: number, limit: number): { uscc: string; name: string; stratum: string; ticket: string; inspectorIds: number[]; expertIds: number[] }[] {
  const rows = db
    .prepare<unknown[], { uscc: string; name: string; stratum: string; ticket: string; ids: string; experts: string | null }>(
      // The page of selections first, then their entities: joined first, all 82,000 of a million-entity
      // draw were looked up before the sort kept 500 (86 ms against 9).
      `SELECT e.uscc, e.name, ds.stratum, ds.ticket, ${TEAM_OF_SELECTION('ds')} AS ids, ${EXPERTS_OF_SELECTION('ds')} AS experts
       FROM (SELECT * FROM draw_selections WHERE draw_id = ? ORDER BY position LIMIT ?) ds JOIN entities e ON e.id = ds.entity_id ORDER BY ds.position`,
    )
    .all(drawId, limit);
  return rows.map(({ ids, experts, ...r }) => ({ ...r, inspectorIds: teamIds(ids), expertIds: teamIds(experts) }));
}

/** The team (certificate numbers, in pick order) of an entity a draw selected, or null. */
export function teamInDraw(db: Db, drawId: number, uscc: string): string[] | null {
  const team = db
    .prepare<[number, string], number>('SELECT a.inspector_id FROM assignments a JOIN entities e ON e.id = a.entity_id WHERE a.draw_id = ? AND e.uscc = ? AND a.expert = 0 ORDER BY a.slot')
    .pluck()
    .all(drawId, uscc);
  if (team.length === 0) return null;
  const people = inspectorIdentities(db, team);
  return team.map((id) => people.get(id)!.certNo);
}

/** A draw's teams never change: its loads are kept once counted (the last 16 draws). */
const keptLoads = keptPerConnection<number, ReadonlyMap<number, number>>(16);

/** Inspections per inspector (row id) in one draw (0.1 s to count for a million-entity draw's 82,000 teams). */
export function drawLoads(db: Db, drawId: number): ReadonlyMap<number, number> {
  return keptLoads(db, drawId, () => {
    const rows = db.prepare<unknown[], { id: number; n: number }>('SELECT inspector_id AS id, count(*) AS n FROM assignments WHERE draw_id = ? GROUP BY inspector_id').all(drawId);
    return new Map(rows.map((r) => [r.id, r.n]));
  });
}

export function useCommitment(db: Db, id: number): boolean {
  return db.prepare('UPDATE commitments SET used = 1 WHERE id = ? AND used = 0').run(id).changes === 1;
}

export interface DrawRow {
  id: number;
  taskId: number;
  commitmentId: number;
  departmentId: number;
  witnesses: ColumnValue<'draws.witnesses'>;
  excludedCounts: ColumnValue<'draws.excluded_counts'>;
  /** JSON of a DrawSummary (the bundle's text is read apart: drawBundleText). */
  summary: string;
  bundleHash: string;
  drawnAt: string;
  drawnBy: string;
  voidReason: string | null;
  voidedAt: string | null;
  voidedBy: string | null;
}

const DRAW_COLS = `id, task_id AS taskId, commitment_id AS commitmentId, department_id AS departmentId, witnesses, excluded_counts AS excludedCounts,
  summary, bundle_hash AS bundleHash, drawn_at AS drawnAt, drawn_by AS drawnBy, void_reason AS voidReason, voided_at AS voidedAt, voided_by AS voidedBy`;

/** Stores a draw, and its bundle, which comes as the UTF-8 bytes of its text (kept in pieces, migration 0015). */
type DrawText = Omit<DrawRow, 'witnesses' | 'excludedCounts'> & { witnesses: string; excludedCounts: string };
const toDraw = (r: DrawText): DrawRow => ({ ...r, witnesses: parseColumn('draws.witnesses', r.witnesses), excludedCounts: parseColumn('draws.excluded_counts', r.excludedCounts) });

export function insertDraw(db: Db, d: Omit<DrawRow, 'id' | 'voidReason' | 'voidedAt' | 'voidedBy'> & { bundle: Parameters<typeof writeBundlePieces>[2] }): number {
  const { bundle, ...parsed } = d;
  const row = { ...parsed, witnesses: JSON.stringify(parsed.witnesses), excludedCounts: JSON.stringify(parsed.excludedCounts) };
  const id = Number(
    db
      .prepare(
        `INSERT INTO draws (task_id, commitment_id, department_id, witnesses, excluded_counts, summary, bundle_hash, drawn_at, drawn_by)
         VALUES (@taskId, @commitmentId, @departmentId, @witnesses, @excludedCounts, @summary, @bundleHash, @drawnAt, @drawnBy)`,
      )
      .run(row).lastInsertRowid,
  );
  writeBundlePieces(db, id, bundle);
  return id;
}

/**
 * All selections of a draw in one statement, and their teams in another (one row per member, with its
 * place in the pick order: migration 0020). The rows go in as one JSON text that SQLite walks with
 * json_each, in entity order, so that the foreign-key lookups of the entities walk their table once
 * instead of jumping about it (2.5x faster for 78,000 selections of a million-row directory).
 */
export function insertSelections(db: Db, drawId: number, rows: { entityId: number; stratum: string; ticket: string; inspectorIds: number[]; expertIds?: number[] }[]): void {
  const json = JSON.stringify(rows.map((r) => [r.entityId, r.stratum, r.ticket, r.inspectorIds]));
  db.prepare(
    `INSERT INTO draw_selections (draw_id, entity_id, position, stratum, ticket)
     SELECT ?, value ->> 0, key + 1, value ->> 1, value ->> 2 FROM json_each(?) ORDER BY value ->> 0`,
  ).run(drawId, json);
  db.prepare(
    `INSERT INTO assignments (draw_id, entity_id, slot, inspector_id)
     SELECT ?, s.value ->> 0, m.key, m.value FROM json_each(?) s, json_each(s.value -> 3) m ORDER BY 2, 3`,
  ).run(drawId, json);
  // Experts (ssj-draw/2 §4a) after each team's inspectors: slots from the team's size on, marked.
  const experts = rows.filter((r) => r.expertIds?.length);
  if (experts.length) {
    db.prepare(
      `INSERT INTO assignments (draw_id, entity_id, slot, inspector_id, expert)
       SELECT ?, s.value ->> 0, (s.value ->> 1) + m.key, m.value, 1 FROM json_each(?) s, json_each(s.value -> 2) m ORDER BY 2, 3`,
    ).run(drawId, JSON.stringify(experts.map((r) => [r.entityId, r.inspectorIds.length, r.expertIds])));
  }
}

export function getDraw(db: Db, id: number): DrawRow | undefined {
  const r = db.prepare<unknown[], DrawText>('SELECT ' + DRAW_COLS + ' FROM draws WHERE id = ?').get(id);
  return r && toDraw(r);
}

/** The published text of a draw's bundle (canonical JSON). */
export { bundleText as drawBundleText } from './bundle-pieces';

export function drawSummary(d: DrawRow): DrawSummary {
  return parseColumn('draws.summary', d.summary);
}

export function drawsOfTask(db: Db, taskId: number): DrawRow[] {
  return db.prepare<unknown[], DrawText>('SELECT ' + DRAW_COLS + ' FROM draws WHERE task_id = ? ORDER BY id DESC').all(taskId).map(toDraw);
}

/** The department's register of draws, oldest first (each bundle names the one before it): their bundles' texts. */
export function* departmentBundleTexts(db: Db, departmentId: number): Generator<string> {
  const ids = db.prepare<unknown[], number>('SELECT id FROM draws WHERE department_id = ? ORDER BY id').pluck().all(departmentId);
  for (const id of ids) {
    const text = bundleText(db, id);
    if (text !== undefined) yield text;
  }
}

export function voidDrawRow(db: Db, id: number, reason: string, actor: string, now: string): boolean {
  return db.prepare('UPDATE draws SET void_reason = ?, voided_at = ?, voided_by = ? WHERE id = ? AND void_reason IS NULL').run(reason, now, actor, id).changes === 1;
}
