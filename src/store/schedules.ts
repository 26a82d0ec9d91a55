// SQL of plans, schedules and occurrences.
import type { Db } from './db';
import type { PlanState } from '../domain/plan-lifecycle';
import { parseColumn } from './json-columns';
import type { TaskRow } from './tasks';

/** What each occurrence's task is made from: a task's own settings, plus its items. */
export type TaskTemplate = Pick<
  TaskRow,
  'title' | 'filters' | 'strataMode' | 'strataRules' | 'recentMonths' | 'teamSize' | 'jointDepartments' | 'maxLoad' | 'homeRegionAvoidance' | 'avoidLastInspector'
> & { itemIds: number[] } & Partial<Pick<TaskRow, 'expertSlots' | 'expertField' | 'expertGroups'>>;

export interface ScheduleRow {
  id: number;
  departmentId: number;
  planId: number | null;
  name: string;
  cron: string;
  template: TaskTemplate;
  commitAheadHours: number;
  active: number;
  createdBy: string;
  createdAt: string;
}

export interface OccurrenceRow {
  id: number;
  scheduleId: number;
  key: string;
  dueAt: string;
  taskId: number;
  status: 'committed' | 'drawn' | 'failed';
  committedAt: string;
  drawnAt: string | null;
  drawId: number | null;
  late: number;
  message: string;
}

const SCHEDULE_COLS = `id, department_id AS departmentId, plan_id AS planId, name, cron, template, commit_ahead_hours AS commitAheadHours,
  active, created_by AS createdBy, created_at AS createdAt`;
const OCC_COLS = `id, schedule_id AS scheduleId, key, due_at AS dueAt, task_id AS taskId, status, committed_at AS committedAt,
  drawn_at AS drawnAt, draw_id AS drawId, late, message`;

const toSchedule = (r: Omit<ScheduleRow, 'template'> & { template: string }): ScheduleRow => ({ ...r, template: parseColumn('schedules.template', r.template) });

/** A new plan, a draft (拟定) unless `status` says otherwise. */
export function insertPlan(db: Db, p: { departmentId: number; year: number; title: string; notes: string; actor: string; now: string; status?: PlanState }): number {
  return Number(
    db.prepare('INSERT INTO plans (department_id, year, title, notes, created_by, created_at, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.departmentId, p.year, p.title, p.notes, p.actor, p.now, p.status ?? '拟定', p.now).lastInsertRowid,
  );
}

export function insertSchedule(db: Db, s: Omit<ScheduleRow, 'id' | 'active'>): number {
  return Number(
    db
      .prepare('INSERT INTO schedules (department_id, plan_id, name, cron, template, commit_ahead_hours, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(s.departmentId, s.planId, s.name, s.cron, JSON.stringify(s.template), s.commitAheadHours, s.createdBy, s.createdAt).lastInsertRowid,
  );
}

export function activeSchedules(db: Db): ScheduleRow[] {
  return db.prepare<unknown[], Omit<ScheduleRow, 'template'> & { template: string }>('SELECT ' + SCHEDULE_COLS + ' FROM schedules WHERE active = 1 ORDER BY id').all().map(toSchedule);
}

export function getSchedule(db: Db, id: number): ScheduleRow | undefined {
  const r = db.prepare<unknown[], Omit<ScheduleRow, 'template'> & { template: string }>('SELECT ' + SCHEDULE_COLS + ' FROM schedules WHERE id = ?').get(id);
  return r && toSchedule(r);
}

/** The latest occurrence already created for a schedule (its due time), or null. */
export function lastOccurrenceDue(db: Db, scheduleId: number): string | null {
  const r = db.prepare<unknown[], { d: string | null }>('SELECT max(due_at) AS d FROM occurrences WHERE schedule_id = ?').get(scheduleId)!;
  return r.d;
}

export function findOccurrence(db: Db, key: string): OccurrenceRow | undefined {
  return db.prepare<unknown[], OccurrenceRow>('SELECT ' + OCC_COLS + ' FROM occurrences WHERE key = ?').get(key);
}

export function insertOccurrence(db: Db, o: { scheduleId: number; key: string; dueAt: string; taskId: number; committedAt: string }): number {
  return Number(
    db.prepare("INSERT INTO occurrences (schedule_id, key, due_at, task_id, status, committed_at) VALUES (?, ?, ?, ?, 'committed', ?)").run(o.scheduleId, o.key, o.dueAt, o.taskId, o.committedAt).lastInsertRowid,
  );
}

/**
 * Occurrences ready for their draw: an ssj-draw/1 one once due; an ssj-draw/2 one once its beacon's
 * time has come and its value is known (or its reveal deadline has passed, to be marked overdue).
 */
export function drawableOccurrences(db: Db, nowIso: string): OccurrenceRow[] {
  return db
    .prepare<[{ now: string }], OccurrenceRow>(
      `SELECT ${OCC_COLS.split(',').map((c) => 'o.' + c.trim()).join(', ')} FROM occurrences o
       LEFT JOIN commitments c ON c.task_id = o.task_id AND c.protocol = 'ssj-draw/2' AND c.outcome IS NULL
       WHERE o.status = 'committed' AND (
         (c.id IS NULL AND o.due_at <= @now)
         OR (c.id IS NOT NULL AND c.beacon_at <= @now AND (c.beacon_value IS NOT NULL OR c.reveal_by <= @now)))
       ORDER BY o.due_at, o.id`,
    )
    .all({ now: nowIso });
}

export function getOccurrence(db: Db, id: number): OccurrenceRow | undefined {
  return db.prepare<unknown[], OccurrenceRow>('SELECT ' + OCC_COLS + ' FROM occurrences WHERE id = ?').get(id);
}

export function finishOccurrence(db: Db, id: number, o: { status: 'drawn' | 'failed'; drawnAt: string; drawId: number | null; late: boolean; message: string }): boolean {
  return (
    db
      .prepare("UPDATE occurrences SET status = ?, drawn_at = ?, draw_id = ?, late = ?, message = ? WHERE id = ? AND status = 'committed'")
      .run(o.status, o.drawnAt, o.drawId, o.late ? 1 : 0, o.message, id).changes === 1
  );
}

export interface PlanRow {
  id: number;
  departmentId: number;
  year: number;
  title: string;
  notes: string;
  status: PlanState;
  leadOffice: string;
  jointDepartments: number[];
}

const PLAN_COLS = 'id, department_id AS departmentId, year, title, notes, status, lead_office AS leadOffice, joint_departments AS jointDepartments';
type RawPlan = Omit<PlanRow, 'jointDepartments'> & { jointDepartments: string };
const toPlan = (r: RawPlan): PlanRow => ({ ...r, jointDepartments: parseColumn('tasks.joint_departments', r.jointDepartments) });

export function getPlan(db: Db, id: number): PlanRow | undefined {
  const r = db.prepare<[number], RawPlan>(`SELECT ${PLAN_COLS} FROM plans WHERE id = ?`).get(id);
  return r && toPlan(r);
}

export function updatePlanRow(db: Db, id: number, p: { title: string; notes: string; leadOffice: string; jointDepartments: number[]; now: string }): void {
  db.prepare('UPDATE plans SET title = ?, notes = ?, lead_office = ?, joint_departments = ?, updated_at = ? WHERE id = ?').run(p.title, p.notes, p.leadOffice, JSON.stringify(p.jointDepartments), p.now, id);
}

export function setPlanStatus(db: Db, id: number, status: PlanState, now: string): void {
  db.prepare('UPDATE plans SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
}

export interface PlanItem {
  itemId: number;
  code: string;
  name: string;
  /** The item list's own ratio (抽查比例). */
  listRatio: string;
  ratio: string;
  period: string;
  departmentId: number;
}

export function planItems(db: Db, planId: number): PlanItem[] {
  return db
    .prepare<[number], PlanItem>(
      `SELECT pi.item_id AS itemId, i.code, i.name, i.ratio AS listRatio, pi.ratio, pi.period, i.department_id AS departmentId
       FROM plan_items pi JOIN items i ON i.id = pi.item_id WHERE pi.plan_id = ? ORDER BY i.department_id, i.code`,
    )
    .all(planId);
}

export function setPlanItems(db: Db, planId: number, items: { itemId: number; ratio: string; period: string }[]): void {
  db.prepare('DELETE FROM plan_items WHERE plan_id = ?').run(planId);
  const ins = db.prepare('INSERT INTO plan_items (plan_id, item_id, ratio, period) VALUES (?, ?, ?, ?)');
  for (const i of items) ins.run(planId, i.itemId, i.ratio, i.period);
}

/** The tasks made from a plan, newest first. */
export function tasksOfPlan(db: Db, planId: number): { id: number; number: string; title: string; status: string }[] {
  return db.prepare<[number], { id: number; number: string; title: string; status: string }>('SELECT id, number, title, status FROM tasks WHERE plan_id = ? ORDER BY id DESC').all(planId);
}

/** The plan year of a schedule, or null for a schedule outside any plan. */
export function planYearOf(db: Db, scheduleId: number): number | null {
  return planOfSchedule(db, scheduleId)?.year ?? null;
}

/** A schedule's plan (its year and state), or undefined for a schedule outside any plan. */
export function planOfSchedule(db: Db, scheduleId: number): { year: number; status: PlanState } | undefined {
  return db.prepare<[number], { year: number; status: PlanState }>('SELECT p.year, p.status FROM schedules s JOIN plans p ON p.id = s.plan_id WHERE s.id = ?').get(scheduleId);
}

export function listPlans(db: Db, departmentId?: number): PlanRow[] {
  return departmentId === undefined
    ? db.prepare<[], RawPlan>(`SELECT ${PLAN_COLS} FROM plans ORDER BY year DESC, id DESC`).all().map(toPlan)
    : db.prepare<[number, number], RawPlan>(
      `SELECT ${PLAN_COLS} FROM plans WHERE department_id = ? OR EXISTS (SELECT 1 FROM json_each(joint_departments) j WHERE j.value = ?) ORDER BY year DESC, id DESC`,
    ).all(departmentId, departmentId).map(toPlan);
}

export function listSchedules(db: Db, departmentId?: number): ScheduleRow[] {
  type Raw = Omit<ScheduleRow, 'template'> & { template: string };
  const rows = departmentId === undefined
    ? db.prepare<[], Raw>('SELECT ' + SCHEDULE_COLS + ' FROM schedules ORDER BY id DESC').all()
    : db.prepare<[number], Raw>('SELECT ' + SCHEDULE_COLS + ' FROM schedules WHERE department_id = ? ORDER BY id DESC').all(departmentId);
  return rows.map(toSchedule);
}

export function setScheduleActive(db: Db, id: number, active: boolean): boolean {
  return db.prepare('UPDATE schedules SET active = ? WHERE id = ?').run(active ? 1 : 0, id).changes === 1;
}

export interface OccurrenceView extends OccurrenceRow {
  commitment: string | null;
  taskNumber: string;
}

export function occurrenceViews(db: Db, scheduleId: number, limit = 60): OccurrenceView[] {
  return db
    .prepare<unknown[], OccurrenceView>(
      `SELECT o.id, o.schedule_id AS scheduleId, o.key, o.due_at AS dueAt, o.task_id AS taskId, o.status, o.committed_at AS committedAt,
         o.drawn_at AS drawnAt, o.draw_id AS drawId, o.late, o.message, t.number AS taskNumber,
         (SELECT c.commitment FROM commitments c WHERE c.task_id = o.task_id ORDER BY c.id LIMIT 1) AS commitment
       FROM occurrences o JOIN tasks t ON t.id = o.task_id WHERE o.schedule_id = ? ORDER BY o.due_at DESC LIMIT ?`,
    )
    .all(scheduleId, limit);
}
