// Staff pages of annual plans (年度抽查计划) and recurring schedules (定期抽取).
import { Router, type Request, type Response } from 'express';
import { isPlanEvent, planEditable, planMakesTasks, PLAN_TRANSITIONS, type PlanEvent } from '../../domain/plan-lifecycle';
import { scheduleWords } from '../schedule-words';
import { NotFound } from '../errors';
import { formIds, idParam } from '../requests';
import type { AppDeps } from '../deps';

import { chinaDateTime as local, chinaYear } from '../../domain/dates';
import { requireRole } from '../middleware/auth';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';

const STATUS: Record<string, string> = { committed: '已承诺，待抽取', drawn: '已抽取', failed: '抽取失败' };

export function planRoutes(deps: AppDeps): Router {
  const r = Router();
  const staff = requireRole('admin', 'auditor');
  const admin = requireRole('admin');
  const scope = (req: Request) => req.user?.departmentId ?? undefined;

  r.get(pattern('plans'), staff, (req, res) => {
    const depts = deps.services.listDepartments();
    const now = deps.clock.now().getTime();
    const schedules = deps.services.listSchedules(scope(req)).map((s) => {
      const next = deps.services.upcomingOccurrences(s, now, 1)[0];
      return { ...s, href: paths.schedule(s.id), next: next ? local(new Date(next).toISOString()) : '—', department: depts.find((d) => d.id === s.departmentId)?.shortName };
    });
    const plans = deps.services.listPlans(scope(req)).map((p) => ({ ...p, department: depts.find((d) => d.id === p.departmentId)?.name, schedules: schedules.filter((s) => s.planId === p.id) }));
    sendPage(deps, req, res, 'admin/plans', { title: '年度抽查计划与定期抽取', plans, schedules, departments: depts, chooseDepartment: req.user?.departmentId == null, year: Number(chinaYear(new Date(now))) });
  });

  r.post(pattern('newPlan'), admin, (req, res) => {
    const b = req.body as Record<string, string>;
    const r2 = deps.services.createPlan(req.user!, { year: Number(b.year), title: b.title ?? '', notes: b.notes ?? '', departmentId: /^\d+$/.test(b.departmentId ?? '') ? Number(b.departmentId) : null }, deps.clock.now().toISOString());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? '已新建年度抽查计划（拟定），请列入抽查事项' : r2.message);
    res.redirect(303, r2.ok ? paths.plan(r2.value) : paths.plans);
  });

  const planId = idParam;

  /** A plan's page: its contents (a form while it is a draft), its state and the way on, its schedules and tasks. */
  const showPlan = (req: Request, res: Response, error?: string, status = 200) => {
    const id = planId(req);
    deps.services.authorize(req.user!, 'plans', id, 'read');
    const p = deps.services.getPlan(id)!;
    const depts = deps.services.listDepartments();
    const chosen = new Map(deps.services.planItems(id).map((i) => [i.itemId, i]));
    const deptIds = [p.departmentId, ...p.jointDepartments.filter((d) => d !== p.departmentId)];
    const items = deps.services.itemChoices().filter((i) => deptIds.includes(i.departmentId) || chosen.has(i.id)).map((i) => ({
      ...i, department: depts.find((d) => d.id === i.departmentId)?.shortName, checked: chosen.has(i.id), ratio: chosen.get(i.id)?.ratio ?? '', period: chosen.get(i.id)?.period ?? '',
    }));
    const now = deps.clock.now().getTime();
    sendPage(deps, req, res, 'admin/plan', {
      title: `${p.year}年 · ${p.title}`, p, error, editable: planEditable(p.status),
      department: depts.find((d) => d.id === p.departmentId)?.name,
      joint: p.jointDepartments.filter((d) => d !== p.departmentId).map((d) => depts.find((x) => x.id === d)?.name).join('、'),
      departments: depts.filter((d) => d.id !== p.departmentId).map((d) => ({ ...d, checked: p.jointDepartments.includes(d.id) })),
      items, chosen: [...chosen.values()],
      moves: (Object.keys(PLAN_TRANSITIONS) as PlanEvent[]).filter((e) => PLAN_TRANSITIONS[e].from === p.status).map((e) => ({ event: e, text: PLAN_TRANSITIONS[e].text, action: paths.planMove(id, e), reason: e === 'return' })),
      schedules: deps.services.listSchedules().filter((s) => s.planId === id).map((s) => ({ ...s, href: paths.schedule(s.id), reading: scheduleWords(s.cron), next: deps.services.upcomingOccurrences(s, now, 1).map((t) => local(new Date(t).toISOString()))[0] ?? '—' })),
      tasks: deps.services.tasksOfPlan(id).map((t) => ({ ...t, href: paths.task(t.id) })),
      makesTasks: planMakesTasks(p.status),
    }, status);
  };

  r.get(pattern('plan', ':id'), staff, (req, res) => showPlan(req, res));

  r.post(pattern('plan', ':id'), admin, (req, res) => {
    const id = planId(req);
    const b = req.body as Record<string, unknown>;
    const itemIds = formIds(b.itemIds);
    const r2 = deps.services.updatePlan(req.user!, id, {
      title: String(b.title ?? ''), notes: String(b.notes ?? ''), leadOffice: String(b.leadOffice ?? ''),
      jointDepartments: formIds(b.jointDepartments),
      items: itemIds.map((itemId) => ({ itemId, ratio: String(b[`ratio_${itemId}`] ?? ''), period: String(b[`period_${itemId}`] ?? '') })),
    }, deps.clock.now().toISOString());
    if (!r2.ok) return showPlan(req, res, r2.message, 422);
    flash(req, 'ok', '已保存计划');
    res.redirect(303, paths.plan(id));
  });

  r.post(pattern('planMove', ':id', ':event'), admin, (req, res) => {
    const id = planId(req);
    const event = String(req.params.event);
    if (!isPlanEvent(event)) throw new NotFound();
    const r2 = deps.services.movePlan(req.user!, id, event, String(req.body.reason ?? ''), deps.clock.now().toISOString());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? `计划已${PLAN_TRANSITIONS[event].text}` : r2.message);
    res.redirect(303, paths.plan(id));
  });

  r.post(pattern('taskRecurring', ':id'), admin, (req, res) => {
    deps.services.authorize(req.user!, 'tasks', Number(req.params.id), 'write');
    const t = deps.services.getTask(Number(req.params.id))!;
    const planId = /^\d+$/.test(String(req.body.planId ?? '')) ? Number(req.body.planId) : null;
    const result = deps.services.createSchedule({
      departmentId: t.departmentId, planId, name: String(req.body.name ?? ''), cron: String(req.body.cron ?? ''),
      commitAheadHours: Number(req.body.aheadHours ?? 24),
      template: {
        title: t.title, itemIds: deps.services.taskItems(t.id).map((i) => i.id), filters: t.filters, strataMode: t.strataMode, strataRules: t.strataRules,
        recentMonths: t.recentMonths, teamSize: t.teamSize, jointDepartments: t.jointDepartments, maxLoad: t.maxLoad,
        homeRegionAvoidance: t.homeRegionAvoidance, avoidLastInspector: t.avoidLastInspector,
        expertSlots: t.expertSlots, expertField: t.expertField, expertGroups: t.expertGroups,
      },
      by: req.user!, now: deps.clock.now().toISOString(),
    });
    if (!result.ok) {
      flash(req, 'error', result.message);
      return res.redirect(303, paths.task(t.id));
    }
    flash(req, 'ok', '已设为定期抽取：每次抽取前会提前生成并公布承诺值');
    res.redirect(303, paths.schedule(result.value));
  });

  r.get(pattern('schedule', ':id'), staff, (req, res) => {
    deps.services.authorize(req.user!, 'schedules', Number(req.params.id), 'read');
    const s = deps.services.getSchedule(Number(req.params.id))!;
    const now = deps.clock.now().getTime();
    const upcoming = deps.services.upcomingOccurrences(s, now, 6).map((t) => local(new Date(t).toISOString()));
    sendPage(deps, req, res, 'admin/schedule', {
      title: `定期抽取 · ${s.name}`, s, upcoming,
      occurrences: deps.services.occurrenceViews(s.id).map((o) => ({ ...o, due: local(o.dueAt), committed: local(o.committedAt), statusText: STATUS[o.status], href: paths.task(o.taskId), aheadHours: Math.round((Date.parse(o.dueAt) - Date.parse(o.committedAt)) / 3600000) })),
      plan: deps.services.listPlans().find((p) => p.id === s.planId),
    });
  });

  for (const action of ['deactivate', 'reactivate'] as const) {
    r.post(pattern('scheduleActive', ':id', action === 'reactivate'), admin, (req, res) => {
      const id = Number(req.params.id);
      const active = action === 'reactivate';
      deps.services.setScheduleRunning(req.user!, id, active, deps.clock.now().toISOString());
      flash(req, 'ok', active ? '已恢复定期抽取' : '已停止定期抽取（已公布承诺值的场次仍会按时抽取）');
      res.redirect(303, paths.schedule(id));
    });
  }
  return r;
}
