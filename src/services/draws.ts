// Use cases of a draw: create a task, commit to a secret, draw (reveal), void. ssj-draw/1 does the choosing.
import { planProblem } from './plans';
import crypto from 'node:crypto';
import type { Db } from '../store/db';
import { NO_TIMER, type PhaseTimer } from '../phases';
import { taskTransition } from '../domain/task-lifecycle';
import { inTransaction } from '../store/db';
import { H } from '../domain/hash';
import { chinaDate } from '../domain/dates';
import { ANY_STRATUM } from '../domain/strata';
import { buildBundle, bundleTextBound, canonicalBundlePieces, canonicalInputsPieces, summarizeBundle, type Bundle } from '../domain/bundle';
import { DrawError, selectFromRuns, seedValue, type DrawInputs, type EntitySelection } from '../domain/draw';
import { recordAudit } from '../store/audit';
import { listDepartments } from '../store/departments';
import {
  findTaskByNumber, getDraw, getTask, insertCommitment, insertDraw, insertSelections, insertTask, openCommitment,
  setTaskStatus, useCommitment, voidDrawRow, type NewTask, type TaskItem, type TaskRow,
} from '../store/tasks';
import { allRecusals, lastInspectors, regionsOf } from '../store/draw-population';
import { readPopulation } from './population';
import { inspectorPool, leftOut, populationQuery, RULE_TEXT, sortedPairs, strataRules } from './draw-inputs';
import { appendRecord, hasV2Records, registerHead } from '../store/register';
import { backdated } from './register';

export { DEFAULT_CLASS_RULES } from './draw-inputs';

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };


/** What is wrong with a task's conditions as staff entered them, or null (creating and editing alike). */
export function taskInputProblem(t: Pick<NewTask, 'number' | 'title' | 'teamSize' | 'itemIds' | 'jointDepartments' | 'strataRules' | 'expertSlots' | 'expertField' | 'expertGroups'>): string | null {
  if (!t.number.trim()) return '请填写任务编号';
  if (t.expertSlots !== undefined && (!Number.isInteger(t.expertSlots) || t.expertSlots < 0 || t.expertSlots > 5)) return '每组专家人数应为0至5的整数';
  if ((t.expertField ?? '').length > 60) return '专家的专业领域不超过60字';
  const groups = t.expertGroups ?? [];
  if (groups.length > (t.expertSlots ?? 0)) return `指定专业领域的专家名额（${groups.length} 个：${groups.join('、')}）多于每组专家人数（${t.expertSlots ?? 0}）`;
  if (new Set(groups).size !== groups.length) return '指定专业领域的专家名额中有重复的领域：每个领域一个名额';
  if (groups.some((g) => !g.trim() || g.length > 30)) return '专家的专业领域每项1至30字';
  if (!t.title.trim()) return '请填写任务名称';
  if (!Number.isInteger(t.teamSize) || t.teamSize < 2) return '检查组至少需要2名具有执法资格的人员（行政处罚法第四十二条）';
  if (t.itemIds.length === 0) return '请至少选择一个抽查事项：清单之外的事项不得检查';
  if (t.jointDepartments.length > t.teamSize) return '联合检查的部门数多于检查组人数';
  for (const [k, r] of Object.entries(t.strataRules)) {
    const ok = (r.count !== undefined && Number.isInteger(r.count) && r.count >= 0) || (r.ratioBp !== undefined && Number.isInteger(r.ratioBp) && r.ratioBp >= 0 && r.ratioBp <= 10000);
    if (!ok) return k === ANY_STRATUM ? '不按信用风险分类分层时的抽取比例或户数无效' : `“${k}”类的抽取比例或户数无效`;
  }
  return null;
}

export function createTask(db: Db, t: NewTask): Result<number> {
  const problem = taskInputProblem(t);
  if (problem) return { ok: false, message: problem };
  return inTransaction(db, () => {
    if (findTaskByNumber(db, t.number)) return { ok: false as const, message: `任务编号“${t.number}”已存在` };
    const fromPlan = planProblem(db, t);
    if (fromPlan) return { ok: false as const, message: fromPlan };
    const id = insertTask(db, t);
    recordAudit(db, { at: t.now, actor: t.createdBy, action: 'create', targetKind: 'tasks', targetId: id, summary: `新建抽查任务 ${t.number}`, after: t });
    return { ok: true as const, value: id };
  });
}

/** Commits the task (承诺): draws the secret from the OS CSPRNG, keeps it, publishes H(secret). */
export function commitTask(db: Db, taskId: number, actor: string, now: Date): Result<string> {
  return inTransaction(db, () => {
    const task = getTask(db, taskId);
    if (!task) return { ok: false as const, message: '任务不存在' };
    const move = taskTransition(task.status, 'commit');
    if (!move.ok) return move;
    const secret = crypto.randomBytes(32).toString('hex');
    const commitment = H(secret);
    insertCommitment(db, { taskId, secret, commitment, committedAt: now.toISOString() });
    setTaskStatus(db, taskId, move.to, now.toISOString());
    recordAudit(db, { at: now.toISOString(), actor, action: 'commit', targetKind: 'tasks', targetId: taskId, summary: `公布承诺值 ${commitment}` });
    return { ok: true as const, value: commitment };
  });
}

export interface Witness {
  name: string;
  value: string;
}

/** The entropy of a manual draw, recorded verbatim: each witness's name and the value they gave. */
export function entropyOf(witnesses: Witness[]): string {
  return witnesses.map((w) => `${w.name.trim()}：${w.value.trim()}`).join('；');
}

export interface PreparedDraw {
  inputs: DrawInputs;
  selection: EntitySelection;
  excluded: Record<string, number>;
  inspectorsExcluded: Record<string, number>;
  entityIds: Map<string, number>;
  inspectorIds: Map<string, number>;
  /** The task's items (the bundle names them). */
  items: TaskItem[];
  /** canonicalize(inputs.entities) as UTF-8 in pieces, made as the population was read; its entities are checked (readPopulation). */
  entitiesJson: Uint8Array[];
}


/** Loads everything the draw needs and builds ssj-draw/1 inputs (exclusion pairs only for selected entities). */
export function prepareDraw(db: Db, task: TaskRow, seed: string, now: Date): PreparedDraw {
  const { items, q } = populationQuery(db, task, chinaDate(now));
  // The eligible entities in USCC order, their row ids and ticket prefixes at the same positions.
  const { entities, rowIds, prefixes, entitiesJson, keys: populationKeys, runs } = readPopulation(db, q, task.strataMode, seed);
  const excluded = leftOut(db, task.recentMonths, q, entities.length);
  const strata = strataRules(task, populationKeys);
  const keys = strata.map((s) => s.key);
  const { pool, inspectors, team, excluded: inspectorsExcluded } = inspectorPool(db, task, items, chinaDate(now), '执法证已过期');
  const inspectorIds = new Map(pool.map((p) => [p.certNo, p.id]));
  const base: DrawInputs = { protocol: 'ssj-draw/1', entities, strata, inspectors, exclusions: [], team };
  // Exclusions only matter for selected entities, and selection does not depend on them (§4 before §5).
  // The population's runs in ticket order, by stratum in `strata` (sorted keys) order.
  const runsOf = new Map(populationKeys.map((k, i) => [k, runs[i]!]));
  const selection = selectFromRuns(seed, base, prefixes, keys.map((k) => runsOf.get(k)!));
  const selected = selection.selected.map((s) => s.entity);
  // Row ids of the selected, by their positions in the population.
  const entityIds = new Map(selection.positions.map((i) => [entities[i]!.id, rowIds[i]!] as const));
  const selectedIds = new Map(selected.map((u) => [entityIds.get(u)!, u]));
  const certOf = new Map(pool.map((p) => [p.id, p.certNo]));
  const pairs = new Set<string>();
  const add = (cert: string | undefined, uscc: string | undefined) => cert && uscc && pairs.add(cert + '\u0000' + uscc);
  for (const r of allRecusals(db)) add(certOf.get(r.inspectorId), selectedIds.get(r.entityId));
  if (task.homeRegionAvoidance) {
    const regionOf = regionsOf(db, [...selectedIds.keys()]);
    for (const [id, u] of selectedIds) for (const p of pool) if (p.region && p.region === regionOf.get(id)) add(p.certNo, u);
  }
  if (task.avoidLastInspector) {
    const last = lastInspectors(db, [...selectedIds.keys()]);
    for (const [id, u] of selectedIds) for (const i of last.get(id) ?? []) add(certOf.get(i), u);
  }
  const exclusions = sortedPairs(pairs);
  return { inputs: { ...base, exclusions }, selection, excluded, inspectorsExcluded, entityIds, inspectorIds, items, entitiesJson };
}

/**
 * The longest bundle text a draw may make. Bundles are stored and served in pieces, but verified (by
 * `npm run verify`, the verifier page, the register check) as one string, and V8's strings stop at
 * 2^29 - 24 characters (a canonical bundle is ASCII, a character a byte, but for names and stratum
 * keys). Around ten million entities, depending on the ratios; tests lower it.
 */
export const DRAW_LIMITS = { maxBundleChars: 2 ** 29 - 24 };

/** Text in pieces as UTF-8 bytes (the pieces that are bytes already stay as they are). */
function utf8(pieces: (string | Uint8Array)[]): Uint8Array[] {
  return pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
}

/** Reveal: computes the draw and stores it with its bundle in one transaction, or stores nothing. */
export function drawTask(
  db: Db, taskId: number, witnesses: Witness[], actor: string, now: Date, limits = DRAW_LIMITS, timer: PhaseTimer = NO_TIMER,
): Result<{ drawId: number; bundle: Bundle }> {
  const phase = (name: string) => timer.mark(name);
  const result = inTransaction(db, () => {
    const task = getTask(db, taskId);
    if (!task) return { ok: false as const, message: '任务不存在' };
    const move = taskTransition(task.status, 'draw');
    if (!move.ok) return move;
    const c = openCommitment(db, taskId);
    if (!c) return { ok: false as const, message: '没有可用的承诺值' };
    // ssj-draw/1 bundles all come before the register's first ssj-draw/2 record (v2 §1).
    if (hasV2Records(db, task.departmentId)) return { ok: false as const, message: '本部门已启用 ssj-draw/2 抽取规程，不能再按第1版抽取' };
    if (task.expertSlots > 0) return { ok: false as const, message: '抽取专家需按 ssj-draw/2 规程：请用“冻结范围并公布承诺”' };
    // No record may be dated before the register's last one (v2 §5 holds for the v1 bundles in it too).
    const late = backdated(db, task.departmentId, now.getTime());
    if (late) return { ok: false as const, message: late };
    const entropy = entropyOf(witnesses.filter((w) => w.name.trim() || w.value.trim()));
    let prepared: PreparedDraw;
    try {
      prepared = prepareDraw(db, task, seedValue(c.secret, entropy), now);
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      return { ok: false as const, message: `无法抽取：${e.message}。本次抽取未保存。` };
    }
    phase('load+select');
    const size = bundleTextBound(prepared.inputs, prepared.selection.selected, prepared.entitiesJson.reduce((a, p) => a + p.length, 0));
    if (size > limits.maxBundleChars) {
      const mb = (n: number) => Math.ceil(n / 1048576).toLocaleString('en');
      return {
        ok: false as const,
        message: `符合条件的检查对象有 ${prepared.inputs.entities.length.toLocaleString('en')} 户，结果包约 ${mb(size)} MB，超过单个结果包的上限（${mb(limits.maxBundleChars)} MB）。` +
          '请用定向条件（片区、行业等）分成几个任务抽取。本次抽取未保存，承诺值仍可使用。',
      };
    }
    const items = prepared.items;
    const department = listDepartments(db).find((d) => d.id === task.departmentId)!;
    // The canonical text of the inputs as UTF-8, made once (most of it by the population's threads):
    // hashed for inputsHash, and spliced into the bundle's text.
    const inputsJson = utf8(canonicalInputsPieces(prepared.inputs, prepared.entitiesJson).flat());
    const inputsHasher = crypto.createHash('sha256');
    for (const p of inputsJson) inputsHasher.update(p);
    let bundle: Bundle;
    try {
      bundle = buildBundle({
        inputsHash: inputsHasher.digest('hex'),
        task: { id: task.number, title: task.title, department: department.name, items: items.map((i) => ({ code: i.code, name: i.name })), drawnAt: now.toISOString() },
        seed: { commitment: c.commitment, committedAt: c.committedAt, secret: c.secret, entropy },
        inputs: prepared.inputs,
        selection: prepared.selection,
        entitiesChecked: true,
        previous: registerHead(db, task.departmentId),
      });
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      const d = e.detail;
      if (!d.entity) return { ok: false as const, message: `无法抽取：${e.message}。本次抽取未保存。` };
      const n = d.slot?.match(/slot (\d+)/)?.[1];
      const group = d.slot?.match(/group ([^)]+)/)?.[1];
      const where = group ? `第${n}个名额（${listDepartments(db).find((x) => x.code === group)?.name ?? group}人员）` : `第${n}个名额`;
      return { ok: false as const, message: `无法为 ${d.entity} 配齐检查组：${where}没有可选人员——${RULE_TEXT[d.rule!] ?? d.rule}。本次抽取未保存，任务仍可在调整后抽取。` };
    }
    if (!useCommitment(db, c.id)) return { ok: false as const, message: '承诺值已被使用' };
    phase('inputs hash+teams');
    // The stored text is the canonical JSON itself (still plain JSON), so one serialisation gives both
    // the published file and its hash: bundleHash(bundle) === H(text). Its UTF-8 bytes are made piece
    // by piece, then hashed and stored as they are (no 45 MB string is flattened, encoded twice).
    const bytes = Buffer.concat(utf8(canonicalBundlePieces(bundle, inputsJson).flat()));
    const hash = crypto.hash('sha256', bytes, 'hex');
    phase('bundle json+hash');
    const drawId = insertDraw(db, {
      taskId, commitmentId: c.id, departmentId: task.departmentId, witnesses,
      excludedCounts: { entities: prepared.excluded, inspectors: prepared.inspectorsExcluded },
      summary: JSON.stringify(summarizeBundle(bundle)), bundle: bytes, bundleHash: hash, drawnAt: now.toISOString(), drawnBy: actor,
    });
    appendRecord(db, { departmentId: task.departmentId, kind: 'draw', protocol: 'ssj-draw/1', taskId, at: bundle.task.drawnAt, hash, previous: bundle.previous, body: null, drawId, commitmentId: c.id });
    insertSelections(
      db, drawId,
      bundle.result.selected.map((s) => ({ entityId: prepared.entityIds.get(s.entity)!, stratum: s.stratum, ticket: s.ticket, inspectorIds: s.inspectors.map((i) => prepared.inspectorIds.get(i)!) })),
    );
    setTaskStatus(db, taskId, move.to, now.toISOString());
    recordAudit(db, { at: now.toISOString(), actor, action: 'draw', targetKind: 'tasks', targetId: taskId, summary: `抽取：${bundle.result.selected.length}户，种子 ${bundle.seed.value}`, after: { drawId, bundleHash: hash } });
    phase('store');
    return { ok: true as const, value: { drawId, bundle } };
  });
  if (result.ok) phase('commit');
  return result;
}

/** A draw is never deleted: voiding keeps it visible with the reason; a new draw needs a new commitment. */
export function voidDraw(db: Db, drawId: number, reason: string, actor: string, now: Date): Result<null> {
  if (reason.trim().length < 4) return { ok: false, message: '作废必须写明理由' };
  return inTransaction(db, () => {
    const d = getDraw(db, drawId);
    if (!d) return { ok: false as const, message: '抽取记录不存在' };
    const task = getTask(db, d.taskId)!;
    const move = taskTransition(task.status, 'void-draw');
    if (!move.ok) return move;
    if (!voidDrawRow(db, drawId, reason.trim(), actor, now.toISOString())) return { ok: false as const, message: '该抽取已作废' };
    setTaskStatus(db, d.taskId, move.to, now.toISOString());
    recordAudit(db, { at: now.toISOString(), actor, action: 'void', targetKind: 'tasks', targetId: d.taskId, summary: `作废抽取 #${drawId}：${reason.trim()}` });
    return { ok: true as const, value: null };
  });
}
