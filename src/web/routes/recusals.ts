// 回避 pairs, kept on the inspector's record: which entities this inspector may not inspect, and why (private).
import { Router, type Request } from 'express';
import type { AppDeps } from '../deps';
import { inTransaction } from '../../store/db';
import { addRecusal, entityByUscc, removeRecusal } from '../../store/draw-population';
import { recordAudit } from '../../store/audit';
import { cleanCode } from '../../domain/normalize';
import { requireRole } from '../middleware/auth';
import { authorize } from '../../services/access';
import { flash } from '../page';
import { paths } from '../paths';

export function recusalRoutes(deps: AppDeps): Router {
  const r = Router();
  const admin = requireRole('admin');

  const inspector = (req: Request) => {
    const id = /^\d{1,12}$/.test(String(req.params.id)) ? Number(req.params.id) : -1;
    authorize(deps.db, req.user!, 'inspectors', id, 'write');
    return deps.stores.inspectors.get(id)!;
  };

  r.post('/inspectors/:id/recusals', admin, (req, res) => {
    const p = inspector(req);
    const uscc = cleanCode(String(req.body.uscc ?? ''));
    const reason = String(req.body.reason ?? '').trim();
    const e = entityByUscc(deps.db, uscc);
    if (!e) flash(req, 'error', `检查对象名录库中没有统一社会信用代码“${uscc}”`);
    else if (reason.length < 2) flash(req, 'error', '请写明回避理由（仅内部可见）');
    else {
      const now = deps.clock.now().toISOString();
      inTransaction(deps.db, () => {
        addRecusal(deps.db, { inspectorId: p.id, entityId: e.id, reason, actor: req.user!.username, now });
        recordAudit(deps.db, { at: now, actor: req.user!.username, action: 'recusal-add', targetKind: 'inspectors', targetId: p.id, summary: `登记回避：${e.name}（${uscc}）`, after: { entityId: e.id, reason } });
      });
      flash(req, 'ok', `已登记回避：${e.name}`);
    }
    res.redirect(303, paths.record('inspectors', p.id));
  });

  r.post('/inspectors/:id/recusals/:entityId/remove', admin, (req, res) => {
    const p = inspector(req);
    const entityId = Number(req.params.entityId);
    const now = deps.clock.now().toISOString();
    const removed = inTransaction(deps.db, () => {
      const ok = removeRecusal(deps.db, p.id, entityId);
      if (ok) recordAudit(deps.db, { at: now, actor: req.user!.username, action: 'recusal-remove', targetKind: 'inspectors', targetId: p.id, summary: `撤销回避（对象 #${entityId}）` });
      return ok;
    });
    flash(req, removed ? 'ok' : 'error', removed ? '已撤销回避' : '这条回避记录不存在');
    res.redirect(303, paths.record('inspectors', p.id));
  });
  return r;
}
