// Annual plans (年度抽查计划) and turning a recurring schedule off and on.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { listDepartments } from '../store/departments';
import { getSchedule, insertPlan, setScheduleActive } from '../store/schedules';
import type { User } from '../store/users';
import { authorize } from './access';
import type { Result } from './draws';

/** A plan of the account's department (an account of all departments names one). */
export function createPlan(db: Db, by: User, input: { year: number; title: string; notes: string; departmentId: number | null }, now: string): Result<number> {
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
