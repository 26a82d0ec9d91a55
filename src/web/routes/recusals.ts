// 回避 pairs, kept on the inspector's record: which entities this inspector may not inspect, and why (private).
import { Router, type Request } from 'express';
import type { AppDeps } from '../deps';
import { requireRole } from '../middleware/auth';
import { flash } from '../page';
import { paths, pattern } from '../paths';

export function recusalRoutes(deps: AppDeps): Router {
  const r = Router();
  const admin = requireRole('admin');

  const inspectorId = (req: Request) => (/^\d{1,12}$/.test(String(req.params.id)) ? Number(req.params.id) : -1);

  r.post(pattern('recusals', ':id'), admin, (req, res) => {
    const id = inspectorId(req);
    const r2 = deps.services.addRecusalOf(req.user!, id, { uscc: String(req.body.uscc ?? ''), reason: String(req.body.reason ?? '') }, deps.clock.now().toISOString());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? `已登记回避：${r2.value}` : r2.message);
    res.redirect(303, paths.record('inspectors', id));
  });

  r.post(pattern('recusalRemove', ':id', ':entityId'), admin, (req, res) => {
    const id = inspectorId(req);
    const removed = deps.services.removeRecusalOf(req.user!, id, Number(req.params.entityId), deps.clock.now().toISOString());
    flash(req, removed ? 'ok' : 'error', removed ? '已撤销回避' : '这条回避记录不存在');
    res.redirect(303, paths.record('inspectors', id));
  });
  return r;
}
