// Staff pages of inspection tasks: create, commit (承诺), draw with witnesses (摇号), results, void.
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps';
import { DEFAULT_CLASS_RULES, NOTICES_PER_FILE, TASK_FILTERS, dueDate, type NewTask, beaconText, commitmentState, drawSummary, recordWords, type BeaconChoice, type ClassRule, type TaskRow } from '../../services';
import { CREDIT_CLASSES, REG_STATES } from '../../domain/directories';
import { conditionsOpen, taskTransition } from '../../domain/task-lifecycle';
import { addDays, chinaDate } from '../../domain/dates';
import { ANY_STRATUM, STRATA_MODES, strataByClass, type StrataMode } from '../../domain/strata';
import { requireRole } from '../middleware/auth';
import { formList } from '../requests';
import { sendBundle } from '../send-bundle';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';

const CLASS_KEYS = [...CREDIT_CLASSES, 'U', ANY_STRATUM];
const CLASS_LABEL: Record<string, string> = { A: 'A 低风险', B: 'B 一般风险', C: 'C 较高风险', D: 'D 高风险', U: '未分类', [ANY_STRATUM]: '不按分类分层时（每层）' };
const MODE_LABEL: Record<StrataMode, string> = { class: '按信用风险分类', 'region-class': '按片区 × 信用风险分类', region: '按片区（不按信用风险分类）', all: '不分层' };
const FILTER_LABEL: Record<string, string> = { region: '管辖片区', industry: '行业', entityType: '企业类型', creditClass: '信用风险分类', regState: '登记状态' };

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const int = (v: unknown) => (/^\d{1,9}$/.test(str(v)) ? Number(str(v)) : null);
/** A datetime-local field read as Beijing time (an invalid Date when it is not one). */
const beijingInput = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : 'invalid');
/** The witnesses of a form: names and values in rows, empty rows left out. */
const witnessesOf = (b: Record<string, unknown>) => {
  const values = formList(b.witnessValue);
  return formList(b.witnessName).map((name, i) => ({ name, value: values[i] ?? '' })).filter((w) => w.name.trim() || w.value.trim());
};

export function taskRoutes(deps: AppDeps): Router {
  const r = Router();
  const staff = requireRole('admin', 'auditor');
  const admin = requireRole('admin');

  /** The task, after the access check: a joint partner may read it, only the lead department change it. */
  const load = (req: Request, id = int(req.params.id) ?? -1, access: 'read' | 'write' = req.method === 'GET' ? 'read' : 'write'): TaskRow => {
    deps.services.authorize(req.user!, 'tasks', id, access);
    return deps.services.getTask(id)!;
  };

  const formModel = (req: Request, values: Record<string, unknown>, error?: string) => {
    const depts = deps.services.listDepartments();
    const items = deps.services.itemChoices();
    const chosen = formList(values.itemIds);
    const joint = formList(values.jointDepartments);
    const facet = (f: string) => (f === 'creditClass' ? [...CREDIT_CLASSES] : f === 'regState' ? [...REG_STATES] : deps.services.registers.entities.facet(f));
    return {
      title: '新建抽查任务', error, values,
      departments: depts.map((d) => ({ ...d, selected: String(d.id) === String(values.departmentId ?? req.user?.departmentId ?? ''), joint: joint.includes(String(d.id)) })),
      chooseDepartment: req.user?.departmentId == null,
      expertFields: deps.services.expertFields(),
      // Approved (or published) plans make tasks: of the account's department or one it joins.
      plans: deps.services.listPlans(req.user?.departmentId ?? undefined).filter((p) => p.status === '批准' || p.status === '已公示')
        .map((p) => ({ id: p.id, label: `${p.year}年 ${p.title}（${depts.find((d) => d.id === p.departmentId)?.shortName ?? ''}）`, selected: String(values.planId ?? '') === String(p.id) })),
      items: items.map((i) => ({ ...i, department: depts.find((d) => d.id === i.departmentId)?.shortName, checked: chosen.includes(String(i.id)) })),
      filters: TASK_FILTERS.map((f) => ({ key: f, label: FILTER_LABEL[f], options: facet(f).map((v) => ({ value: v, selected: values[`filter_${f}`] === v })) })),
      modes: STRATA_MODES.map((m) => ({ value: m, label: MODE_LABEL[m], checked: (values.strataMode ?? 'class') === m })),
      rules: CLASS_KEYS.map((k) => {
        const d = DEFAULT_CLASS_RULES[k]!;
        return { key: k, label: CLASS_LABEL[k], value: values[`rule_${k}`] ?? String(d.ratioBp! / 100), unit: values[`unit_${k}`] ?? 'pct' };
      }),
    };
  };

  r.get(pattern('tasks'), staff, (req, res) => {
    const depts = deps.services.listDepartments();
    const tasks = deps.services.listTasks(req.user?.departmentId ?? undefined).map((t) => ({ ...t, href: paths.task(t.id), department: depts.find((d) => d.id === t.departmentId)?.name }));
    sendPage(deps, req, res, 'admin/tasks-list', { title: '抽查任务', tasks });
  });

  /** A task's values as the form holds them (to edit it, or to copy it into a new one). */
  const valuesOf = (t: TaskRow, copy: boolean): Record<string, unknown> => ({
    departmentId: String(t.departmentId), number: copy ? '' : t.number, title: t.title, strataMode: t.strataMode, planId: t.planId === null ? '' : String(t.planId),
    recentMonths: String(t.recentMonths), teamSize: String(t.teamSize), expertSlots: String(t.expertSlots), expertField: t.expertField, expertGroups: t.expertGroups.join('、'), maxLoad: t.maxLoad === null ? '' : String(t.maxLoad),
    homeRegionAvoidance: t.homeRegionAvoidance ? '1' : '', avoidLastInspector: t.avoidLastInspector ? '1' : '',
    itemIds: deps.services.taskItems(t.id).map((i) => String(i.id)), jointDepartments: t.jointDepartments.map(String),
    ...Object.fromEntries(Object.entries(t.filters).map(([k, v]) => [`filter_${k}`, v])),
    ...Object.fromEntries(Object.entries(t.strataRules).flatMap(([k, r]) => [[`rule_${k}`, r.count !== undefined ? String(r.count) : String(r.ratioBp! / 100)], [`unit_${k}`, r.count !== undefined ? 'count' : 'pct']])),
  });

  /** The task a form posted, or what is wrong with it. */
  const taskInput = (req: Request): { ok: true; value: NewTask } | { ok: false; message: string } => {
    const b = req.body as Record<string, unknown>;
    const rules: Record<string, ClassRule> = {};
    for (const k of CLASS_KEYS) {
      const v = Number(str(b[`rule_${k}`]));
      if (!Number.isFinite(v) || v < 0) return { ok: false, message: `“${CLASS_LABEL[k]}”的抽取比例或户数无效` };
      rules[k] = b[`unit_${k}`] === 'count' ? { count: Math.floor(v) } : { ratioBp: Math.round(v * 100) };
    }
    const filters: Record<string, string> = {};
    for (const f of TASK_FILTERS) if (str(b[`filter_${f}`])) filters[f] = str(b[`filter_${f}`]);
    const departmentId = req.user!.departmentId ?? int(b.departmentId);
    const known = new Set(deps.services.listDepartments().map((d) => d.id));
    if (departmentId === null || !known.has(departmentId)) return { ok: false, message: '请选择实施部门' };
    const chosenJoint = formList(b.jointDepartments).map(Number).filter((x) => known.has(x));
    // A joint task always includes the department that carries it out.
    const joint = chosenJoint.length ? [...new Set([departmentId, ...chosenJoint])].sort((x, y) => x - y) : [];
    return {
      ok: true,
      value: {
        departmentId, number: str(b.number), title: str(b.title), filters, strataMode: STRATA_MODES.find((m) => m === b.strataMode) ?? 'class', strataRules: rules,
        recentMonths: int(b.recentMonths) ?? 12, teamSize: int(b.teamSize) ?? 0, jointDepartments: joint.length > 1 ? joint : [], maxLoad: int(b.maxLoad),
        homeRegionAvoidance: b.homeRegionAvoidance === '1', avoidLastInspector: b.avoidLastInspector === '1', createdBy: req.user!.username,
        itemIds: formList(b.itemIds).map(Number).filter((x) => Number.isInteger(x)), now: deps.clock.now().toISOString(), planId: int(b.planId),
        expertSlots: int(b.expertSlots) ?? 0, expertField: str(b.expertField),
        // One expert slot per field listed (、，, or spaces between them).
        expertGroups: str(b.expertGroups).split(/[、，,\s]+/).map((x) => x.trim()).filter(Boolean),
      },
    };
  };

  // A new task, or a copy of one (next month's task from this month's): its values, without its number.
  r.get(pattern('newTask'), admin, (req, res) => {
    const from = int(req.query.copy);
    const values = from === null ? { teamSize: '2', recentMonths: '12', avoidLastInspector: '1' } : valuesOf(load(req, from, 'read'), true);
    sendPage(deps, req, res, 'admin/task-form', { ...formModel(req, values), copiedFrom: from === null ? null : deps.services.getTask(from)!.number });
  });

  /** The form again with what its conditions would draw today (the 计算可抽取户数 button): nothing is saved. */
  const withEstimate = (req: Request, res: Response, taskId: number | null, extra: Record<string, unknown>): boolean => {
    if ((req.body as Record<string, unknown>).estimate !== '1') return false;
    const input = taskInput(req);
    const b = req.body as Record<string, unknown>;
    if (!input.ok || input.value.itemIds.length === 0) {
      sendPage(deps, req, res, 'admin/task-form', { ...formModel(req, b, input.ok ? '请至少选择一个抽查事项' : input.message), ...extra }, 422);
      return true;
    }
    const v = input.value;
    const e = deps.services.estimatePopulation({ taskId, filters: v.filters, strataMode: v.strataMode, strataRules: v.strataRules, recentMonths: v.recentMonths, itemIds: v.itemIds }, deps.clock.now());
    sendPage(deps, req, res, 'admin/task-form', { ...formModel(req, b), ...extra, estimate: { ...e, strata: e.strata.map((s) => ({ ...s, label: strataByClass(v.strataMode) ? s.key.replace(/(^|\/)([ABCDU])$/, (_m, p: string, c: string) => p + (CLASS_LABEL[c] ?? c)) : s.key })) } });
    return true;
  };

  r.post(pattern('newTask'), admin, (req, res) => {
    if (withEstimate(req, res, null, {})) return;
    const input = taskInput(req);
    const result = input.ok ? deps.services.createTask(input.value) : input;
    if (!result.ok) return sendPage(deps, req, res, 'admin/task-form', formModel(req, req.body as Record<string, unknown>, result.message), 422);
    flash(req, 'ok', '已新建抽查任务');
    res.redirect(303, paths.task(result.value));
  });

  // Editing: before the commitment only (the service says so otherwise).
  r.get(pattern('editTask', ':id'), admin, (req, res) => {
    const t = load(req, int(req.params.id) ?? -1, 'write');
    sendPage(deps, req, res, 'admin/task-form', { ...formModel(req, valuesOf(t, false)), title: `修改抽查任务 ${t.number}`, action: paths.editTask(t.id), editing: true, back: paths.task(t.id) });
  });

  r.post(pattern('editTask', ':id'), admin, (req, res) => {
    const t = load(req);
    if (withEstimate(req, res, t.id, { title: `修改抽查任务 ${t.number}`, action: paths.editTask(t.id), editing: true, back: paths.task(t.id) })) return;
    const input = taskInput(req);
    const result = input.ok ? deps.services.updateTask(req.user!, t.id, input.value) : input;
    if (!result.ok) {
      return sendPage(deps, req, res, 'admin/task-form', { ...formModel(req, req.body as Record<string, unknown>, result.message), title: `修改抽查任务 ${t.number}`, action: paths.editTask(t.id), editing: true, back: paths.task(t.id) }, 422);
    }
    flash(req, 'ok', '已保存修改');
    res.redirect(303, paths.task(t.id));
  });

  r.post(pattern('taskCancel', ':id'), admin, (req, res) => {
    const t = load(req);
    const result = deps.services.cancelTask(req.user!, t.id, str(req.body.reason), deps.clock.now().toISOString());
    flash(req, result.ok ? 'ok' : 'error', result.ok ? '任务已取消' : result.message);
    res.redirect(303, paths.task(t.id));
  });

  /** The task's open ssj-draw/2 commitment, as the page shows it. */
  const v2View = (taskId: number) => {
    const c = deps.services.openCommitmentV2(taskId);
    if (!c) return null;
    const state = commitmentState(c, deps.clock.now());
    return {
      ...c, state, beaconText: beaconText(c.beacon), drand: c.beacon.kind === 'drand', lottery: c.beacon.kind === 'lottery', witness: c.beacon.kind === 'witness',
      canWithdraw: state === '承诺中', needsValue: state === '等待随机信标', canDraw: state === '可以抽取', overdue: state === '逾期未揭示', relay: deps.config.drandRelay,
    };
  };
  /** The task's records on the register, in words (failures and withdrawals stay public). */
  const historyOf = (taskId: number) => deps.services.registerRowsOfTask(taskId).map((r) => ({ at: r.at, hash: r.hash, ...recordWords(r) }));
  /** The first whole hour at least lead + 1 hours ahead, as a datetime-local value in Beijing time. */
  const defaultBeaconAt = () => {
    const t = Math.ceil((deps.clock.now().getTime() + (deps.config.leadHours + 1) * 3600_000) / 3600_000) * 3600_000;
    return new Date(t + 8 * 3600_000).toISOString().slice(0, 16);
  };

  /**
   * Certificates that end before the inspections' deadline: of the drawn teams' members, or, before
   * the draw, of the pool's departments (the deadline then counted from today).
   */
  const certificateWarnings = (t: TaskRow, drawn: { id: number; drawnAt: string } | null) => {
    const today = chinaDate(deps.clock.now());
    if (drawn) {
      const due = dueDate({ inspectBy: t.inspectBy, drawnAt: drawn.drawnAt });
      const rows = deps.services.teamCertificatesEndingBefore(drawn.id, due);
      return rows.length ? { due, drawn: true, rows: rows.map((r) => ({ ...r, href: paths.record('inspectors', r.inspectorId) })) } : null;
    }
    if (t.status === '已取消') return null;
    const due = t.inspectBy || addDays(today, 30);
    const rows = deps.services.certificatesEndingBefore(due, t.jointDepartments.length ? t.jointDepartments : [t.departmentId]);
    return rows.length ? { due, drawn: false, rows: rows.map((r) => ({ ...r, href: paths.record('inspectors', r.inspectorId) })) } : null;
  };

  /** The task page; `extra` adds what a form posted to it shows (a preview of the commitment). */
  const showTask = (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const t = load(req, int(req.params.id) ?? -1, 'read');
    const depts = deps.services.listDepartments();
    const commitment = deps.services.publishedCommitment(t.id);
    const people = deps.services.inspectorIdentities();
    // From the draw's summary and its selections: the bundle itself (45 MiB for a million entities) is not read.
    const draws = deps.services.drawsOfTask(t.id).map((d) => {
      const b = drawSummary(d);
      const counts = d.excludedCounts;
      const loads = [...deps.services.drawLoads(d.id).values()];
      // Inspectors of the pool who were given nobody have load 0.
      if (loads.length < b.pool) loads.push(0);
      return {
        ...d, b, void: d.voidReason !== null,
        witnesses: d.witnesses,
        entityExcluded: Object.entries(counts.entities).map(([reason, n]) => ({ reason, n })),
        inspectorExcluded: Object.entries(counts.inspectors).map(([reason, n]) => ({ reason, n })),
        eligible: b.eligible, total: b.eligible + Object.values(counts.entities).reduce((a, x) => a + x, 0),
        loadMin: loads.length ? Math.min(...loads) : 0, loadMax: loads.length ? Math.max(...loads) : 0, pool: b.pool,
        selected: deps.services.drawSelectionsPage(d.id, 500).map((s, i) => ({
          ...s, entity: s.uscc, no: i + 1,
          // 组长: the first inspector picked (docs/draw-protocol.md).
          team: s.inspectorIds.map((id, k) => `${people.get(id)?.name ?? ''}${k === 0 ? '（组长）' : ''}（${people.get(id)?.certNo ?? ''}）`).join('、') +
            (s.expertIds.length ? `；专家：${s.expertIds.map((id) => `${people.get(id)?.name ?? ''}（${people.get(id)?.certNo ?? ''}）`).join('、')}` : ''),
        })),
        more: Math.max(0, b.selected - 500),
        bundleHref: paths.drawBundle(d.id), recordPdfHref: paths.drawRecordPdf(d.id), noticesPdfHref: b.selected <= NOTICES_PER_FILE ? paths.drawNoticesPdf(d.id) : null, voidAction: paths.drawVoid(d.id),
      };
    });
    sendPage(deps, req, res, 'admin/task-view', {
      title: `${t.number} ${t.title}`, t, commitment, plan: t.planId === null ? null : { ...deps.services.getPlan(t.planId)!, href: paths.plan(t.planId) },
      department: depts.find((d) => d.id === t.departmentId)?.name,
      joint: t.jointDepartments.map((id) => depts.find((d) => d.id === id)?.name).join('、'),
      items: deps.services.taskItems(t.id),
      filters: Object.entries(t.filters).map(([k, v]) => `${FILTER_LABEL[k] ?? k}：${v}`).join('；') || '不定向（全部检查对象）',
      modeLabel: MODE_LABEL[t.strataMode],
      rules: Object.entries(t.strataRules)
        .filter(([k]) => (k === ANY_STRATUM) !== strataByClass(t.strataMode))
        .map(([k, v]) => `${strataByClass(t.strataMode) ? (CLASS_LABEL[k] ?? k) + ' ' : '每层 '}${v.count !== undefined ? v.count + ' 户' : v.ratioBp! / 100 + '%'}`).join('；'),
      isPlan: conditionsOpen(t.status), cancelled: t.status === '已取消', editHref: paths.editTask(t.id), copyHref: paths.copyTask(t.id), cancelAction: paths.taskCancel(t.id),
      isCommitted: taskTransition(t.status, 'draw').ok, draws, certificates: certificateWarnings(t, draws.find((d) => !d.void) ?? null),
      v2: v2View(t.id), history: historyOf(t.id), leadHours: deps.config.leadHours, defaultBeaconAt: defaultBeaconAt(),
      beaconAction: paths.taskBeacon(t.id), withdrawAction: paths.taskWithdraw(t.id), previewAction: paths.taskPreview(t.id), projectorHref: paths.publicProjector(t.id),
      scheduleAction: paths.taskSchedule(t.id), drawAction: paths.taskDraw(t.id), exclusionAction: paths.taskExclusions(t.id),
      recurringAction: paths.taskRecurring(t.id), plans: deps.services.listPlans(t.departmentId),
      holdList: deps.services.taskHoldsList(t.id), publishTeams: deps.services.taskPublishesTeams(t.id),
      publicHref: paths.publicTask(t.id),
      ...extra,
    });
  };
  r.get(pattern('task', ':id'), staff, (req, res) => showTask(req, res));

  // What a commitment would freeze now, and a dry run of its teams: nothing is written.
  r.post(pattern('taskPreview', ':id'), admin, async (req, res) => {
    const t = load(req);
    const r2 = await deps.services.previewInBackground(t.id, beijingInput(str(req.body.beaconAt)));
    if (!r2.ok) {
      flash(req, 'error', r2.message);
      return res.redirect(303, paths.task(t.id));
    }
    showTask(req, res, { preview: { ...r2.value, beaconAt: str(req.body.beaconAt) } });
  });

  // ssj-draw/2: the commitment freezes the inputs and names a future beacon (on a worker thread: reading
  // and freezing a large population takes seconds, the server keeps answering meanwhile).
  r.post(pattern('taskSchedule', ':id'), admin, async (req, res) => {
    const t = load(req);
    const b = req.body as Record<string, string>;
    const at = beijingInput(str(b.beaconAt));
    const kind = str(b.beacon) || 'drand';
    const choice: BeaconChoice = kind === 'lottery' ? { kind, at, name: str(b.lotteryName), issue: str(b.lotteryIssue) }
      : kind === 'witness' ? { kind, at, place: str(b.place) } : { kind: 'drand', at };
    const leadHours = int(b.leadHours) ?? deps.config.leadHours;
    const r2 = await deps.services.commitInBackground(t.id, choice, { leadHours, actor: req.user!.username, now: deps.clock.now(), riskReason: b.confirmRisk === '1' ? str(b.riskReason) : undefined });
    if (r2.ok) flash(req, 'ok', `已冻结抽取范围并公布承诺 ${r2.value.commitment.commitment}${r2.value.feasibility.failures ? `（试抽 ${r2.value.feasibility.trials} 次有 ${r2.value.feasibility.failures} 次无法配齐，已按确认理由承诺）` : ''}`);
    else flash(req, 'error', r2.feasibility?.slots.length ? `${r2.message} 无法配齐的名额：${r2.feasibility.slots.join('；')}` : r2.message);
    res.redirect(303, paths.task(t.id));
  });

  // The beacon's value once it is out: a drand round fetched from the relay or pasted (checked by its
  // signature), a lottery's numbers, or the witnesses' entries at the public meeting.
  r.post(pattern('taskBeacon', ':id'), admin, async (req, res) => {
    const t = load(req);
    const b = req.body as Record<string, unknown>;
    const now = deps.clock.now();
    const who = req.user!.username;
    let r2;
    if (b.fetch === '1') {
      r2 = deps.config.drandRelay ? await deps.services.fetchBeaconOfTask(t.id, deps.config.drandRelay, who, now) : { ok: false as const, message: '未配置随机信标服务地址，请粘贴该轮数据' };
    } else if (str(b.round)) {
      let json: unknown;
      try {
        json = JSON.parse(str(b.round));
      } catch {
        json = null;
      }
      r2 = json === null ? { ok: false as const, message: '粘贴的内容不是 JSON' } : deps.services.setBeacon(t.id, { drandRound: json }, who, now);
    } else if (b.lottery !== undefined) r2 = deps.services.setBeacon(t.id, { lottery: str(b.lottery) }, who, now);
    else r2 = deps.services.setBeacon(t.id, { witnesses: witnessesOf(b) }, who, now);
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? '随机信标值已录入并核验，可以抽取' : r2.message);
    res.redirect(303, paths.task(t.id));
  });

  r.post(pattern('taskWithdraw', ':id'), admin, (req, res) => {
    const t = load(req);
    const r2 = deps.services.withdrawCommitment(t.id, str(req.body.reason), req.user!.username, deps.clock.now());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? '已撤回承诺（撤回记录已公开）；重新抽取需重新承诺' : r2.message);
    res.redirect(303, paths.task(t.id));
  });

  // The draw runs on a worker thread with its own connection: a million-entity draw takes seconds, and
  // the server keeps answering everyone else meanwhile.
  r.post(pattern('taskDraw', ':id'), admin, async (req, res) => {
    const t = load(req);
    const witnesses = witnessesOf(req.body as Record<string, unknown>);
    if (deps.services.openCommitmentV2(t.id)) {
      const r2 = await deps.services.revealInBackground(t.id, witnesses, req.user!.username, deps.clock.now());
      if (!r2.ok) flash(req, 'error', r2.message);
      else if (r2.value.kind === 'draw') flash(req, 'ok', `抽取完成：抽中 ${r2.value.selected} 户`);
      else flash(req, 'error', `抽取失败，失败记录已公开，本次承诺作废：${r2.value.message}`);
    } else {
      // An ssj-draw/1 commitment made before this department's register moved to version 2.
      const r2 = await deps.services.drawInBackground(t.id, witnesses, req.user!.username, deps.clock.now());
      flash(req, r2.ok ? 'ok' : 'error', r2.ok ? `抽取完成：抽中 ${r2.value.selected} 户` : r2.message);
    }
    res.redirect(303, paths.task(t.id));
  });

  r.post(pattern('taskExclusions', ':id'), admin, (req, res) => {
    const id = int(req.params.id) ?? -1;
    const r2 = deps.services.excludeEntity(req.user!, id, { uscc: str(req.body.uscc), reason: str(req.body.reason) }, deps.clock.now().toISOString());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? r2.value : r2.message);
    res.redirect(303, paths.task(id));
  });

  r.post(pattern('taskHold', ':id'), admin, (req, res) => {
    const id = int(req.params.id) ?? -1;
    const hold = req.body.hold === '1';
    deps.services.setHoldList(req.user!, id, hold, deps.clock.now().toISOString());
    flash(req, 'ok', hold ? '抽取名单和结果包将在检查结束后公布' : '抽取名单和结果包已公开');
    res.redirect(303, paths.task(id));
  });

  r.post(pattern('taskPublishTeams', ':id'), admin, (req, res) => {
    const id = int(req.params.id) ?? -1;
    const on = req.body.on === '1';
    deps.services.setPublishTeams(req.user!, id, on, deps.clock.now().toISOString());
    flash(req, 'ok', on ? '公告将列出各户的检查组名单' : '公告不再列出检查组名单');
    res.redirect(303, paths.task(id));
  });

  r.post(pattern('drawVoid', ':id'), admin, (req, res) => {
    const id = int(req.params.id) ?? -1;
    deps.services.authorize(req.user!, 'draws', id, 'write');
    const d = deps.services.getDraw(id)!;
    // A void is a withdrawal on the register naming the draw (an ssj-draw/1 draw too: it stands in the register).
    const r2 = deps.services.voidDrawV2(d.id, str(req.body.reason), req.user!.username, deps.clock.now());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? '已作废本次抽取（记录保留）；重新抽取需先生成新的承诺值' : r2.message);
    res.redirect(303, paths.task(d.taskId));
  });

  r.get(pattern('drawBundle', ':id'), staff, async (req, res) => {
    const id = int(req.params.id) ?? -1;
    deps.services.authorize(req.user!, 'draws', id, 'read');
    const d = deps.services.getDraw(id)!;
    await sendBundle(res, deps.services, d.id);
  });
  return r;
}
