// Recurring draws: each occurrence of a schedule gets its task and ssj-draw/2 commitment ahead of time
// (the inputs frozen, the drand round at the draw time named as its beacon, at least the schedule's
// lead hours ahead), and is drawn exactly once when the round's value is there (late, and marked so,
// if the server was down: a missed occurrence is committed afresh with a round at least the lead time
// ahead, never committed and drawn at once). Exactly once holds across processes because each step is
// one IMMEDIATE transaction that re-reads the occurrence first.
import cron from 'node-cron';
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { planMakesTasks } from '../domain/plan-lifecycle';
import { CHINA_OFFSET_MINUTES, occurrencesBetween, type CronFields } from '../domain/cron';
import { chinaDateTime } from '../domain/dates';
import { listDepartments } from '../store/departments';
import { activeSchedules, drawableOccurrences, findOccurrence, finishOccurrence, getOccurrence, insertOccurrence, getPlan, insertSchedule, lastOccurrenceDue, planOfSchedule, planYearOf, type ScheduleRow, type TaskTemplate } from '../store/schedules';
import { openCommitmentV2 } from '../store/register';
import { commitDrawV2, revealDraw } from './draws-v2';
import { createTask, drawTask, type Result } from './draws';
import { recordAudit } from '../store/audit';
import type { User } from '../store/users';
import { authorize } from './access';

export const SCHEDULER_ACTOR = 'scheduler';

export function parseCron(expr: string): Result<CronFields> {
  const e = expr.trim();
  if (e.split(/\s+/).length !== 5 || !cron.validate(e)) return { ok: false, message: `“${expr}”不是有效的 cron 表达式（5 段：分 时 日 月 周，如“0 9 1 * *”表示每月1日9:00）` };
  const p = cron.parse(e);
  const nums = (xs: (number | string)[]) => xs.map(Number).filter((x) => Number.isInteger(x));
  return { ok: true, value: { minute: p.minute, hour: p.hour, dayOfMonth: nums(p.dayOfMonth), month: p.month, dayOfWeek: nums(p.dayOfWeek).map((d) => d % 7) } };
}

export function createSchedule(
  db: Db,
  s: { departmentId: number; planId: number | null; name: string; cron: string; template: TaskTemplate; commitAheadHours?: number; by: Pick<User, 'username' | 'departmentId'>; now: string },
): Result<number> {
  // A schedule belongs to its department's plan only: another department's plan would list it in public as theirs.
  if (s.planId !== null) {
    const plan = authorize(db, s.by, 'plans', s.planId, 'write');
    if (plan.departmentId !== s.departmentId) return { ok: false, message: '只能归入本部门的年度抽查计划' };
  }
  const fields = parseCron(s.cron);
  if (!fields.ok) return fields;
  if (!s.name.trim()) return { ok: false, message: '请填写计划名称' };
  if (s.planId !== null) {
    const plan = getPlan(db, s.planId)!;
    if (!planMakesTasks(plan.status)) return { ok: false, message: `年度抽查计划“${plan.title}”状态为“${plan.status}”：批准后才能据此安排抽取` };
    // Its dates must fall in the plan's year, and some of them still to come.
    const year = plan.year;
    const span = beijingYearSpan(year);
    if (occurrencesBetween(fields.value, Math.max(span.from - 60_000, Date.parse(s.now)), span.to - 1, 1).length === 0) {
      return { ok: false, message: `该定时抽取在${year}年度内（北京时间，从现在起）没有抽取日期，不能归入${year}年度抽查计划` };
    }
  }
  const ahead = s.commitAheadHours ?? 24;
  if (!Number.isInteger(ahead) || ahead < 1) return { ok: false, message: '承诺值至少需提前1小时生成' };
  return inTransaction(db, () => {
    const id = insertSchedule(db, { departmentId: s.departmentId, planId: s.planId, name: s.name.trim(), cron: s.cron.trim(), template: s.template, commitAheadHours: ahead, createdBy: s.by.username, createdAt: s.now });
    const { by, ...after } = s;
    recordAudit(db, { at: s.now, actor: by.username, action: 'create', targetKind: 'schedules', targetId: id, summary: `新建定时抽取“${s.name}”（${s.cron}）`, after });
    return { ok: true as const, value: id };
  });
}

export interface TickHooks {
  /** Called inside the draw's transaction after its rows are written, before commit (tests kill the process here). */
  afterDrawStored?: (key: string) => void;
}

export interface TickReport {
  committed: string[];
  drawn: { key: string; late: boolean }[];
  failed: { key: string; message: string }[];
}

function localStamp(ms: number): string {
  return chinaDateTime(new Date(ms).toISOString()).replace(/[- :]/g, '');
}

/** The occurrences of a schedule that are due for their commitment now and have none yet. */
function toCommit(db: Db, s: ScheduleRow, fields: CronFields, now: Date): number[] {
  const plan = planOfSchedule(db, s.id);
  // Only an approved plan makes tasks: a plan sent back for changes pauses its schedules.
  if (plan && !planMakesTasks(plan.status)) return [];
  const year = plan?.year ?? null;
  // A schedule of an annual plan draws in that year (Beijing time) only: a 2027 plan's schedule never fires in 2026.
  const span = year === null ? null : beijingYearSpan(year);
  const from = Math.max(Date.parse(lastOccurrenceDue(db, s.id) ?? s.createdAt), span ? span.from - 60_000 : -Infinity);
  const until = Math.min(now.getTime() + s.commitAheadHours * 3600000, span ? span.to - 1 : Infinity);
  if (from >= until) return [];
  return occurrencesBetween(fields, from, until, 500).filter((due) => !findOccurrence(db, `${s.id}@${new Date(due).toISOString()}`));
}

/** A schedule's next `n` draw times after `nowMs` (within 400 days, and within its plan's year). */
export function upcomingOccurrences(db: Db, s: ScheduleRow, nowMs: number, n: number): number[] {
  const f = parseCron(s.cron);
  if (!f.ok) return [];
  const year = planYearOf(db, s.id);
  const span = year === null ? null : beijingYearSpan(year);
  const from = Math.max(nowMs, span ? span.from - 60_000 : -Infinity);
  const to = Math.min(nowMs + 400 * 86400000, span ? span.to - 1 : Infinity);
  return from < to ? occurrencesBetween(f.value, from, to, n) : [];
}

/** [from, to) of a calendar year in Beijing time, as instants. */
export function beijingYearSpan(year: number): { from: number; to: number } {
  const at = (y: number) => Date.UTC(y, 0, 1) - CHINA_OFFSET_MINUTES * 60_000;
  return { from: at(year), to: at(year + 1) };
}

/** Creates the occurrences due within the commitment window, each with its task and published commitment. */
function commitAhead(db: Db, s: ScheduleRow, fields: CronFields, now: Date, report: TickReport): void {
  const dept = listDepartments(db).find((d) => d.id === s.departmentId)!;
  for (const due of toCommit(db, s, fields, now)) {
    const dueIso = new Date(due).toISOString();
    const key = `${s.id}@${dueIso}`;
    inTransaction(db, () => {
      if (findOccurrence(db, key)) return;
      const stamp = localStamp(due);
      const t = createTask(db, {
        ...s.template, departmentId: s.departmentId, number: `${dept.shortName}定期抽查〔${stamp.slice(0, 4)}〕S${s.id}-${stamp}`,
        title: `${s.template.title}（${stamp.slice(0, 4)}年${Number(stamp.slice(4, 6))}月${Number(stamp.slice(6, 8))}日）`, createdBy: SCHEDULER_ACTOR, now: now.toISOString(),
      });
      if (!t.ok) return void report.failed.push({ key, message: t.message });
      // The drand round at the draw time, or (an occurrence missed while the server was down, or too
      // close) the first round the lead time allows.
      const at = new Date(Math.max(due, now.getTime() + s.commitAheadHours * 3600000));
      const c = commitDrawV2(db, t.value, { kind: 'drand', at }, { leadHours: s.commitAheadHours, actor: SCHEDULER_ACTOR, now });
      const id = insertOccurrence(db, { scheduleId: s.id, key, dueAt: dueIso, taskId: t.value, committedAt: now.toISOString() });
      if (!c.ok) {
        // Not committed (nothing to draw, or teams that cannot be staffed): recorded once, not retried every minute.
        const message = c.feasibility?.slots.length ? `${c.message} ${c.feasibility.slots.join('；')}` : c.message;
        finishOccurrence(db, id, { status: 'failed', drawnAt: now.toISOString(), drawId: null, late: false, message: `未能承诺：${message}` });
        recordAudit(db, { at: now.toISOString(), actor: SCHEDULER_ACTOR, action: 'draw-failed', targetKind: 'tasks', targetId: t.value, summary: `定时抽取未能承诺：${message}` });
        return void report.failed.push({ key, message });
      }
      report.committed.push(key);
    });
  }
}

/** Whether an occurrence is ready for its draw (its time, and its beacon's value, have come). */
export function drawsDue(db: Db, now: Date): boolean {
  return drawableOccurrences(db, now.toISOString()).length > 0;
}

/** Whether a tick has anything to do: an occurrence to commit (which freezes a population: seconds) or to draw. */
export function workDue(db: Db, now: Date): boolean {
  for (const s of activeSchedules(db)) {
    const fields = parseCron(s.cron);
    if (fields.ok && toCommit(db, s, fields.value, now).length > 0) return true;
  }
  return drawsDue(db, now);
}

/**
 * Commits what is due for its commitment, then draws what is due for its draw. With `draws: false`
 * it only commits (cheap), leaving the draws to a caller that runs them elsewhere.
 */
export function tick(db: Db, now: Date, opts: { graceMinutes?: number; hooks?: TickHooks; draws?: boolean } = {}): TickReport {
  const report: TickReport = { committed: [], drawn: [], failed: [] };
  for (const s of activeSchedules(db)) {
    const fields = parseCron(s.cron);
    if (fields.ok) commitAhead(db, s, fields.value, now, report);
    else report.failed.push({ key: `${s.id}`, message: fields.message });
  }
  if (opts.draws === false) return report;
  const grace = (opts.graceMinutes ?? 5) * 60000;
  for (const o of drawableOccurrences(db, now.toISOString())) {
    inTransaction(db, () => {
      const current = getOccurrence(db, o.id)!;
      if (current.status !== 'committed') return; // another process drew it first
      const late = now.getTime() - Date.parse(o.dueAt) > grace;
      const lateText = late ? `应于 ${chinaDateTime(o.dueAt)}（北京时间）抽取，服务停机后补抽` : '';
      if (openCommitmentV2(db, o.taskId)) {
        const v = revealDraw(db, o.taskId, [], SCHEDULER_ACTOR, now);
        if (v.ok && v.value.kind === 'draw') {
          finishOccurrence(db, o.id, { status: 'drawn', drawnAt: now.toISOString(), drawId: v.value.drawId, late, message: lateText });
          opts.hooks?.afterDrawStored?.(o.key);
          return void report.drawn.push({ key: o.key, late });
        }
        const message = v.ok ? `抽取失败（失败记录已公开，承诺作废）：${v.value.kind === 'failure' ? v.value.record.error.message : ''}` : v.message;
        finishOccurrence(db, o.id, { status: 'failed', drawnAt: now.toISOString(), drawId: null, late, message });
        if (!v.ok) recordAudit(db, { at: now.toISOString(), actor: SCHEDULER_ACTOR, action: 'draw-failed', targetKind: 'tasks', targetId: o.taskId, summary: message });
        return void report.failed.push({ key: o.key, message });
      }
      // An occurrence committed under ssj-draw/1, before the register moved to version 2.
      const r = drawTask(db, o.taskId, [], SCHEDULER_ACTOR, now);
      if (!r.ok) {
        finishOccurrence(db, o.id, { status: 'failed', drawnAt: now.toISOString(), drawId: null, late, message: r.message });
        recordAudit(db, { at: now.toISOString(), actor: SCHEDULER_ACTOR, action: 'draw-failed', targetKind: 'tasks', targetId: o.taskId, summary: r.message });
        return void report.failed.push({ key: o.key, message: r.message });
      }
      finishOccurrence(db, o.id, { status: 'drawn', drawnAt: now.toISOString(), drawId: r.value.drawId, late, message: lateText });
      opts.hooks?.afterDrawStored?.(o.key);
      report.drawn.push({ key: o.key, late });
    });
  }
  return report;
}
