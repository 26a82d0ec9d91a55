// The working-day calendar staff keep: a day made a holiday or a working day, or given back to the
// ordinary week. National data, so only an account of all departments changes it; every change is audited.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { deleteCalendarDay, getCalendarDay, putCalendarDay } from '../store/calendar';
import { recordAudit } from '../store/audit';
import { parseDate } from '../domain/dates';
import type { User } from '../store/users';
import { Forbidden } from './errors';
import type { Result } from './draws';

export const DAY_KIND_TEXT = { holiday: '放假', workday: '调休上班' } as const;

function mayEdit(by: Pick<User, 'role' | 'departmentId'>): void {
  if (by.role !== 'admin' || by.departmentId !== null) throw new Forbidden('工作日历全国通用，只能由不分部门的管理员修改');
}

/** Sets the days from `from` to `to` (inclusive, at most 31) as holidays or 调休 working days. */
export function setCalendarDays(db: Db, by: User, input: { from: string; to: string; kind: string; name: string }, now: string): Result<number> {
  mayEdit(by);
  const from = parseDate(input.from);
  if (!from.ok) return { ok: false, message: `开始日期：${from.reason}` };
  const to = input.to.trim() === '' ? from : parseDate(input.to);
  if (!to.ok) return { ok: false, message: `结束日期：${to.reason}` };
  if (to.value < from.value) return { ok: false, message: '结束日期不能早于开始日期' };
  if (input.kind !== 'holiday' && input.kind !== 'workday') return { ok: false, message: '请选择“放假”或“调休上班”' };
  const name = input.name.trim().slice(0, 40);
  if (!name) return { ok: false, message: '请填写名称，如“春节”' };
  const days: string[] = [];
  for (let d = new Date(from.value + 'T00:00:00Z'); d.toISOString().slice(0, 10) <= to.value; d = new Date(d.getTime() + 86400000)) {
    days.push(d.toISOString().slice(0, 10));
    if (days.length > 31) return { ok: false, message: '一次最多设置31天' };
  }
  const kind = input.kind;
  return inTransaction(db, () => {
    for (const day of days) {
      const before = getCalendarDay(db, day);
      putCalendarDay(db, { day, kind, name, by: by.username, now });
      recordAudit(db, { at: now, actor: by.username, action: 'calendar-set', targetKind: 'calendar', targetId: day, summary: `工作日历：${day} ${name}${DAY_KIND_TEXT[kind]}`, before, after: { kind, name } });
    }
    return { ok: true as const, value: days.length };
  });
}

/** Gives a day back to the ordinary week (Monday to Friday working). */
export function clearCalendarDay(db: Db, by: User, day: string, now: string): Result<null> {
  mayEdit(by);
  return inTransaction(db, () => {
    const before = getCalendarDay(db, day);
    if (!before || !deleteCalendarDay(db, day)) return { ok: false as const, message: `${day} 不在日历中` };
    recordAudit(db, { at: now, actor: by.username, action: 'calendar-clear', targetKind: 'calendar', targetId: day, summary: `工作日历：删除 ${day}（${before.name}）`, before });
    return { ok: true as const, value: null };
  });
}
