// Staff review of results: approve, return with a reason, correct an approved result with a reason.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { publicationDeadline } from '../../domain/working-days';
import { paths, pattern } from '../paths';
import { RESULT_CATEGORIES, type ResultStatus } from '../../domain/results';
import { addDays, chinaDate } from '../../domain/dates';
import { requireRole } from '../middleware/auth';
import { flash, sendPage } from '../page';

const STATES: ResultStatus[] = ['待审核', '审核退回', '已通过', '已公示'];

export function resultAdminRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get(pattern('results'), requireRole('admin', 'auditor'), (req, res) => {
    const status = (STATES as string[]).includes(String(req.query.status)) ? (req.query.status as ResultStatus) : '待审核';
    const rows = deps.services.resultsForReview(status, req.user!.departmentId ?? undefined);
    sendPage(deps, req, res, 'admin/results', {
      title: '检查结果审核', status, rows, tabs: STATES.map((s) => ({ s, current: s === status })), categories: RESULT_CATEGORIES,
      pending: status === '待审核', approved: status === '已通过' || status === '已公示',
    });
  });
  r.get(pattern('deadlines'), requireRole('admin', 'auditor'), (req, res) => {
    const today = chinaDate(deps.clock.now());
    const cal = deps.services.loadCalendar();
    const rows = deps.services.unpublishedResults(req.user!.departmentId ?? undefined).map((x) => {
      const deadline = publicationDeadline(cal, x.inspectedOn);
      return { ...x, deadline, overdue: deadline < today, dueSoon: deadline >= today && deadline <= addDays(today, 7) };
    });
    rows.sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
    // A year without official holiday data counts Monday to Friday: say so, for this year and the next.
    const year = Number(today.slice(0, 4));
    const unknownYears = [year, year + 1].filter((y) => !deps.services.yearKnown(y));
    sendPage(deps, req, res, 'admin/deadlines', {
      title: '结果公示期限', rows, overdue: rows.filter((x) => x.overdue).length, soon: rows.filter((x) => x.dueSoon).length, today,
      unknownYears: unknownYears.join('、'), calendarHref: paths.calendarYear(unknownYears[0] ?? year),
    });
  });

  for (const action of ['approve', 'return', 'publish'] as const) {
    r.post(pattern('resultAction', ':id', action), requireRole('admin'), (req, res) => {
      const result = deps.services.reviewResult(req.user!, Number(req.params.id), action, String(req.body.note ?? ''), deps.clock.now().toISOString());
      flash(req, result.ok ? 'ok' : 'error', result.ok ? { approve: '已审核通过', return: '已退回检查人员', publish: '已公示' }[action] : result.message);
      res.redirect(303, paths.resultsIn(action === 'publish' ? '已通过' : '待审核'));
    });
  }
  r.post(pattern('resultAction', ':id', 'correct'), requireRole('admin'), (req, res) => {
    const b = req.body as Record<string, string>;
    const result = deps.services.correctApproved(req.user!, Number(req.params.id), { category: b.category ?? '', inspectedOn: b.inspectedOn ?? '', method: b.method ?? '', findings: (b.findings ?? '').trim(), followUp: b.followUp ?? '无' }, b.reason ?? '', chinaDate(deps.clock.now()), deps.clock.now().toISOString());
    flash(req, result.ok ? 'ok' : 'error', result.ok ? '已更正（更正记录已保存）' : result.message);
    res.redirect(303, paths.resultsIn('已通过'));
  });
  return r;
}
