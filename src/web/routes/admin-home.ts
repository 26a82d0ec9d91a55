// The staff start page: the registers at a glance.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { DIRECTORIES } from '../../domain/directories';
import { flash, sendPage } from '../page';
import { requireRole } from '../middleware/auth';
import { paths, pattern } from '../paths';
import { departmentScope, idParam } from '../requests';
import { publicationDeadline } from '../../domain/working-days';
import { chinaDate } from '../../domain/dates';

export function adminHomeRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get(pattern('admin'), (req, res) => {
    const cards = (['items', 'entities', 'inspectors'] as const).map((kind) => {
      const c = deps.services.registers[kind].count({ active: 'active', departmentId: departmentScope(req, kind) }, 10_000_000);
      return { kind, title: DIRECTORIES[kind].title, count: c.count, href: paths.directory(kind), importHref: paths.importForm(kind) };
    });
    const dept = req.user!.departmentId ?? undefined;
    const today = chinaDate(deps.clock.now());
    const unpublished = deps.services.unpublishedResults(dept);
    const cal = deps.services.loadCalendar();
    const todo = [
      { label: '已公布承诺值、待抽取的任务', n: deps.services.committedTaskCount(dept), href: paths.tasks },
      { label: '待审核的检查结果', n: unpublished.filter((r) => r.status === '待审核').length, href: paths.results },
      { label: '已通过、待公示的结果', n: unpublished.filter((r) => r.status === '已通过').length, href: paths.resultsIn('已通过') },
      { label: '逾期未整改的后续处置', n: deps.services.openFollowUps(dept).filter((f) => f.deadline < today).length, href: paths.followUps },
      { label: '公示已逾期的结果', n: unpublished.filter((r) => publicationDeadline(cal, r.inspectedOn) < today).length, href: paths.deadlines },
    ];
    // The department's own settings, for its admins (admins of all departments see every department's).
    const settings = req.user!.role === 'admin'
      ? deps.services.listDepartments().filter((d) => dept === undefined || d.id === dept)
        .map((d) => ({ ...d, keepPhotoLocation: deps.services.keepsPhotoLocation(d.id), action: paths.departmentSettings(d.id) }))
      : [];
    sendPage(deps, req, res, 'admin/home', { title: '工作台', cards, todo, settings });
  });

  r.post(pattern('departmentSettings', ':id'), requireRole('admin'), (req, res) => {
    deps.services.setPhotoLocation(req.user!, idParam(req), req.body.keepPhotoLocation === '1', deps.clock.now().toISOString());
    flash(req, 'ok', '部门设置已保存');
    res.redirect(303, paths.admin);
  });
  return r;
}
