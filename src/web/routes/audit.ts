// The staff view of the audit log (全程留痕): who did what to which record, before and after; chain check on request.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { auditFacets, listAudit, verifyAuditLog, type AuditFilter } from '../../store/audit';
import { requireRole } from '../middleware/auth';
import { departmentScope } from '../../services/access';
import { sendPage } from '../page';

const PAGE = 100;
const ACTION_TEXT: Record<string, string> = {
  create: '新增', update: '修改', deactivate: '停用', reactivate: '恢复启用', import: '导入', login: '登录', commit: '公布承诺值',
  draw: '抽取', void: '作废抽取', 'recusal-add': '登记回避', 'recusal-remove': '撤销回避', exclude: '手动排除', 'draw-failed': '定时抽取失败',
  'calendar-set': '设置节假日', 'calendar-clear': '删除节假日',
};
const KIND_TEXT: Record<string, string> = { items: '抽查事项', entities: '检查对象', inspectors: '执法人员', users: '账号', tasks: '抽查任务', plans: '年度计划', schedules: '定期抽取', calendar: '工作日历' };

export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/audit', requireRole('admin', 'auditor'), (req, res) => {
    const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string).trim() : '');
    const date = (k: string) => (/^\d{4}-\d{2}-\d{2}$/.test(q(k)) ? q(k) : undefined);
    const f: AuditFilter = { actor: q('actor') || undefined, action: q('action') || undefined, targetKind: q('kind') || undefined, from: date('from'), to: date('to'), departmentId: departmentScope(req.user) };
    const before = /^\d{1,15}$/.test(q('before')) ? Number(q('before')) : undefined;
    const rows = listAudit(deps.db, f, before, PAGE + 1);
    const more = rows.length > PAGE;
    if (more) rows.pop();
    const facets = auditFacets(deps.db, departmentScope(req.user));
    const qs = new URLSearchParams(Object.entries({ actor: q('actor'), action: q('action'), kind: q('kind'), from: q('from'), to: q('to') }).filter(([, v]) => v)).toString();
    sendPage(deps, req, res, 'admin/audit', {
      title: '操作日志',
      rows: rows.map((x) => ({ ...x, actionText: ACTION_TEXT[x.action] ?? x.action, kindText: KIND_TEXT[x.targetKind] ?? x.targetKind, shortHash: x.hash?.slice(0, 12) })),
      actors: facets.actors.map((v) => ({ v, selected: v === f.actor })),
      actions: facets.actions.map((v) => ({ v, label: ACTION_TEXT[v] ?? v, selected: v === f.action })),
      kinds: facets.kinds.map((v) => ({ v, label: KIND_TEXT[v] ?? v, selected: v === f.targetKind })),
      from: f.from ?? '', to: f.to ?? '',
      nextHref: more ? `/admin/audit?${qs ? qs + '&' : ''}before=${rows[rows.length - 1]!.id}` : null,
      verifyHref: `/admin/audit?${qs ? qs + '&' : ''}verify=1`,
      chain: q('verify') === '1' ? verifyAuditLog(deps.db) : null,
    });
  });
  return r;
}
