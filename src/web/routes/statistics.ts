// Statistics (staff: everything; public: no credit classes): coverage, achieved against planned ratios,
// inspector load, the share of joint inspections. Charts are SVG built on the server.
import { pattern } from '../paths';
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps';
import { GenerationMemo } from '../../services';
import { departmentScope, type Dimension } from '../../services';
import { barChart, percent } from '../charts';
import { requireRole } from '../middleware/auth';
import { chinaDate, chinaYear } from '../../domain/dates';
import { sendPage } from '../page';

function figures(deps: AppDeps, year: string, withClasses: boolean, departmentId: number | undefined) {
  // Items' populations as of today in the current year, as of the year's end for a past one.
  const today = chinaDate(deps.clock.now());
  const f = deps.services.yearFigures(year, departmentId, today.startsWith(year) ? today : `${year}-12-31`);
  const cov = (dim: Dimension, title: string) =>
    barChart(title, f.coverage[dim].map((r) => ({ label: r.key || '（未填）', value: r.total ? r.drawn / r.total : 0, note: `${r.drawn}/${r.total}` })), { max: 1, format: percent });
  return {
    year, draws: f.draws, selections: f.selections,
    jointShare: f.jointShare === null ? '—' : percent(f.jointShare),
    classChart: withClasses ? cov('class', '按信用风险分类的覆盖率') : null,
    regionChart: cov('region', '按片区的覆盖率'),
    industryChart: cov('industry', '按行业的覆盖率'),
    plannedChart: withClasses
      ? barChart('实际抽取比例与计划（竖线）', f.strata.map((v) => ({ label: v.key, value: v.eligible ? v.selected / v.eligible : 0, target: v.eligible ? v.planned / v.eligible : 0 })), { max: 1, format: percent })
      : null,
    loadChart: barChart('执法人员检查户数', f.loads.slice(0, 40).map((l) => ({ label: withClasses ? `${l.name} ${l.cert}` : l.cert, value: l.n }))),
    items: f.items.map((i) => ({ ...i, share: i.population ? percent(i.drawn / i.population) : '—', state: i.met === null ? '—' : i.met ? '已达到' : '未达到' })),
    loadMin: f.loads.length ? f.loads[f.loads.length - 1]!.n : 0, loadMax: f.loads.length ? f.loads[0]!.n : 0,
  };
}

export function statisticsRoutes(deps: AppDeps): Router {
  const r = Router();
  const year = (req: Request) => (typeof req.query.year === 'string' && /^\d{4}$/.test(req.query.year) ? req.query.year : chinaYear(deps.clock.now()));
  // The figures read every draw of the year (about a second with a year of million-entity draws), so
  // they are kept for the data's generation (store/derived.ts): a public page that a query string of
  // its own would otherwise make anyone recompute.
  const memo = new GenerationMemo<ReturnType<typeof figures>>(100);
  const figuresOf = (y: string, withClasses: boolean, departmentId: number | undefined) =>
    memo.get(deps.services.generation(), `${y}|${withClasses}|${departmentId ?? ''}`, () => figures(deps, y, withClasses, departmentId));
  // Staff of one department see their own inspectors' loads (names are internal); the public sees every
  // inspector by certificate number only.
  const show = (req: Request, res: Response, withClasses: boolean, layout: string, departmentId?: number) =>
    sendPage(deps, req, res, 'statistics', { title: '抽查统计', ...figuresOf(year(req), withClasses, departmentId), staff: withClasses }, 200, layout);
  r.get(pattern('statistics'), requireRole('admin', 'auditor'), (req, res) => show(req, res, true, 'staff', departmentScope(req.user)));
  r.get(pattern('publicStatistics'), (req, res) => show(req, res, false, 'public'));
  return r;
}
