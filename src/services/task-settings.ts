// A task's settings that change after it was created: entities excluded by hand (only while its
// conditions are open) and whether its drawn list waits for the end of the inspections.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { addManualExclusion, entityByUscc } from '../store/draw-population';
import { getTask, setTaskHoldList, setTaskPublishTeams } from '../store/tasks';
import { conditionsOpen } from '../domain/task-lifecycle';
import { cleanCode } from '../domain/normalize';
import type { User } from '../store/users';
import { authorize } from './access';
import type { Result } from './draws';

/** Keeps one entity out of the task's draw, with the reason (counted by reason on the draw page). */
export function excludeEntity(db: Db, by: User, taskId: number, input: { uscc: string; reason: string }, now: string): Result<string> {
  authorize(db, by, 'tasks', taskId, 'write');
  const t = getTask(db, taskId)!;
  if (!conditionsOpen(t.status)) return { ok: false, message: `任务状态为“${t.status}”，抽取条件已固化，不能再修改；如需调整，请先作废抽取并说明理由` };
  const uscc = cleanCode(input.uscc);
  const reason = input.reason.trim();
  const e = entityByUscc(db, uscc);
  if (!e) return { ok: false, message: `名录中没有统一社会信用代码 ${uscc}` };
  if (!reason) return { ok: false, message: '请填写排除理由' };
  inTransaction(db, () => {
    addManualExclusion(db, taskId, e.id, reason);
    recordAudit(db, { at: now, actor: by.username, action: 'exclude', targetKind: 'tasks', targetId: taskId, summary: `手动排除 ${uscc}：${reason}`, after: { entityId: e.id, reason } });
  });
  return { ok: true, value: `已排除 ${uscc}：${reason}` };
}

/** Whether the drawn list and bundle wait until the inspections end (unannounced inspections). */
/** Whether the task's public notice names the teams (the list's release rule applies to them too). */
export function setPublishTeams(db: Db, by: User, taskId: number, on: boolean, now: string): void {
  authorize(db, by, 'tasks', taskId, 'write');
  inTransaction(db, () => {
    setTaskPublishTeams(db, taskId, on);
    recordAudit(db, { at: now, actor: by.username, action: 'publish-teams', targetKind: 'tasks', targetId: taskId, summary: on ? '公告中公布检查组名单' : '公告中不公布检查组名单' });
  });
}

export function setHoldList(db: Db, by: User, taskId: number, hold: boolean, now: string): void {
  authorize(db, by, 'tasks', taskId, 'write');
  inTransaction(db, () => {
    setTaskHoldList(db, taskId, hold);
    recordAudit(db, { at: now, actor: by.username, action: 'hold-list', targetKind: 'tasks', targetId: taskId, summary: hold ? '抽取名单在检查结束后公布' : '抽取名单立即公布' });
  });
}
