// 回避 pairs kept on an inspector's record: which entities this inspector may not inspect, and why
// (the reason is private; a draw only sees the pair).
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { addRecusal, entityByUscc, removeRecusal } from '../store/draw-population';
import { cleanCode } from '../domain/normalize';
import type { User } from '../store/users';
import { authorize } from './access';
import type { Result } from './draws';

export function addRecusalOf(db: Db, by: User, inspectorId: number, input: { uscc: string; reason: string }, now: string): Result<string> {
  authorize(db, by, 'inspectors', inspectorId, 'write');
  const uscc = cleanCode(input.uscc);
  const reason = input.reason.trim();
  const e = entityByUscc(db, uscc);
  if (!e) return { ok: false, message: `检查对象名录库中没有统一社会信用代码“${uscc}”` };
  if (reason.length < 2) return { ok: false, message: '请写明回避理由（仅内部可见）' };
  inTransaction(db, () => {
    addRecusal(db, { inspectorId, entityId: e.id, reason, actor: by.username, now });
    recordAudit(db, { at: now, actor: by.username, action: 'recusal-add', targetKind: 'inspectors', targetId: inspectorId, summary: `登记回避：${e.name}（${uscc}）`, after: { entityId: e.id, reason } });
  });
  return { ok: true, value: e.name };
}

export function removeRecusalOf(db: Db, by: User, inspectorId: number, entityId: number, now: string): boolean {
  authorize(db, by, 'inspectors', inspectorId, 'write');
  return inTransaction(db, () => {
    const ok = removeRecusal(db, inspectorId, entityId);
    if (ok) recordAudit(db, { at: now, actor: by.username, action: 'recusal-remove', targetKind: 'inspectors', targetId: inspectorId, summary: `撤销回避（对象 #${entityId}）` });
    return ok;
  });
}
