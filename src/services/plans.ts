// Annual plans (年度抽查计划) and turning a recurring schedule off and on.
import { itemsById } from '../store/items';
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { listDepartments } from '../store/departments';
import { getPlan, getSchedule, insertPlan, planItems, setPlanItems, setPlanStatus, setScheduleActive, updatePlanRow } from '../store/schedules';
import { planEditable, planMakesTasks, planTransition, PLAN_TRANSITIONS, type PlanEvent } from '../domain/plan-lifecycle';
import type { User } from '../store/users';
import { authorize } from './access';
import type { Result } from './draws';

/** A plan of the account's department (an account of all departments names one), as a draft (拟定). */
export function createPlan(db: Db, by: Pick<User, 'username' | 'departmentId'>, input: { year: number; title: string; notes: string; departmentId: number | null }, now: string): Result<number> {
  const departmentId = by.departmentId ?? input.departmentId;
  const title = input.title.trim();
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100 || !title || departmentId === null || !listDepartments(db).some((d) => d.id === departmentId)) {
    return { ok: false, message: '请填写年度、计划名称并选择部门' };
  }
  return inTransaction(db, () => {
    const id = insertPlan(db, { departmentId, year: input.year, title, notes: input.notes.trim(), actor: by.username, now });
    recordAudit(db, { at: now, actor: by.username, action: 'create', targetKind: 'plans', targetId: id, summary: `新建年度抽查计划 ${input.year} ${title}` });
    return { ok: true as const, value: id };
  });
}

/** Stops or restarts a schedule (occurrences whose commitment is out are drawn all the same). */
export function setScheduleRunning(db: Db, by: User, scheduleId: number, active: boolean, now: string): void {
  authorize(db, by, 'schedules', scheduleId, 'write');
  const s = getSchedule(db, scheduleId)!;
  inTransaction(db, () => {
    setScheduleActive(db, s.id, active);
    recordAudit(db, { at: now, actor: by.username, action: active ? 'reactivate' : 'deactivate', targetKind: 'schedules', targetId: s.id, summary: `${active ? '恢复' : '停止'}定期抽取“${s.name}”` });
  });
}

export interface PlanContents {
  title: string;
  notes: string;
  leadOffice: string;
  jointDepartments: number[];
  items: { itemId: number; ratio: string; period: string }[];
}

/**
 * Changes a draft plan (拟定): its title, notes, lead office, joint departments, and its items with
 * their ratios and periods. Items come from the plan's department or a joint one; every change is audited.
 */
export function updatePlan(db: Db, by: Pick<User, 'username' | 'departmentId'>, planId: number, c: PlanContents, now: string): Result<null> {
  authorize(db, by, 'plans', planId, 'write');
  const plan = getPlan(db, planId)!;
  if (!planEditable(plan.status)) return { ok: false, message: `计划状态为“${plan.status}”：只有拟定中的计划可以修改，请先退回` };
  const title = c.title.trim();
  if (!title || title.length > 100) return { ok: false, message: '请填写计划名称（不超过100字）' };
  const known = new Set(listDepartments(db).map((d) => d.id));
  const joint = [...new Set(c.jointDepartments.filter((d) => known.has(d) && d !== plan.departmentId))].sort((a, b) => a - b);
  const allowed = new Set([plan.departmentId, ...joint]);
  const depts = new Map(itemsById(db, c.items.map((i) => i.itemId)).filter((x) => x.active).map((x) => [x.id, x.departmentId]));
  for (const i of c.items) {
    const d = depts.get(i.itemId);
    if (d === undefined || !allowed.has(d)) return { ok: false, message: '只能列入本部门或联合部门抽查事项清单中的事项' };
    if (i.ratio.trim().length > 40 || i.period.trim().length > 40) return { ok: false, message: '比例和时间安排各不超过40字' };
  }
  if (c.leadOffice.trim().length > 60) return { ok: false, message: '牵头科室不超过60字' };
  return inTransaction(db, (): Result<null> => {
    const before = { ...plan, items: planItems(db, planId) };
    updatePlanRow(db, planId, { title, notes: c.notes.trim(), leadOffice: c.leadOffice.trim(), jointDepartments: joint.length ? [plan.departmentId, ...joint].sort((a, b) => a - b) : [], now });
    setPlanItems(db, planId, c.items.map((i) => ({ itemId: i.itemId, ratio: i.ratio.trim(), period: i.period.trim() })));
    recordAudit(db, { at: now, actor: by.username, action: 'update', targetKind: 'plans', targetId: planId, summary: `修改年度抽查计划“${title}”`, before, after: c });
    return { ok: true, value: null };
  });
}

/** Moves a plan on its way (提交法制审核, 退回 with a reason, 批准, 公示); audited. */
export function movePlan(db: Db, by: Pick<User, 'username' | 'departmentId'>, planId: number, event: PlanEvent, reason: string, now: string): Result<null> {
  authorize(db, by, 'plans', planId, 'write');
  return inTransaction(db, (): Result<null> => {
    const plan = getPlan(db, planId)!;
    const move = planTransition(plan.status, event);
    if (!move.ok) return move;
    if ((event === 'submit' || event === 'approve') && planItems(db, planId).length === 0) return { ok: false, message: '计划还没有列入任何抽查事项' };
    if (event === 'return' && reason.trim().length < 4) return { ok: false, message: '退回修改必须写明理由' };
    setPlanStatus(db, planId, move.to, now);
    recordAudit(db, {
      at: now, actor: by.username, action: `plan-${event}` as const, targetKind: 'plans', targetId: planId,
      summary: `年度抽查计划“${plan.title}”${PLAN_TRANSITIONS[event].text}${reason.trim() ? `：${reason.trim()}` : ''}（${plan.status} → ${move.to}）`,
    });
    return { ok: true, value: null };
  });
}

/** Why a task cannot be made from the plan it names (not approved, another department's, an item outside it), or null. */
export function planProblem(db: Db, t: { planId?: number | null; departmentId: number; itemIds: number[] }): string | null {
  if (t.planId === undefined || t.planId === null) return null;
  const plan = getPlan(db, t.planId);
  if (!plan) return '年度抽查计划不存在';
  if (!planMakesTasks(plan.status)) return `年度抽查计划“${plan.title}”状态为“${plan.status}”：批准后才能据此建立任务`;
  if (plan.departmentId !== t.departmentId && !plan.jointDepartments.includes(t.departmentId)) return '只能按本部门（或本部门参加的联合）年度抽查计划建立任务';
  const inPlan = new Set(planItems(db, plan.id).map((i) => i.itemId));
  if (t.itemIds.some((id) => !inPlan.has(id))) return `所选抽查事项不在年度抽查计划“${plan.title}”中`;
  return null;
}
