// Results reach the credit record (domain/credit.ts): a published result, and the end of its
// follow-up, raise the entity's credit risk class to the floor they call for, as an audited edit of
// the entity (its history kept), so the next draw's strata use it. Called inside the caller's transaction.
import type { Db } from '../store/db';
import { recordAudit } from '../store/audit';
import { entityClass, getResult, setEntityClass } from '../store/results';
import { getFollowUp } from '../store/follow-ups';
import { classFloor, raisedClass } from '../domain/credit';

/** Raises the class of the result's entity where its published result calls for it; the new class, or null. */
export function feedCreditClass(db: Db, resultId: number, actor: string, now: string): string | null {
  const r = getResult(db, resultId);
  if (!r || r.status !== '已公示') return null;
  const floor = classFloor(r.category, getFollowUp(db, resultId)?.state ?? null);
  if (!floor) return null;
  const e = entityClass(db, r.entityId)!;
  const to = raisedClass(e.creditClass, floor.floor);
  if (!to) return null;
  setEntityClass(db, r.entityId, to, actor, now);
  recordAudit(db, {
    at: now, actor, action: 'update', targetKind: 'entities', targetId: r.entityId,
    summary: `${e.name} 信用风险分类由 ${e.creditClass || '未分类'} 调整为 ${to}：${floor.reason}（检查日期 ${r.inspectedOn}）`,
    before: { creditClass: e.creditClass }, after: { creditClass: to, result: resultId },
  });
  return to;
}
