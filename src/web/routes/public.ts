// The public pages of 一公开, no login: the item list, task notices (commitment, reveal, drawn list,
// bundle), result notices, search. Privacy rules of domain.md are applied here and in store/public.ts.
import { outcomeText } from '../../domain/follow-up';
import type { PublicResult } from '../../services';
import { scheduleWords } from '../schedule-words';
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../deps';
import { beaconText, commitmentState, drawSummary, recordWords, type DrawRow, type PublicTask } from '../../services';
import { sendBundle } from '../send-bundle';
import { sendPdf } from '../send-pdf';
import { intParam, publicBase } from '../requests';
import { bundleIsPublic, publicEntityName, stillPublic, isIndividualBusiness } from '../../domain/privacy';
import { chinaDate, chinaDay } from '../../domain/dates';
import { NotFound } from '../errors';
import { checkEntity } from '../../verifier/core';
import { verifyRegister } from '../../domain/register';
import { cleanCode } from '../../domain/normalize';
import { sendPage } from '../page';
import { paths, pattern } from '../paths';
import { csvText } from '../../import/tabular-writer';
import { PageCache } from '../page-cache';

/** The entity check's answers where the stratum (the credit class) may not be named. */
const HIDDEN_STRATUM_TEXT: Record<string, string> = {
  selected: '已被抽中',
  'left-out': '未被抽中：本企业的号码大于其所在分层的门槛号码，确属依规未抽中。',
  inconsistent: '异常：本企业的号码不大于所在分层的门槛号码，却不在抽中名单里。请向实施机关反映。',
};

/**
 * The query parameters each public page reads; every other parameter leaves the page as it is. A page
 * that starts to read a parameter must be listed here, or the cache serves it the page without it.
 */
const QUERY_READ: Record<string, readonly string[]> = {
  [paths.publicSearch]: ['q'],
  [paths.publicCheck]: ['uscc'],
  [paths.publicStatistics]: ['year'],
};

/** The cache key of a public page: its path and, in a fixed order, only the parameters it reads. */
export function pageKey(path: string, query: Record<string, unknown>): string {
  const read = QUERY_READ[path] ?? [];
  return path + read.map((k) => `|${k}=${typeof query[k] === 'string' ? (query[k] as string) : ''}`).join('');
}

/** Rows of a drawn list per page of a task notice. */
const LIST_PAGE = 1000;

export function publicRoutes(deps: AppDeps): Router {
  const r = Router();
  const today = () => chinaDate(deps.clock.now());
  const name = (n: string, uscc: string, type: string) => publicEntityName(n, uscc, type, deps.config.maskIndividualNames);
  const page = (req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200) => sendPage(deps, req, res, view, data, status, 'public');

  // Rendered pages, keyed by the data's generation (store/derived.ts: every change moves it), the date
  // (held lists and retention change with it) and the page (its path and only the query parameters it
  // reads, see pageKey): a change anywhere makes a new key, so nothing is stale.
  // At most 1,000 pages and 64 MB (counted in UTF-16 units), none above 1 MB.
  const cache = new PageCache({ maxEntries: 1000, maxBytes: 64 << 20, maxItem: 1 << 20 });
  r.use(pattern('publicHome'), (req, res, next) => {
    if (req.method !== 'GET') return next();
    const key = `${deps.services.generation()}|${today()}|${pageKey(req.originalUrl.split("?")[0]!, req.query)}`;
    const hit = cache.get(key);
    if (hit) {
      res.status(hit.status).type(hit.type);
      res.setHeader('Cache-Control', 'no-cache');
      return res.send(hit.body);
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body === 'string' && res.statusCode === 200) cache.set(key, { status: 200, type: String(res.getHeader('content-type') ?? 'text/html'), body });
      return send(body);
    };
    next();
  });

  const released = (t: PublicTask, d: DrawRow) => deps.services.listReleased(t, d, today());

  // Search and the entity check compute per query (each USCC is a new URL, so the cache does not help):
  // a per-address limit keeps them from being used to load the server.
  const dynamicLimit = rateLimit({
    windowMs: 60 * 1000,
    limit: deps.config.publicQueryLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => page(req, res, 'public/busy', { title: '查询过于频繁' }, 429),
  });
  r.use([pattern('publicSearch'), pattern('publicCheck')], (req, res, next) => (req.query.q || req.query.uscc ? dynamicLimit(req, res, next) : next()));

  r.get(pattern('publicHome'), (req, res) => {
    const withRegister = new Set(deps.services.registerDepartments());
    const registers = deps.services.listDepartments().filter((d) => withRegister.has(d.id)).map((d) => ({ name: d.name, href: paths.publicRegister(d.code) }));
    page(req, res, 'public/index', { title: '双随机、一公开', tasks: deps.services.publicTasks().filter((t) => t.active).slice(0, 10), registers });
  });

  r.get(pattern('publicItems'), (req, res) => page(req, res, 'public/items', { title: '随机抽查事项清单', items: deps.services.publicItems() }));
  r.get(pattern('publicInspectors'), (req, res) => {
    const all = deps.services.publicInspectors();
    const departments = [...new Set(all.map((p) => p.department))].map((name) => ({ name, inspectors: all.filter((p) => p.department === name) }));
    page(req, res, 'public/inspectors', { title: '执法检查人员名录', departments, total: all.length });
  });

  r.get(pattern('publicTasks'), (req, res) => {
    const all = deps.services.publicTasks();
    page(req, res, 'public/tasks', { title: '抽查任务公告', tasks: all.filter((t) => t.active), ended: all.filter((t) => !t.active) });
  });

  // A drawn list is shown a page at a time (a draw of a million-entity directory selects tens of
  // thousands: one page of all of them was 17 MB), the later pages at paths of their own (so that the
  // static export has them too); the whole list is a CSV download.
  /** A page of the list with each entity's team (inspectors' names in pick order, 组长 first) when shown. */
  const withTeams = <T extends { entityId: number }>(drawId: number, shown: boolean, rows: T[]): (T & { team: string })[] => {
    const names = shown ? deps.services.teamNames(drawId, rows.map((r) => r.entityId)) : new Map<number, string[]>();
    return rows.map((r) => ({ ...r, team: (names.get(r.entityId) ?? []).map((n, i) => (i === 0 ? `${n}（组长）` : n)).join('、') }));
  };

  const taskNotice = (req: Request, res: Response, pageNo: number) => {
    const t = deps.services.publicTask(Number(req.params.id));
    if (!t || !(Number.isSafeInteger(pageNo) && pageNo >= 1)) throw new NotFound('没有这个抽查任务公告');
    const offset = (pageNo - 1) * LIST_PAGE;
    const commitment = deps.services.publishedCommitment(t.id);
    const bundlePublic = bundleIsPublic(t.strataMode, deps.config.publishCreditStrata);
    // The teams' names where the department publishes them, released with the list (held for unannounced inspections).
    const teamsShown = deps.services.taskPublishesTeams(t.id);
    const draws = deps.services.drawsOfTask(t.id).map((d) => {
      const b = drawSummary(d);
      const selected = b.selected;
      const excluded = Object.values(d.excludedCounts.entities).reduce((a, x) => a + x, 0);
      const total = b.eligible + excluded;
      const open = released(t, d);
      return {
        id: d.id, void: d.voidReason !== null, voidReason: d.voidReason, drawnAt: chinaDay(d.drawnAt), drawnAtFull: d.drawnAt, seed: b.seed, beacon: b.beacon, total, eligible: b.eligible, selected,
        // Only the scheduler's draws are unattended: a manual draw without witnesses says so plainly.
        scheduled: d.drawnBy === 'scheduler',
        ratio: total ? ((selected / total) * 100).toFixed(2) + '%' : '—', open, bundlePublic, bundleHash: d.bundleHash, inputsHash: b.inputsHash,
        bundleHref: paths.publicBundle(d.id),
        list: open
          ? withTeams(d.id, teamsShown, deps.services.publicSelections(d.id, bundlePublic ? 'draw' : 'uscc', { offset, limit: LIST_PAGE }).map((x, i) => ({ no: offset + i + 1, entityId: x.entityId, uscc: x.uscc, name: name(x.name, x.uscc, x.entityType), ticket: x.ticket })))
          : [],
        teams: open && teamsShown,
        pager: open && selected > LIST_PAGE
          ? {
              from: Math.min(offset + 1, selected), to: Math.min(offset + LIST_PAGE, selected), total: selected,
              prevHref: pageNo > 1 ? paths.publicTaskPage(t.id, pageNo - 1) : null,
              nextHref: offset + LIST_PAGE < selected ? paths.publicTaskPage(t.id, pageNo + 1) : null,
            }
          : null,
        csvHref: paths.publicListCsv(d.id),
      };
    });
    const dept = deps.services.listDepartments().find((d) => d.name === t.department);
    page(req, res, 'public/task', {
      title: `${t.number} 抽查任务公告`, t, partners: t.partners, items: deps.services.taskItems(t.id), commitment, draws, v2: commitmentV2View(t.id),
      resultsPdfHref: deps.services.publishedResultsOfTask(t.id).length ? paths.publicResultsPdf(t.id) : null,
      history: taskRecords(t.id), registerHref: dept ? paths.publicRegister(dept.code) : null, projectorHref: paths.publicProjector(t.id),
    });
  };

  /** A task's open ssj-draw/2 commitment as the public sees it (never the secret). */
  const commitmentV2View = (taskId: number) => {
    const c = deps.services.openCommitmentV2(taskId);
    if (!c) return null;
    return { commitment: c.commitment, committedAt: c.committedAt, beaconText: beaconText(c.beacon), revealBy: c.revealBy, state: commitmentState(c, deps.clock.now()), hash: c.recordHash };
  };

  const taskRecords = (taskId: number) => deps.services.registerRowsOfTask(taskId).map((r) => ({ at: r.at, hash: r.hash, ...recordWords(r) }));
  r.get(pattern('publicTask', ':id'), (req, res) => taskNotice(req, res, 1));

  // The department's register (ssj-draw/2 §1): every record, oldest first, as a page and as JSON. A draw
  // appears by reference, with the address of its bundle where the bundle is public and released.
  const registerOf = (code: string) => {
    const dept = deps.services.listDepartments().find((d) => d.code === code);
    if (!dept) throw new NotFound('没有这个部门的登记簿');
    const bundleUrl = (drawId: number) => {
      const d = deps.services.getDraw(drawId);
      const t = d && deps.services.publicTask(d.taskId);
      return d && t && bundleIsPublic(t.strataMode, deps.config.publishCreditStrata) && released(t, d) ? paths.publicBundle(drawId) : null;
    };
    // A failure of a draw stratified by credit class lists every entity's class: withheld as such bundles are.
    const withheld = (taskId: number) => {
      const t = deps.services.publicTask(taskId);
      return !t || !bundleIsPublic(t.strataMode, deps.config.publishCreditStrata);
    };
    return { dept, records: deps.services.publishedRegister(dept.id, bundleUrl, withheld) };
  };
  r.get(pattern('publicRegisterJson', ':code'), (req, res) => {
    const { records } = registerOf(String(req.params.code));
    res.setHeader('Content-Disposition', `inline; filename="register-${String(req.params.code)}.json"`);
    res.type('application/json').send(JSON.stringify(records, null, 1));
  });
  r.get(pattern('publicRegister', ':code'), (req, res) => {
    const { dept, records } = registerOf(String(req.params.code));
    const rows = deps.services.registerRowsOfDepartment(dept.id);
    const report = verifyRegister(records, { now: deps.clock.now().getTime() });
    const overdue = new Set(report.overdue);
    const open = new Set(report.open);
    const tasks = new Map(deps.services.publicTasks().map((t) => [t.id, t]));
    page(req, res, 'public/register', {
      title: `${dept.name} 抽取登记簿`, dept, jsonHref: paths.publicRegisterJson(dept.code), ok: report.ok, problems: report.problems, overdueCount: overdue.size,
      records: rows.map((r, i) => {
        const t = r.taskId === null ? undefined : tasks.get(r.taskId);
        return {
          no: i + 1, ...recordWords(r), protocol: r.protocol, at: r.at, hash: r.hash, previous: r.previous,
          task: t ? `${t.number} ${t.title}` : '', taskHref: t ? paths.publicTask(t.id) : null, url: (records[i] as { url?: string | null }).url ?? null,
          overdue: overdue.has(r.hash), open: open.has(r.hash) && !overdue.has(r.hash),
        };
      }),
    });
  });

  // A projector view for a public 摇号 meeting: large type, the commitment and beacon, the value as it
  // arrives and the drawn list as it appears (the page reloads itself every few seconds until drawn).
  r.get(pattern('publicProjector', ':id'), (req, res) => {
    const t = deps.services.publicTask(Number(req.params.id));
    if (!t) throw new NotFound('没有这个抽查任务公告');
    const v2 = commitmentV2View(t.id);
    const d = deps.services.drawsOfTask(t.id).find((x) => x.voidReason === null);
    const b = d && drawSummary(d);
    const open = d ? released(t, d) : false;
    const bundlePublic = bundleIsPublic(t.strataMode, deps.config.publishCreditStrata);
    sendPage(deps, req, res, 'public/projector', {
      title: `${t.number} 摇号`, t, v2, draw: d && b ? { seed: b.seed, beacon: b.beacon, selected: b.selected, drawnAt: d.drawnAt } : null, open,
      list: d && open ? deps.services.publicSelections(d.id, bundlePublic ? 'draw' : 'uscc', { offset: 0, limit: 40 }).map((x, i) => ({ no: i + 1, uscc: x.uscc, name: name(x.name, x.uscc, x.entityType), })) : [],
      refresh: !d, noticeHref: paths.publicTask(t.id),
    }, 200, 'plain');
  });
  r.get(pattern('publicTaskPage', ':id', ':page'), (req, res) => taskNotice(req, res, /^\d{1,6}$/.test(String(req.params.page)) ? Number(req.params.page) : NaN));

  r.get(pattern('publicBundle', ':id'), async (req, res) => {
    const row = deps.services.getDraw(Number(req.params.id));
    const t = row && deps.services.publicTask(row.taskId);
    if (!row || !t) throw new NotFound('没有这个抽取结果');
    if (!bundleIsPublic(t.strataMode, deps.config.publishCreditStrata)) {
      throw new NotFound('本次抽取按企业分类分层进行，完整结果包列有每户企业所在的分层，按规定不予公开；监督部门或被抽查企业可向实施机关申请，并用验证工具核对其哈希值');
    }
    if (!released(t, row)) throw new NotFound('检查结束前暂不公布抽取名单');
    await sendBundle(res, deps.services, row.id);
  });

  // The whole drawn list as CSV (10 MB and 0.4-0.5 s to build for a million-entity draw's 82,000): built
  // once per draw and kept until anything changes, keyed by the draw, not the URL, so that no query
  // string makes it build again.
  const lists = new PageCache({ maxEntries: 16, maxBytes: 96 << 20, maxItem: 48 << 20 });
  r.get(pattern('publicListCsv', ':id'), (req, res) => {
    const row = deps.services.getDraw(Number(req.params.id));
    const t = row && deps.services.publicTask(row.taskId);
    if (!row || !t) throw new NotFound('没有这个抽取结果');
    if (!released(t, row)) throw new NotFound('检查结束前暂不公布抽取名单');
    const key = `${deps.services.generation()}|${today()}|${row.id}`;
    let body = lists.get(key)?.body;
    if (body === undefined) {
      // In the notice's order: draw order where the bundle is public, else USCC order (draw order would show the strata).
      const order = bundleIsPublic(t.strataMode, deps.config.publishCreditStrata) ? 'draw' : 'uscc';
      body = csvText(['序号', '统一社会信用代码', '名称', '摇号号码'], deps.services.publicSelections(row.id, order).map((x, i) => [String(i + 1), x.uscc, name(x.name, x.uscc, x.entityType), x.ticket]));
      lists.set(key, { status: 200, type: 'text/csv', body });
    }
    res.setHeader('Content-Disposition', `attachment; filename="draw-${row.id}-list.csv"`);
    res.type('text/csv; charset=utf-8').send(body);
  });

  r.get(pattern('publicPlans'), (req, res) => {
    const depts = deps.services.listDepartments();
    const schedules = deps.services.listSchedules().filter((x) => x.active);
    const publicIds = new Set(deps.services.publicTasks().map((t) => t.id));
    // Published plans only, read as plans: items with their ratios and periods, schedules in words.
    const plans = deps.services.listPlans().filter((p) => p.status === '已公示').map((p) => ({
      ...p, department: depts.find((d) => d.id === p.departmentId)?.name,
      joint: p.jointDepartments.filter((d) => d !== p.departmentId).map((d) => depts.find((x) => x.id === d)?.name).join('、'),
      items: deps.services.planItems(p.id).map((i) => ({ ...i, ratio: i.ratio || i.listRatio })),
      schedules: schedules.filter((x) => x.planId === p.id).map((x) => ({ name: x.name, reading: scheduleWords(x.cron) })),
      tasks: deps.services.tasksOfPlan(p.id).filter((t) => publicIds.has(t.id)).map((t) => ({ ...t, href: paths.publicTask(t.id) })),
    }));
    page(req, res, 'public/plans', { title: '年度抽查计划', plans });
  });

  // 查询本企业摇号号码: the entity's ticket in every published draw whose population included it.
  r.get(pattern('publicCheck'), (req, res) => {
    const uscc = typeof req.query.uscc === 'string' ? cleanCode(req.query.uscc).slice(0, 20) : '';
    const rows: { threshold: string; stratum?: string; message: string }[] = [];
    let invalid = '';
    if (uscc) {
      for (const t of deps.services.publicTasks()) {
        for (const d of deps.services.drawsOfTask(t.id)) {
          if (d.voidReason !== null || !released(t, d)) continue;
          // From the stored draw: its summary, its selections, and the pieces of its bundle that hold the entity's record.
          const s = drawSummary(d);
          const c = checkEntity({ seedValue: s.seed.value, strata: s.strata, stratumOf: (u) => deps.services.storedStratum(d.id, u), teamOf: (u) => deps.services.teamInDraw(d.id, u) }, uscc);
          if (c.kind === 'invalid') invalid = c.message;
          else if (c.kind !== 'not-in-draw') {
            const row = { task: t, ...c, drawnAt: chinaDay(d.drawnAt) };
            // Without a public bundle the answer must not tell the entity's stratum (its credit class):
            // the ticket (anyone can recompute it from the revealed seed) and drawn or not, nothing more.
            rows.push(bundleIsPublic(t.strataMode, deps.config.publishCreditStrata) ? row : { ...row, stratum: '', threshold: '', message: HIDDEN_STRATUM_TEXT[c.kind]! });
          }
        }
        if (invalid) break;
      }
    }
    page(req, res, 'public/check', { title: '查询本企业摇号号码', uscc, rows, invalid, searched: uscc !== '', showThreshold: rows.some((x) => x.threshold !== '') });
  });

  // The outcome once the follow-up has ended (查处结果), and a correction marked with its date (更正).
  const resultView = (x: PublicResult) => ({
    ...x, name: name(x.name, x.uscc, x.entityType),
    outcome: x.fuState ? outcomeText({ state: x.fuState, referredTo: x.fuReferredTo ?? '', caseNo: x.fuCaseNo ?? '', endedOn: x.fuEndedOn ?? '' }) || '整改中' : '',
    corrected: x.correctedAt ? chinaDay(x.correctedAt) : null,
  });
  const visible = <T extends { uscc: string; entityType: string; inspectedOn: string }>(xs: T[]) => xs.filter((x) => stillPublic(x.inspectedOn, today(), isIndividualBusiness(x.uscc, x.entityType)));

  r.get(pattern('publicResults'), (req, res) => page(req, res, 'public/results', { title: '抽查结果公告', results: visible(deps.services.publishedResults()).map(resultView) }));

  // The task's 抽查结果公告 as a PDF to post and to file: what its public results show, nothing more.
  r.get(pattern('publicResultsPdf', ':id'), async (req, res) => {
    const id = intParam(req.params.id);
    if (id === undefined || !deps.services.publicTask(id)) throw new NotFound('抽查任务不存在');
    const rows = visible(deps.services.publishedResultsOfTask(id)).map(resultView)
      .map((x) => ({ name: x.name, uscc: x.uscc, item: x.item, inspectedOn: x.inspectedOn, category: x.category + (x.corrected ? `（更正 ${x.corrected}）` : ''), note: x.followUp === '无' ? '' : x.followUp, outcome: x.outcome }));
    sendPdf(res, await deps.services.resultsNoticePdf(id, rows, publicBase(req, deps), today()));
  });

  r.get(pattern('publicSearch'), (req, res) => {
    const raw = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 60) : '';
    const q = /^[0-9a-zA-Z]+$/.test(raw) ? raw.toUpperCase() : raw;
    const long = q.length >= 2;
    const open = new Map<number, boolean>();
    const isOpen = (taskId: number, drawId: number) => {
      if (!open.has(drawId)) {
        const t = deps.services.publicTask(taskId)!;
        const d = deps.services.drawsOfTask(taskId).find((y) => y.id === drawId)!;
        open.set(drawId, released(t, d));
      }
      return open.get(drawId)!;
    };
    // The public finds only by what it may see: the USCC and the name as published (masked where it is
    // masked), so a search cannot confirm the hidden part of a name. The store looks up by the longest
    // stretch of the query without a mask character; the published names then decide.
    const lookup = q.split('*').reduce((a, b) => ([...b].length > [...a].length ? b : a), '');
    const found = long && [...lookup].length >= 1 ? deps.services.searchPublic(lookup) : { drawn: [], results: [] };
    const seen = (x: { uscc: string; name: string; entityType: string }) => x.uscc.startsWith(q) || name(x.name, x.uscc, x.entityType).includes(q);
    page(req, res, 'public/search', {
      title: '查询', q, searched: raw !== '', tooShort: raw !== '' && !long,
      drawn: found.drawn.filter((x) => seen(x) && isOpen(x.taskId, x.drawId)).map((x) => ({ ...x, name: name(x.name, x.uscc, x.entityType), href: paths.publicTask(x.taskId) })),
      results: visible(found.results.filter(seen)).map(resultView),
    });
  });
  return r;
}
