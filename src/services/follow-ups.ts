// 后续处置 to the end (domain/follow-up.ts): staff order a problem put right by a deadline, record the
// re-inspection, refer it or open a case; every step is kept and audited, through the access check.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { getResult } from '../store/results';
import { addFollowUpStep, getFollowUp, saveFollowUp, type FollowUp } from '../store/follow-ups';
import { followUpStep, NEEDS_FOLLOW_UP, type FollowUpStep } from '../domain/follow-up';
import { parseDate } from '../domain/dates';
import type { User } from '../store/users';
import { authorize } from './access';
import { feedCreditClass } from './credit';
import type { Result } from './draws';

const STEP_TEXT: Record<FollowUpStep['kind'], string> = { order: '责令整改', recheck: '复查', refer: '移送', 'open-case': '立案' };

/** Takes one step of a result's follow-up on `today` (a China date). */
export function takeFollowUpStep(db: Db, by: Pick<User, 'username' | 'departmentId'>, resultId: number, step: FollowUpStep, today: string, now: string): Result<null> {
  authorize(db, by, 'results', resultId, 'write');
  return inTransaction(db, (): Result<null> => {
    const r = getResult(db, resultId);
    if (!r) return { ok: false, message: '结果不存在' };
    if (r.category !== NEEDS_FOLLOW_UP) return { ok: false, message: `检查结果为“${r.category}”，无需后续处置` };
    if (r.status !== '已通过' && r.status !== '已公示') return { ok: false, message: '结果审核通过后才能办理后续处置' };
    const before = getFollowUp(db, resultId) ?? null;
    const move = followUpStep(before?.state ?? null, step.kind);
    if (!move.ok) return move;
    const date = (v: string, label: string): Result<string> => {
      const d = parseDate(v.trim());
      return d.ok ? { ok: true, value: d.value } : { ok: false, message: `${label}无效：${d.reason}` };
    };
    const base: FollowUp = before ?? { resultId, state: '责令整改', deadline: '', referredTo: '', caseNo: '', endedOn: '' };
    let next: FollowUp;
    let onDate = today;
    let detail: Record<string, unknown>;
    if (step.kind === 'order') {
      const d = date(step.deadline, '整改期限');
      if (!d.ok) return d;
      if (d.value <= today) return { ok: false, message: `整改期限（${d.value}）应在今天（${today}）之后` };
      next = { ...base, state: '责令整改', deadline: d.value };
      detail = { deadline: d.value, note: step.note.trim() };
    } else if (step.kind === 'recheck') {
      const d = date(step.on, '复查日期');
      if (!d.ok) return d;
      if (d.value < r.inspectedOn || d.value > today) return { ok: false, message: `复查日期应在检查日期（${r.inspectedOn}）与今天（${today}）之间` };
      if (step.findings.trim().length < 2) return { ok: false, message: '请填写复查情况' };
      onDate = d.value;
      next = step.fixed ? { ...base, state: '已整改', endedOn: d.value } : base;
      detail = { findings: step.findings.trim(), fixed: step.fixed };
    } else if (step.kind === 'refer') {
      if (!step.to.trim()) return { ok: false, message: '请填写移送的机关' };
      next = { ...base, state: '移送', referredTo: step.to.trim(), endedOn: today };
      detail = { to: step.to.trim(), note: step.note.trim() };
    } else {
      if (!step.caseNo.trim()) return { ok: false, message: '请填写立案编号' };
      next = { ...base, state: '立案', caseNo: step.caseNo.trim(), endedOn: today };
      detail = { caseNo: step.caseNo.trim(), note: step.note.trim() };
    }
    saveFollowUp(db, next, by.username, now);
    addFollowUpStep(db, resultId, { kind: step.kind, onDate, detail, by: by.username, at: now });
    recordAudit(db, {
      at: now, actor: by.username, action: 'follow-up', targetKind: 'results', targetId: resultId,
      summary: `后续处置：${STEP_TEXT[step.kind]}${step.kind === 'recheck' ? (step.fixed ? '，已整改' : '，未整改') : ''}（${before?.state ?? '未处置'} → ${next.state}）`, before, after: { ...next, step: detail },
    });
    // A case opened or a referral of a published result reaches the entity's credit class.
    feedCreditClass(db, resultId, by.username, now);
    return { ok: true, value: null };
  });
}
