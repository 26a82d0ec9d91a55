// The staff view of the audit log (全程留痕): who did what to which record, before and after; chain check on request.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { departmentScope, type AuditFilter } from '../../services';
import { requireRole } from '../middleware/auth';
import { actionText, kindText } from '../../domain/audit-actions';
import { sendPage } from '../page';
import { paths, pattern } from '../paths';

const PAGE = 100;
export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get(pattern('audit'), requireRole('admin', 'auditor'), (req, res) => {
    const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string).trim() : '');
    const date = (k: string) => (/^\d{4}-\d{2}-\d{2}$/.test(q(k)) ? q(k) : undefined);
    const f: AuditFilter = { actor: q('actor') || undefined, action: q('action') || undefined, targetKind: q('kind') || undefined, from: date('from'), to: date('to'), departmentId: departmentScope(req.user) };
    const before = /^\d{1,15}$/.test(q('before')) ? Number(q('before')) : undefined;
    const rows = deps.services.listAudit(f, before, PAGE + 1);
    const more = rows.length > PAGE;
    if (more) rows.pop();
    const facets = deps.services.auditFacets(departmentScope(req.user));
    const qs = new URLSearchParams(Object.entries({ actor: q('actor'), action: q('action'), kind: q('kind'), from: q('from'), to: q('to') }).filter(([, v]) => v)).toString();
    sendPage(deps, req, res, 'admin/audit', {
      title: '操作日志',
      rows: rows.map((x) => ({ ...x, actionText: actionText(x.action), kindText: kindText(x.targetKind), shortHash: x.hash?.slice(0, 12) })),
      actors: facets.actors.map((v) => ({ v, selected: v === f.actor })),
      actions: facets.actions.map((v) => ({ v, label: actionText(v), selected: v === f.action })),
      kinds: facets.kinds.map((v) => ({ v, label: kindText(v), selected: v === f.targetKind })),
      from: f.from ?? '', to: f.to ?? '',
      nextHref: more ? `${paths.audit}?${qs ? qs + '&' : ''}before=${rows[rows.length - 1]!.id}` : null,
      verifyHref: `${paths.audit}?${qs ? qs + '&' : ''}verify=1`,
      chain: q('verify') === '1' ? deps.services.verifyAuditLog() : null,
    });
  });
  return r;
}
