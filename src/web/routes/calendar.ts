// Staff page of the working-day calendar (法定节假日与调休), by year: read by all staff, changed by
// accounts of all departments.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { DAY_KIND_TEXT } from '../../services';
import { chinaYear } from '../../domain/dates';
import { requireRole } from '../middleware/auth';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';

export function calendarRoutes(deps: AppDeps): Router {
  const r = Router();
  const yearOf = (v: unknown) => (typeof v === 'string' && /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100 ? Number(v) : Number(chinaYear(deps.clock.now())));
  const back = paths.calendarYear;

  r.get(paths.calendar, requireRole('admin', 'auditor'), (req, res) => {
    const year = yearOf(req.query.year);
    const days = deps.services.calendarYear(year).map((d) => ({ ...d, kindText: DAY_KIND_TEXT[d.kind], sourceText: d.source === 'package' ? '随系统提供' : `${d.updatedBy} 录入` }));
    sendPage(deps, req, res, 'admin/calendar', {
      title: `工作日历 · ${year}年`, year, days, known: deps.services.yearKnown(year), prev: back(year - 1), next: back(year + 1),
      canEdit: req.user!.role === 'admin' && req.user!.departmentId === null, action: paths.calendar,
    });
  });

  r.post(paths.calendar, requireRole('admin'), (req, res) => {
    const b = req.body as Record<string, string>;
    const result = deps.services.setCalendarDays(req.user!, { from: b.from ?? '', to: b.to ?? '', kind: b.kind ?? '', name: b.name ?? '' }, deps.clock.now().toISOString());
    flash(req, result.ok ? 'ok' : 'error', result.ok ? `已设置 ${result.value} 天` : result.message);
    res.redirect(303, back(yearOf((b.from ?? '').slice(0, 4))));
  });

  r.post(pattern('calendarClear', ':day'), requireRole('admin'), (req, res) => {
    const day = String(req.params.day);
    const result = deps.services.clearCalendarDay(req.user!, day, deps.clock.now().toISOString());
    flash(req, result.ok ? 'ok' : 'error', result.ok ? `已删除 ${day}，该日按平常的周一至周五计算` : result.message);
    res.redirect(303, back(yearOf(day.slice(0, 4))));
  });
  return r;
}
