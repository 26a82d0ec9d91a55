// The public pages of 一公开, no login: the item list, task notices (commitment, reveal, drawn list,
// bundle), result notices, search. Privacy rules of domain.md are applied here and in store/public.ts.
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../deps';
import type { Bundle } from '../../domain/bundle';
import { publicEntityName, stillPublic, isIndividualBusiness } from '../../domain/privacy';
import { drawsOfTask, getDraw, taskItems, type DrawRow } from '../../store/tasks';
import { auditHead, finishedSelections, publicItems, publicSelections, publicTask, publicTasks, publishedResults, searchDrawn, searchPublished, type PublicTask } from '../../store/public';
import { chinaDate } from '../../domain/dates';
import { dueDate } from './inspector';
import { NotFound } from '../errors';
import { checkEntity } from '../../verifier/core';
import { cleanCode } from '../../domain/normalize';
import { listPlans, listSchedules } from '../../store/schedules';
import { listDepartments } from '../../store/departments';
import { sendPage } from '../page';

export function publicRoutes(deps: AppDeps): Router {
  const r = Router();
  const today = () => chinaDate(deps.clock.now());
  const name = (n: string, uscc: string, type: string) => publicEntityName(n, uscc, type, deps.config.maskIndividualNames);
  const page = (req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200) => sendPage(deps, req, res, view, data, status, 'public');

  // Rendered pages, keyed by URL, the audit log's head (every change writes an entry) and the date
  // (held lists and retention change with it): a change anywhere makes a new key, so nothing is stale.
  const cache = new Map<string, { status: number; type: string; body: string }>();
  r.use('/public', (req, res, next) => {
    if (req.method !== 'GET') return next();
    const key = `${auditHead(deps.db)}|${today()}|${req.originalUrl}`;
    const hit = cache.get(key);
    if (hit) {
      res.status(hit.status).type(hit.type);
      res.setHeader('Cache-Control', 'no-cache');
      return res.send(hit.body);
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body === 'string' && res.statusCode === 200) {
        if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
        cache.set(key, { status: 200, type: String(res.getHeader('content-type') ?? 'text/html'), body });
      }
      return send(body);
    };
    next();
  });

  /** A held-back list (unannounced inspections) is released when its inspections end: all results approved, or the deadline passed. */
  const released = (t: PublicTask, d: DrawRow, selected: number) => {
    if (!t.holdList) return true;
    if (dueDate({ inspectBy: t.inspectBy, drawnAt: d.drawnAt }) < today()) return true;
    return finishedSelections(deps.db, d.id, taskItems(deps.db, t.id).length) >= selected;
  };

  // Search and the entity check compute per query (each USCC is a new URL, so the cache does not help
  // and the check reads every published bundle): a per-address limit keeps them from being used to load the server.
  const dynamicLimit = rateLimit({
    windowMs: 60 * 1000,
    limit: deps.config.publicQueryLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => page(req, res, 'public/busy', { title: '查询过于频繁' }, 429),
  });
  r.use(['/public/search', '/public/check'], (req, res, next) => (req.query.q || req.query.uscc ? dynamicLimit(req, res, next) : next()));

  r.get('/public', (req, res) => page(req, res, 'public/index', { title: '双随机、一公开', tasks: publicTasks(deps.db).slice(0, 10) }));

  r.get('/public/items', (req, res) => page(req, res, 'public/items', { title: '随机抽查事项清单', items: publicItems(deps.db) }));

  r.get('/public/tasks', (req, res) => page(req, res, 'public/tasks', { title: '抽查任务公告', tasks: publicTasks(deps.db) }));

  r.get('/public/tasks/:id', (req, res) => {
    const t = publicTask(deps.db, Number(req.params.id));
    if (!t) throw new NotFound('没有这个抽查任务公告');
    const commitment = deps.db.prepare('SELECT commitment, committed_at AS committedAt FROM commitments WHERE task_id = ? AND used = 0 ORDER BY id DESC LIMIT 1').get(t.id);
    const draws = drawsOfTask(deps.db, t.id).map((d) => {
      const b = JSON.parse(d.bundle) as Bundle;
      const selected = b.result.selected.length;
      const excluded = Object.values((JSON.parse(d.excludedCounts) as { entities: Record<string, number> }).entities).reduce((a, x) => a + x, 0);
      const total = b.inputs.entities.length + excluded;
      const open = released(t, d, selected);
      return {
        id: d.id, void: d.voidReason !== null, voidReason: d.voidReason, drawnAt: d.drawnAt.slice(0, 10), seed: b.seed, total, eligible: b.inputs.entities.length, selected,
        ratio: total ? ((selected / total) * 100).toFixed(2) + '%' : '—', open, bundleHref: `/public/draws/${d.id}/bundle.json`,
        list: open ? publicSelections(deps.db, d.id).map((x, i) => ({ no: i + 1, uscc: x.uscc, name: name(x.name, x.uscc, x.entityType), ticket: x.ticket })) : [],
      };
    });
    page(req, res, 'public/task', { title: `${t.number} 抽查任务公告`, t, items: taskItems(deps.db, t.id), commitment, draws });
  });

  r.get('/public/draws/:id/bundle.json', (req, res) => {
    const row = getDraw(deps.db, Number(req.params.id));
    const t = row && publicTask(deps.db, row.taskId);
    if (!row || !t) throw new NotFound('没有这个抽取结果');
    const selected = (JSON.parse(row.bundle) as Bundle).result.selected.length;
    if (!released(t, row, selected)) throw new NotFound('检查结束前暂不公布抽取名单');
    res.setHeader('Content-Disposition', `attachment; filename="draw-${row.id}.json"`);
    res.type('application/json').send(row.bundle);
  });

  r.get('/public/plans', (req, res) => {
    const depts = listDepartments(deps.db);
    const schedules = listSchedules(deps.db).filter((x) => x.active);
    const plans = listPlans(deps.db).map((p) => ({
      ...p, department: depts.find((d) => d.id === p.departmentId)?.name,
      schedules: schedules.filter((x) => x.planId === p.id).map((x) => ({ name: x.name, cron: x.cron })),
    }));
    page(req, res, 'public/plans', { title: '年度抽查计划', plans });
  });

  // 查询本企业摇号号码: the entity's ticket in every published draw whose population included it.
  r.get('/public/check', (req, res) => {
    const uscc = typeof req.query.uscc === 'string' ? cleanCode(req.query.uscc).slice(0, 20) : '';
    const rows: unknown[] = [];
    let invalid = '';
    if (uscc) {
      for (const t of publicTasks(deps.db)) {
        for (const d of drawsOfTask(deps.db, t.id)) {
          if (d.voidReason !== null) continue;
          const b = JSON.parse(d.bundle) as Bundle;
          if (!released(t, d, b.result.selected.length)) continue;
          const c = checkEntity(b, uscc);
          if (c.kind === 'invalid') invalid = c.message;
          else if (c.kind !== 'not-in-draw') rows.push({ task: t, ...c, drawnAt: d.drawnAt.slice(0, 10) });
        }
        if (invalid) break;
      }
    }
    page(req, res, 'public/check', { title: '查询本企业摇号号码', uscc, rows, invalid, searched: uscc !== '' });
  });

  const resultView = (x: { uscc: string; name: string; entityType: string; inspectedOn: string }) => ({ ...x, name: name(x.name, x.uscc, x.entityType) });
  const visible = <T extends { uscc: string; entityType: string; inspectedOn: string }>(xs: T[]) => xs.filter((x) => stillPublic(x.inspectedOn, today(), isIndividualBusiness(x.uscc, x.entityType)));

  r.get('/public/results', (req, res) => page(req, res, 'public/results', { title: '抽查结果公告', results: visible(publishedResults(deps.db)).map(resultView) }));

  r.get('/public/search', (req, res) => {
    const raw = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 60) : '';
    const q = /^[0-9a-zA-Z]+$/.test(raw) ? raw.toUpperCase() : raw;
    const long = q.length >= 2;
    const open = new Map<number, boolean>();
    const isOpen = (taskId: number, drawId: number) => {
      if (!open.has(drawId)) {
        const t = publicTask(deps.db, taskId)!;
        const d = drawsOfTask(deps.db, taskId).find((y) => y.id === drawId)!;
        open.set(drawId, released(t, d, (JSON.parse(d.bundle) as Bundle).result.selected.length));
      }
      return open.get(drawId)!;
    };
    const drawn = long ? searchDrawn(deps.db, q).filter((x) => isOpen(x.taskId, x.drawId)) : [];
    page(req, res, 'public/search', {
      title: '查询', q, searched: raw !== '', tooShort: raw !== '' && !long,
      drawn: drawn.map((x) => ({ ...x, name: name(x.name, x.uscc, x.entityType), href: `/public/tasks/${x.taskId}` })),
      results: long ? visible(searchPublished(deps.db, q)).map(resultView) : [],
    });
  });
  return r;
}
