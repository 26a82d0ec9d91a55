// Recording and reviewing results. Every rule is checked here, whatever the page offered.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { canTransition, checkResultInput, type InspectionWindow, type ResultStatus } from '../domain/results';
import { chinaDateTime, chinaDay } from '../domain/dates';
import { checklistProblem, parseCheckpoints } from '../domain/checklist';
import { dueDate } from './disclosure';
import { assignment, correctResult, getResult, itemMethodsText, publishResult, resultsOf, setReview, upsertSubmitted, type Assignment, type ResultFields } from '../store/results';
import { taskItems } from '../store/tasks';
import { recordAudit } from '../store/audit';
import { findUser, type User } from '../store/users';
import type { Result } from './draws';
import { authorize } from './access';
import { feedCreditClass } from './credit';
import { NotFound } from './errors';

/** The assignment if this user is on its team; undefined for anyone else (no hint whether it exists). */
export function myAssignment(db: Db, u: User, drawId: number, entityId: number): Assignment | undefined {
  const a = assignment(db, drawId, entityId);
  if (!a || u.inspectorId === null || (!a.inspectorIds.includes(u.inspectorId) && !a.expertIds.includes(u.inspectorId))) return undefined;
  return a;
}

/** The dates an inspection of this assignment can bear: from its draw (Beijing date) to today, in the draw's year or by its deadline. */
export function inspectionWindow(a: Pick<Assignment, 'drawnAt' | 'inspectBy'>): InspectionWindow {
  return { drawnOn: chinaDay(a.drawnAt), dueBy: dueDate(a) };
}

export function itemMethods(item: { methods?: string }): string[] {
  return (item.methods ?? '').split('、').filter(Boolean);
}

/** A submission refused because the result changed since the inspector's page (or draft) was made. */
export type SubmitOutcome = Result<null> | { ok: false; message: string; conflict: true };

/**
 * Submits an inspector's result. `seen` is the version of the result the inspector's form was made
 * from (0: none yet); when the stored result is another version (a teammate submitted meanwhile, a
 * draft kept offline is late), nothing is written and the conflict is reported, never overwritten.
 */
export function submitResult(
  db: Db, u: User, drawId: number, entityId: number, itemId: number, f: ResultFields, today: string, now: string, answers: { answer: string; note: string }[] = [], seen?: number,
): SubmitOutcome {
  const a = myAssignment(db, u, drawId, entityId);
  // Not found, whether it does not exist or is someone else's: an inspector learns nothing of others' work.
  if (!a) throw new NotFound('没有这项检查任务，或它不是分配给您的');
  // An expert advises the team; the inspectors record the result (they carry the 执法证).
  if (!a.inspectorIds.includes(u.inspectorId!)) return { ok: false, message: '您是本次检查的专家：检查结果由检查组的执法人员录入' };
  const item = taskItems(db, a.taskId).find((i) => i.id === itemId);
  if (!item) return { ok: false, message: '该事项不属于本次抽查任务' };
  const problem = checkResultInput(f, itemMethods(item), today, inspectionWindow(a));
  if (problem) return { ok: false, message: problem };
  // 检查要点: every point answered, and no "no problem" over one found not to comply.
  const points = parseCheckpoints(item.checkpoints);
  const listProblem = checklistProblem(points, answers, f.category);
  if (listProblem) return { ok: false, message: listProblem };
  const kept = points.map((point, i) => ({ point, answer: answers[i]!.answer, note: answers[i]!.note.trim() }));
  return inTransaction(db, () => {
    const current = resultsOf(db, drawId, entityId).find((r) => r.itemId === itemId);
    if (seen !== undefined && (current?.version ?? 0) !== seen) {
      const who = current ? (findUser(db, current.recordedBy)?.displayName ?? '') : '';
      return {
        ok: false as const, conflict: true as const,
        message: current
          ? `“${item.name}”的结果已由${who}于${chinaDateTime(current.recordedAt)}提交（第 ${current.version} 版，${current.status}），与您填写时看到的不同；您填写的内容没有提交，也没有覆盖它。请查看最新结果后再决定。`
          : `“${item.name}”的结果已被删除或尚未录入，与您填写时看到的不同；您填写的内容没有提交。`,
      };
    }
    const state: ResultStatus | '未录入' = current?.status ?? '未录入';
    if (!canTransition('submit', state)) return { ok: false as const, message: `结果状态为“${state}”，不能再提交；已通过的结果只能由管理员更正` };
    upsertSubmitted(db, { drawId, entityId, itemId }, f, u.id, now, kept);
    recordAudit(db, { at: now, actor: u.username, action: 'result-submit', targetKind: 'results', targetId: `${drawId}/${entityId}/${itemId}`, summary: `提交检查结果：${a.entityName} · ${item.name} · ${f.category}`, before: current, after: f });
    return { ok: true as const, value: null };
  });
}

export function reviewResult(db: Db, by: User, id: number, action: 'approve' | 'return' | 'publish', note: string, now: string): Result<null> {
  authorize(db, by, 'results', id, 'write');
  if (action === 'return' && note.trim().length < 2) return { ok: false, message: '退回时请写明原因' };
  return inTransaction(db, () => {
    const r = getResult(db, id);
    if (!r) return { ok: false as const, message: '结果不存在' };
    const verb = { approve: '审核通过', return: '审核退回', publish: '公示' }[action];
    if (!canTransition(action, r.status)) return { ok: false as const, message: `结果状态为“${r.status}”，不能${verb}` };
    if (action === 'publish') publishResult(db, id);
    else setReview(db, id, r.status, action === 'approve' ? '已通过' : '审核退回', by.username, note.trim(), now);
    recordAudit(db, { at: now, actor: by.username, action: `result-${action}`, targetKind: 'results', targetId: id, summary: `${verb}${note ? '：' + note : ''}`, before: { status: r.status } });
    if (action === 'publish') feedCreditClass(db, id, by.username, now);
    return { ok: true as const, value: null };
  });
}

export function correctApproved(db: Db, by: User, id: number, f: ResultFields, reason: string, today: string, now: string): Result<null> {
  authorize(db, by, 'results', id, 'write');
  if (reason.trim().length < 4) return { ok: false, message: '更正必须写明理由' };
  return inTransaction(db, () => {
    const r = getResult(db, id);
    if (!r) return { ok: false as const, message: '结果不存在' };
    if (r.status !== '已通过' && r.status !== '已公示') return { ok: false as const, message: '只有已通过或已公示的结果需要更正；其他状态请退回检查人员修改' };
    const item = { methods: itemMethodsText(db, r.itemId) };
    const problem = checkResultInput(f, itemMethods(item), today, inspectionWindow(assignment(db, r.drawId, r.entityId)!));
    if (problem) return { ok: false as const, message: problem };
    correctResult(db, id, f, reason.trim(), by.username, now);
    recordAudit(db, { at: now, actor: by.username, action: 'result-correct', targetKind: 'results', targetId: id, summary: `更正检查结果：${reason.trim()}`, before: r, after: f });
    feedCreditClass(db, id, by.username, now);
    return { ok: true as const, value: null };
  });
}

export type AssignmentState = { key: 'upcoming' | 'progress' | 'overdue' | 'done'; text: string };

/** Where an assignment stands for its inspector: done (every item approved), overdue, not begun, in progress. */
export function assignmentState(db: Db, a: Assignment, today: string): AssignmentState {
  const items = taskItems(db, a.taskId).length;
  const results = resultsOf(db, a.drawId, a.entityId);
  const approved = results.filter((r) => r.status === '已通过' || r.status === '已公示').length;
  if (items > 0 && approved === items) return { key: 'done', text: '已完成' };
  if (dueDate(a) < today) return { key: 'overdue', text: '已逾期' };
  if (results.length === 0) return { key: 'upcoming', text: '未开始' };
  return { key: 'progress', text: results.some((r) => r.status === '审核退回') ? '有退回' : '进行中' };
}
