// Staff review of results: approve, return with a reason, correct an approved result with a reason.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { publicationDeadline } from '../../domain/working-days';
import { paths, pattern } from '../paths';
import { RESULT_CATEGORIES, type ResultStatus } from '../../domain/results';
import { addDays, chinaDate } from '../../domain/dates';
import { requireRole } from '../middleware/auth';
import { flash, sendPage } from '../page';
import { writeCsv, writeXlsx } from '../../import/tabular-writer';
import { ENDED, finished, NEEDS_FOLLOW_UP, outcomeText, type FollowUpStep } from '../../domain/follow-up';
import { formIds, idParam, publicBase } from '../requests';

/** A follow-up step in words. */
function stepText(kind: string, d: Record<string, unknown>): string {
  if (kind === 'order') return `责令整改，期限 ${String(d.deadline)}${d.note ? `（${String(d.note)}）` : ''}`;
  if (kind === 'recheck') return `复查：${String(d.findings)}——${d.fixed ? '已整改' : '未整改'}`;
  if (kind === 'refer') return `移送${String(d.to)}${d.note ? `（${String(d.note)}）` : ''}`;
  return `立案，编号 ${String(d.caseNo)}${d.note ? `（${String(d.note)}）` : ''}`;
}

/** The result that suggests the 经营异常名录 (企业经营异常名录管理暂行办法, 第四条第（四）项). */
const ABNORMAL_CATEGORY = '通过登记的住所（经营场所）无法联系';

const STATES: ResultStatus[] = ['待审核', '审核退回', '已通过', '已公示'];

export function resultAdminRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get(pattern('results'), requireRole('admin', 'auditor'), (req, res) => {
    const status = (STATES as string[]).includes(String(req.query.status)) ? (req.query.status as ResultStatus) : '待审核';
    const today = chinaDate(deps.clock.now());
    // A result that waits for follow-up shows where it stands and the next steps (approved or published ones).
    const rows = deps.services.resultsForReview(status, req.user!.departmentId ?? undefined).map((x) => {
      const checklist = x.answers ? (JSON.parse(x.answers) as { point: string; answer: string; note: string }[]) : [];
      const links = { caseHref: paths.caseFile(x.drawId, x.entityId), noticeHref: paths.noticePdf(x.drawId, x.entityId), recordHref: paths.recordPdf(x.drawId, x.entityId) };
      if (x.category !== NEEDS_FOLLOW_UP || (status !== '已通过' && status !== '已公示')) return { ...x, checklist, ...links };
      const f = deps.services.getFollowUp(x.id) ?? null;
      return {
        ...x, checklist, ...links, followUpView: {
          state: f?.state ?? '未处置', deadline: f?.deadline ?? '', overdue: f?.state === '责令整改' && f.deadline < today, ended: f !== null && ENDED.includes(f.state),
          ordered: f?.state === '责令整改', outcome: outcomeText(f), steps: deps.services.followUpSteps(x.id).map((s) => ({ ...s, text: stepText(s.kind, s.detail) })),
          action: paths.resultFollowUp(x.id), finished: finished(x, f?.state ?? null),
        },
      };
    });
    sendPage(deps, req, res, 'admin/results', {
      title: '检查结果审核', status, rows, tabs: STATES.map((s) => ({ s, current: s === status })), categories: RESULT_CATEGORIES,
      pending: status === '待审核', approved: status === '已通过' || status === '已公示',
      exportCsv: paths.resultsExport('csv'), exportXlsx: paths.resultsExport('xlsx'), abnormalCsv: `${paths.resultsExport('csv')}?list=abnormal`,
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
  // Many at once, each with the checks of one at a time (its own access check and transaction); what
  // could not be done is named with its reason, the rest is done.
  // Published results in the fields of the national publicity system's 抽查检查结果 (检查实施机关, 类型,
  // 日期, 结果, 备注), and the entities whose registered address could not be reached, for 经营异常名录.
  for (const ext of ['csv', 'xlsx'] as const) {
    r.get(pattern('resultsExport', ext), requireRole('admin', 'auditor'), async (req, res) => {
      const year = /^\d{4}$/.test(String(req.query.year ?? '')) ? String(req.query.year) : chinaDate(deps.clock.now()).slice(0, 4);
      const rows = deps.services.resultsForExport(year, req.user!.departmentId ?? undefined);
      const abnormal = req.query.list === 'abnormal';
      const picked = abnormal ? rows.filter((x) => x.category === ABNORMAL_CATEGORY) : rows;
      const headers = abnormal
        ? ['统一社会信用代码', '企业名称', '检查实施机关', '检查日期', '检查结果', '任务编号', '建议']
        : ['统一社会信用代码', '企业名称', '检查实施机关', '类型', '日期', '结果', '备注', '任务编号', '抽查事项'];
      const body = picked.map((x) => abnormal
        ? [x.uscc, x.name, x.department, x.inspectedOn, x.category, x.taskNumber, '建议列入经营异常名录（通过登记的住所或者经营场所无法联系）']
        : [x.uscc, x.name, x.department, '双随机抽查', x.inspectedOn, x.category, x.followUp && x.followUp !== '无' ? `后续处置：${x.followUp}` : '', x.taskNumber, x.item]);
      const name = `${year}年${abnormal ? '经营异常名录建议' : '抽查检查结果'}.${ext}`;
      res.setHeader('Content-Disposition', `attachment; filename="results.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`);
      if (ext === 'csv') {
        res.type('text/csv; charset=utf-8');
        await writeCsv(res, headers, body);
      } else {
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        await writeXlsx(res, abnormal ? '经营异常名录建议' : '抽查检查结果', headers, body);
      }
    });
  }

  r.post(pattern('resultFollowUp', ':id'), requireRole('admin'), (req, res) => {
    const b = req.body as Record<string, string>;
    const kind = String(b.kind);
    const step: FollowUpStep | null =
      kind === 'order' ? { kind, deadline: b.deadline ?? '', note: b.note ?? '' }
        : kind === 'recheck' ? { kind, on: b.on ?? '', findings: b.findings ?? '', fixed: b.fixed === '1' }
          : kind === 'refer' ? { kind, to: b.to ?? '', note: b.note ?? '' }
            : kind === 'open-case' ? { kind, caseNo: b.caseNo ?? '', note: b.note ?? '' } : null;
    const id = idParam(req);
    const result = step ? deps.services.takeFollowUpStep(req.user!, id, step, chinaDate(deps.clock.now()), deps.clock.now().toISOString()) : { ok: false as const, message: '未知的处置步骤' };
    flash(req, result.ok ? 'ok' : 'error', result.ok ? '已记录后续处置' : result.message);
    res.redirect(303, paths.resultsIn(String(b.back) === '已公示' ? '已公示' : '已通过'));
  });

  // The orders to put things right still open, overdue ones marked: the chief's list.
  r.get(pattern('followUps'), requireRole('admin', 'auditor'), (req, res) => {
    const today = chinaDate(deps.clock.now());
    const rows = deps.services.openFollowUps(req.user!.departmentId ?? undefined).map((f) => ({ ...f, overdue: f.deadline < today }));
    sendPage(deps, req, res, 'admin/follow-ups', { title: '后续处置', rows, overdue: rows.filter((r) => r.overdue).length, today });
  });

  // The electronic case file (电子案卷) of one inspection, with its manifest: `npm run case:verify -- FILE.zip`.
  r.get(pattern('caseFile', ':drawId', ':entityId'), requireRole('admin', 'auditor'), async (req, res) => {
    const n = (v: unknown) => (/^\d{1,12}$/.test(String(v)) ? Number(v) : -1);
    const c = await deps.services.caseFile(req.user!, n(req.params.drawId), n(req.params.entityId), publicBase(req, deps), chinaDate(deps.clock.now()));
    res.setHeader('Content-Disposition', `attachment; filename="case.zip"; filename*=UTF-8''${encodeURIComponent(c.name)}`);
    res.type('application/zip').send(c.zip);
  });

  r.post(pattern('resultsBulk'), requireRole('admin'), (req, res) => {
    const action = req.body.action === 'publish' ? 'publish' : req.body.action === 'approve' ? 'approve' : null;
    const ids = formIds(req.body.ids);
    if (!action || ids.length === 0) {
      flash(req, 'error', '请勾选要批量处理的结果');
      return res.redirect(303, paths.resultsIn(action === 'publish' ? '已通过' : '待审核'));
    }
    const now = deps.clock.now().toISOString();
    const failed: string[] = [];
    let done = 0;
    for (const id of ids) {
      try {
        const r2 = deps.services.reviewResult(req.user!, id, action, '', now);
        if (r2.ok) done++;
        else failed.push(`#${id}：${r2.message}`);
      } catch (e) {
        failed.push(`#${id}：${(e as Error).message}`);
      }
    }
    const verb = action === 'publish' ? '公示' : '审核通过';
    flash(req, failed.length ? 'error' : 'ok', `已${verb} ${done} 条${failed.length ? `；${failed.length} 条未处理（${failed.slice(0, 5).join('；')}${failed.length > 5 ? '……' : ''}）` : ''}`);
    res.redirect(303, paths.resultsIn(action === 'publish' ? '已通过' : '待审核'));
  });

  r.post(pattern('resultAction', ':id', 'correct'), requireRole('admin'), (req, res) => {
    const b = req.body as Record<string, string>;
    const result = deps.services.correctApproved(req.user!, Number(req.params.id), { category: b.category ?? '', inspectedOn: b.inspectedOn ?? '', method: b.method ?? '', findings: (b.findings ?? '').trim(), followUp: b.followUp ?? '无' }, b.reason ?? '', chinaDate(deps.clock.now()), deps.clock.now().toISOString());
    flash(req, result.ok ? 'ok' : 'error', result.ok ? '已更正（更正记录已保存）' : result.message);
    res.redirect(303, paths.resultsIn('已通过'));
  });
  return r;
}
