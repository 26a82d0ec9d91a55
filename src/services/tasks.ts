// A task before its commitment: edited (its conditions and items), or cancelled with a reason. Both go
// through the access check and the lifecycle's table (domain/task-lifecycle.ts); copying a task is a
// new task made from its values (the task form).
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { cancelTaskRow, findTaskByNumber, getTask, taskItems, updateTaskRow, type NewTask } from '../store/tasks';
import { conditionsOpen, taskTransition } from '../domain/task-lifecycle';
import type { User } from '../store/users';
import { authorize } from './access';
import { taskInputProblem, type Result } from './draws';
import { planProblem } from './plans';

/** Changes a task's conditions before its commitment; after it they are frozen (and public). */
export function updateTask(db: Db, by: Pick<User, 'username' | 'departmentId'>, id: number, t: Omit<NewTask, 'createdBy' | 'departmentId'>): Result<null> {
  authorize(db, by, 'tasks', id, 'write');
  const problem = taskInputProblem(t);
  if (problem) return { ok: false, message: problem };
  return inTransaction(db, (): Result<null> => {
    const before = getTask(db, id)!;
    if (!conditionsOpen(before.status)) return { ok: false, message: `任务状态为“${before.status}”：承诺公布后抽取条件不能再修改` };
    const fromPlan = planProblem(db, { ...t, departmentId: before.departmentId });
    if (fromPlan) return { ok: false, message: fromPlan };
    const other = findTaskByNumber(db, t.number);
    if (other && other.id !== id) return { ok: false, message: `任务编号“${t.number}”已存在` };
    const items = taskItems(db, id).map((i) => i.id);
    updateTaskRow(db, id, t);
    recordAudit(db, { at: t.now, actor: by.username, action: 'update', targetKind: 'tasks', targetId: id, summary: `修改抽查任务 ${t.number}`, before: { ...before, itemIds: items }, after: t });
    return { ok: true, value: null };
  });
}

/** Cancels a task before its commitment, with its reason (the task and its records stay). */
export function cancelTask(db: Db, by: Pick<User, 'username' | 'departmentId'>, id: number, reason: string, now: string): Result<null> {
  authorize(db, by, 'tasks', id, 'write');
  const why = reason.trim();
  if (why.length < 4) return { ok: false, message: '取消任务必须写明理由（至少4个字）' };
  return inTransaction(db, (): Result<null> => {
    const task = getTask(db, id)!;
    const move = taskTransition(task.status, 'cancel');
    if (!move.ok) return move;
    cancelTaskRow(db, id, { reason: why, by: by.username, now });
    recordAudit(db, { at: now, actor: by.username, action: 'cancel', targetKind: 'tasks', targetId: id, summary: `取消抽查任务 ${task.number}：${why}` });
    return { ok: true, value: null };
  });
}
