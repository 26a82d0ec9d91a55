// SQL of plans, schedules and occurrences.
import type { Db } from './db';
import { parseColumn } from './json-columns';
import type { TaskRow } from './tasks';

/** What each occurrence's task is made from: a task's own settings, plus its items. */
export type TaskTemplate = Pick<
  TaskRow,
  'title' | 'filters' | 'strataMode' | 'strataRules' | 'recentMonths' | 'teamSize' | 'jointDepartments' | 'maxLoad' | 'homeRegionAvoidance' | 'avoidLastInspector'
> & { itemIds: number[] };

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

export function insertPlan(db: Db, p: { departmentId: number; year: number; title: string; notes: string; actor: string; now: string }): number {
  return Number(db.prepare('INSERT INTO plans (department_id, year, title, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(p.departmentId, p.year, p.title, p.notes, p.actor, p.now).lastInsertRowid);
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
}

/** The plan year of a schedule, or null for a schedule outside any plan. */
export function planYearOf(db: Db, scheduleId: number): number | null {
  return db.prepare<[number], number>('SELECT p.year FROM schedules s JOIN plans p ON p.id = s.plan_id WHERE s.id = ?').pluck().get(scheduleId) ?? null;
}

export function listPlans(db: Db, departmentId?: number): PlanRow[] {
  return departmentId === undefined
    ? db.prepare<[], PlanRow>('SELECT id, department_id AS departmentId, year, title, notes FROM plans ORDER BY year DESC, id DESC').all()
    : db.prepare<[number], PlanRow>('SELECT id, department_id AS departmentId, year, title, notes FROM plans WHERE department_id = ? ORDER BY year DESC, id DESC').all(departmentId);
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
