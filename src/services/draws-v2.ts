// Use cases of an ssj-draw/2 draw (docs/draw-protocol.md): commit (freeze the inputs, name a future
// beacon, publish the commitment), give the beacon its value (a drand round fetched or pasted and
// checked by its signature, a lottery's numbers, the witnesses' entries), reveal (the draw, or a
// failure that burns the commitment), and withdraw a commitment before its beacon's time. Each record
// goes on the department's register in the same transaction as the change it records.
import crypto from 'node:crypto';
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { taskTransition } from '../domain/task-lifecycle';
import { H } from '../domain/hash';
import { chinaDateTime } from '../domain/dates';
import { strataByClass } from '../domain/strata';
import { canonicalize } from '../domain/jcs';
import {
  beaconText, beijingTime, buildCommitment, buildWithdrawal, countsFrom, drandRoundAt, drandRoundTime, instant, PROTOCOL_V2, revealOf,
  type Beacon, type CommitmentRecord, type DrawRecord, type FailureRecord, type RevealedBeacon,
} from '../domain/draw-v2';
import { checkDrandRound, QUICKNET } from '../domain/drand';
import { recordAudit } from '../store/audit';
import { listDepartments } from '../store/departments';
import { getDraw, getTask, insertDraw, insertSelections, setTaskStatus, taskItems, voidDrawRow } from '../store/tasks';
import { entityIdsByUscc, inspectorsOf } from '../store/draw-population';
import {
  appendRecord, commitmentExcluded, dropFrozenInputs, frozenInputsBytes, frozenRowIds, insertCommitmentV2, openCommitmentV2, registerHead,
  registerRowByHash, setBeaconValue, setCommitmentExcluded, settleCommitment, writeFrozenInputs, writeFrozenRowIds, type CommitmentV2,
} from '../store/register';
import { entropyOf, type Result, type Witness } from './draws';
import { outcomeFromFrozen, recordPieces, type RecordWithoutInputs } from './reveal-record';
import { ratioShortfall } from './item-ratios';
import { quota } from '../domain/draw';
import { backdated } from './register';
import { dryRun, freezeInputs, recordTextBound, type Feasibility } from './freeze';

export { beaconText };
export { dryRun, freezeInputs, previewCommitment, type CommitPreview, type Feasibility, type FrozenInputs } from './freeze';

const HOUR = 3600_000;
/** How long after the beacon's time the outcome must be published (v2 §2's default). */
export const REVEAL_WINDOW_HOURS = 72;
export const DEFAULT_LEAD_HOURS = 24;
/**
 * The largest draw record committed to: 1,000,000,000 bytes, SQLite's default limit of one value
 * (a failure record is kept whole), about 13,000,000 entities. 10,000,000 make about 750 MB.
 */
export const V2_LIMITS = { maxRecordBytes: 1_000_000_000 };

/** The beacon staff choose at commitment: its kind and the moment it is due. */
export type BeaconChoice =
  | { kind: 'drand'; at: Date }
  | { kind: 'lottery'; name: string; issue: string; at: Date }
  | { kind: 'witness'; at: Date; place: string };

/**
 * The beacon as named in the commitment: for drand, the first round published after the chosen
 * moment (a draw due at 09:00 uses the round of 09:00:0x, published after it).
 */
export function nameBeacon(c: BeaconChoice): Beacon {
  if (c.kind === 'drand') {
    const round = drandRoundAt(c.at.getTime() + 1);
    return { kind: 'drand', chain: QUICKNET.chain, round, time: beijingTime(drandRoundTime(round)) };
  }
  if (c.kind === 'lottery') return { kind: 'lottery', name: c.name.trim(), issue: c.issue.trim(), time: beijingTime(c.at.getTime()) };
  return { kind: 'witness', time: beijingTime(c.at.getTime()), place: c.place.trim() };
}

export type CommitOutcome =
  | { ok: true; value: { commitment: CommitmentRecord; feasibility: Feasibility } }
  | { ok: false; message: string; feasibility?: Feasibility };


/**
 * Commits a task under ssj-draw/2: freezes its inputs, names the beacon (at least `leadHours` ahead),
 * checks the staffing with a dry run, draws the secret, and publishes the commitment on the register.
 * A dry run with failures is committed only with `riskReason` (recorded in the audit log).
 */
export function commitDrawV2(
  db: Db, taskId: number, choice: BeaconChoice,
  opts: { leadHours?: number; actor: string; now: Date; riskReason?: string; revealWindowHours?: number; limits?: typeof V2_LIMITS },
): CommitOutcome {
  const lead = opts.leadHours ?? DEFAULT_LEAD_HOURS;
  if (!Number.isInteger(lead) || lead < 1) return { ok: false, message: '承诺与随机信标之间至少间隔1小时（整数小时）' };
  if (choice.kind === 'lottery' && (!choice.name.trim() || !/^\d{4,}$/.test(choice.issue.trim()))) return { ok: false, message: '请填写彩票名称和期号（数字）' };
  if (choice.kind === 'witness' && !choice.place.trim()) return { ok: false, message: '请填写现场摇号的地点' };
  if (Number.isNaN(choice.at.getTime())) return { ok: false, message: '请填写随机信标的时间' };
  const now = opts.now.getTime();
  const beacon = nameBeacon(choice);
  const beaconAt = instant(beacon.time);
  if (beaconAt < now + lead * HOUR) {
    return { ok: false, message: `随机信标时间（${chinaDateTime(new Date(beaconAt).toISOString())}）必须在承诺之后至少 ${lead} 小时，即不早于 ${chinaDateTime(new Date(now + lead * HOUR).toISOString())}（北京时间）` };
  }
  return inTransaction(db, (): CommitOutcome => {
    const task = getTask(db, taskId);
    if (!task) return { ok: false, message: '任务不存在' };
    const move = taskTransition(task.status, 'commit');
    if (!move.ok) return move;
    if (openCommitmentV2(db, taskId)) return { ok: false, message: '该任务已有未揭示的承诺，一个任务同时只能有一个' };
    const late = backdated(db, task.departmentId, now);
    if (late) return { ok: false, message: late };
    const frozen = freezeInputs(db, task, new Date(beaconAt));
    if (frozen.population.n === 0) return { ok: false, message: '按当前条件没有可抽取的检查对象（0户），不能承诺' };
    // The record is drawn, stored and verified in pieces (npm run verify streams a record past 256 MiB);
    // the bound is what SQLite keeps as one value (a failure record) and what the verifier was measured with.
    const size = recordTextBound(frozen);
    const limit = (opts.limits ?? V2_LIMITS).maxRecordBytes;
    if (size > limit) {
      const mb = (n: number) => Math.ceil(n / 1048576).toLocaleString('en');
      return { ok: false, message: `符合条件的检查对象有 ${frozen.population.n.toLocaleString('en')} 户，抽取记录约 ${mb(size)} MB，超过单个记录的上限（${mb(limit)} MB）。请用定向条件（片区、行业等）分成几个任务。未承诺。` };
    }
    const short = ratioShortfall(taskItems(db, task.id), frozen.inputs.strata.reduce((a, r, i) => a + quota(r, frozen.sizes[i]!), 0), frozen.population.n);
    if (short) return { ok: false, message: short };
    if (task.expertSlots > 0 && (frozen.inputs.experts?.length ?? 0) < task.expertSlots) {
      return { ok: false, message: `符合条件的专家只有 ${frozen.inputs.experts?.length ?? 0} 名${task.expertField ? `（专业领域：${task.expertField}）` : ''}，少于每组专家人数 ${task.expertSlots}` };
    }
    // A field asked for by a slot that no expert of the pool has: said plainly, before any dry run.
    const missing = task.expertGroups.filter((g) => !(frozen.inputs.experts ?? []).some((e) => e.groups.includes(g)));
    if (missing.length) return { ok: false, message: `没有专业领域为“${missing.join('、')}”的可用专家，无法配齐指定领域的专家名额` };
    if (frozen.inputs.inspectors.length < task.teamSize) return { ok: false, message: `符合条件的执法人员只有 ${frozen.inputs.inspectors.length} 名，少于检查组人数 ${task.teamSize}` };
    const feasibility = dryRun(frozen);
    const risk = opts.riskReason?.trim() ?? '';
    if (feasibility.failures > 0 && risk.length < 4) {
      return { ok: false, message: `试抽 ${feasibility.trials} 次中有 ${feasibility.failures} 次无法配齐检查组。请调整人员或条件；确需承诺的，请勾选确认并写明理由。`, feasibility };
    }
    const secret = crypto.randomBytes(32).toString('hex');
    const items = taskItems(db, task.id);
    const department = listDepartments(db).find((d) => d.id === task.departmentId)!;
    const revealBy = beijingTime(beaconAt + (opts.revealWindowHours ?? REVEAL_WINDOW_HOURS) * HOUR);
    const commitment = buildCommitment({
      department: department.name, task: { id: String(task.id), number: task.number, title: task.title, items: items.map((i) => ({ code: i.code, name: i.name })) },
      committedAt: beijingTime(now), secret, counts: countsFrom(frozen.inputs, frozen.sizes, !strataByClass(task.strataMode)), inputsHash: frozen.inputsHash,
      // Credit classes are not public (domain.md): strata keyed by class are counted only in total.
      publicStrata: !strataByClass(task.strataMode), beacon, leadHours: lead, revealBy, previous: registerHead(db, task.departmentId),
    });
    const body = canonicalize(commitment);
    const hash = H(body);
    const id = insertCommitmentV2(db, {
      taskId, secret, commitment: commitment.commitment, committedAt: commitment.committedAt, beacon, beaconAt: new Date(beaconAt).toISOString(),
      revealBy: new Date(instant(revealBy)).toISOString(), recordHash: hash,
    });
    setCommitmentExcluded(db, id, { entities: frozen.excluded, inspectors: frozen.inspectorsExcluded });
    writeFrozenInputs(db, id, frozen.inputsJson);
    writeFrozenRowIds(db, id, frozen.population.rowIds);
    appendRecord(db, { departmentId: task.departmentId, kind: 'commitment', protocol: 'ssj-draw/2', taskId, at: commitment.committedAt, hash, previous: commitment.previous, body, drawId: null, commitmentId: id });
    setTaskStatus(db, taskId, move.to, opts.now.toISOString());
    recordAudit(db, {
      at: opts.now.toISOString(), actor: opts.actor, action: 'commit', targetKind: 'tasks', targetId: taskId,
      summary: `公布承诺（ssj-draw/2）${commitment.commitment}；随机信标：${beaconText(beacon)}${feasibility.failures ? `；试抽 ${feasibility.trials} 次有 ${feasibility.failures} 次无法配齐，确认理由：${risk}` : ''}`,
      after: { recordHash: hash, inputsHash: frozen.inputsHash, eligible: frozen.population.n, feasibility },
    });
    return { ok: true, value: { commitment, feasibility } };
  });
}

/** What staff give as the beacon's value (a drand round may also come from the relay). */
export type BeaconValueInput = { drandRound: unknown } | { lottery: string } | { witnesses: Witness[] };

/** Lottery numbers as the protocol writes them: decimal, no leading zeros, joined by ','. */
export function lotteryValue(text: string): Result<string> {
  const parts = text.trim().split(/[\s,，、;；+]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d{1,3}$/.test(p))) return { ok: false, message: '开奖号码应为数字，按公告顺序用逗号或空格分隔' };
  return { ok: true, value: parts.map((p) => String(Number(p))).join(',') };
}

/** Checks and keeps the beacon's value of a task's open commitment (not before the beacon's time). */
export function setBeacon(db: Db, taskId: number, input: BeaconValueInput, actor: string, now: Date): Result<null> {
  return inTransaction(db, (): Result<null> => {
    const c = openCommitmentV2(db, taskId);
    if (!c) return { ok: false, message: '该任务没有待揭示的承诺' };
    if (now.getTime() <= Date.parse(c.beaconAt)) return { ok: false, message: `随机信标时间未到（${chinaDateTime(c.beaconAt)}），现在不能录入` };
    let value: { value: string; signature?: string };
    if (c.beacon.kind === 'drand') {
      if (!('drandRound' in input)) return { ok: false, message: '该承诺的随机信标是 drand，请获取或粘贴该轮数据' };
      const r = checkDrandRound(input.drandRound, c.beacon.round);
      if (!r.ok) return r;
      value = { value: r.value.randomness, signature: r.value.signature };
    } else if (c.beacon.kind === 'lottery') {
      if (!('lottery' in input)) return { ok: false, message: '该承诺的随机信标是彩票开奖号码，请按官方公告录入' };
      const v = lotteryValue(input.lottery);
      if (!v.ok) return v;
      value = { value: v.value };
    } else {
      if (!('witnesses' in input)) return { ok: false, message: '该承诺的随机信标是现场见证人录入的数值' };
      const text = entropyOf(input.witnesses.filter((w) => w.name.trim() || w.value.trim()));
      if (!text) return { ok: false, message: '请录入见证人姓名及其给出的数值' };
      value = { value: text };
    }
    setBeaconValue(db, c.id, value);
    recordAudit(db, { at: now.toISOString(), actor, action: 'beacon', targetKind: 'tasks', targetId: taskId, summary: `录入随机信标值：${value.value}` });
    return { ok: true, value: null };
  });
}

/** A reveal's outcome: its record as written but for the inputs (which are the frozen ones), and the population's size. */
export type RevealOutcome = Result<
  { kind: 'draw'; drawId: number; record: Omit<DrawRecord, 'inputs'>; eligible: number } | { kind: 'failure'; record: Omit<FailureRecord, 'inputs'>; eligible: number }
>;

/**
 * ssj-draw/2 §4-§5: the draw on the frozen inputs, once the beacon has its value. A draw that cannot
 * staff a slot is published as a failure and burns the commitment: the same commitment is never
 * drawn again (with other witness values, say). `witnesses` (a drand or lottery draw held in public)
 * add their entries as entropy.
 */
export function revealDraw(db: Db, taskId: number, witnesses: Witness[], actor: string, now: Date): RevealOutcome {
  return inTransaction(db, (): RevealOutcome => {
    const task = getTask(db, taskId);
    if (!task) return { ok: false, message: '任务不存在' };
    const c = openCommitmentV2(db, taskId);
    if (!c) return { ok: false, message: '该任务没有待揭示的承诺' };
    const nowMs = now.getTime();
    if (nowMs <= Date.parse(c.beaconAt)) return { ok: false, message: `随机信标时间未到（${chinaDateTime(c.beaconAt)}），不能抽取` };
    if (nowMs >= Date.parse(c.revealBy)) return { ok: false, message: `已超过揭示期限（${chinaDateTime(c.revealBy)}），该承诺逾期未揭示，只能公开说明` };
    if (!c.beaconValue) return { ok: false, message: '等待随机信标：尚未取得信标值' };
    const late = backdated(db, task.departmentId, nowMs);
    if (late) return { ok: false, message: late };
    const frozen = frozenInputsBytes(db, c.id);
    if (frozen === undefined) throw new Error(`commitment ${c.id} has no frozen inputs`);
    const commitment = JSON.parse(registerRowByHash(db, c.recordHash)!.body as string) as CommitmentRecord;
    const beacon = { ...c.beacon, ...c.beaconValue } as RevealedBeacon;
    const entropy = c.beacon.kind === 'witness' ? '' : entropyOf(witnesses.filter((w) => w.name.trim() || w.value.trim()));
    const reveal = revealOf({ commitment, secret: c.secret, beacon, entropy, drawnAt: beijingTime(nowMs) });
    const { inputs, eligible, outcome, positions } = outcomeFromFrozen(frozen, reveal.seed);
    const common = { protocol: PROTOCOL_V2, commitment, reveal, inputsHash: commitment.inputsHash, previous: registerHead(db, task.departmentId) } as const;
    const record: RecordWithoutInputs = 'error' in outcome ? { kind: 'failure', ...common, error: outcome.error } : { kind: 'draw', ...common, result: outcome.result };
    // The record's text around the frozen bytes: the inputs are not serialised a second time.
    const text = recordPieces(record, frozen);
    const h = crypto.createHash('sha256');
    for (const p of text.pieces) h.update(p);
    const hash = h.digest('hex');
    if (record.kind === 'failure') {
      const move = taskTransition(task.status, 'fail');
      if (!move.ok) return move;
      // Kept as text, or as bytes past V8's longest string (the register reads its head only: failureHead).
      const bytes = Buffer.concat(text.pieces);
      const body = bytes.length < 2 ** 29 - 24 ? bytes.toString('utf8') : bytes;
      appendRecord(db, { departmentId: task.departmentId, kind: 'failure', protocol: 'ssj-draw/2', taskId, at: record.reveal.drawnAt, hash, previous: record.previous, body, drawId: null, commitmentId: c.id });
      settleCommitment(db, c.id, 'failure');
      dropFrozenInputs(db, c.id);
      setTaskStatus(db, taskId, move.to, now.toISOString());
      recordAudit(db, { at: now.toISOString(), actor, action: 'draw-failed', targetKind: 'tasks', targetId: taskId, summary: `抽取失败并公开（承诺作废）：${record.error.message}`, after: { recordHash: hash } });
      return { ok: true, value: { kind: 'failure', record, eligible } };
    }
    const move = taskTransition(task.status, 'draw');
    if (!move.ok) return move;
    const excluded = commitmentExcluded(db, c.id);
    const drawId = insertDraw(db, {
      taskId, commitmentId: c.id, departmentId: task.departmentId, witnesses, excludedCounts: excluded,
      summary: JSON.stringify({
        eligible, selected: record.result.selected.length, pool: inputs.inspectors.length, joint: inputs.team.groups.length > 0,
        rules: inputs.strata, strata: record.result.strata, inputsHash: record.inputsHash,
        seed: { commitment: commitment.commitment, committedAt: commitment.committedAt, secret: c.secret, entropy, value: record.reveal.seed },
        beacon: { text: beaconText(c.beacon), value: beacon.value },
      }),
      bundle: text, bundleHash: hash, drawnAt: now.toISOString(), drawnBy: actor,
    });
    appendRecord(db, { departmentId: task.departmentId, kind: 'draw', protocol: 'ssj-draw/2', taskId, at: record.reveal.drawnAt, hash, previous: record.previous, body: null, drawId, commitmentId: c.id });
    // The selected rows by their positions in the frozen population (by USCC for a commitment made before 0022).
    const rowIds = frozenRowIds(db, c.id);
    const byUscc = rowIds ? null : entityIdsByUscc(db, record.result.selected.map((s) => s.entity));
    const entityId = (i: number) => (rowIds ? rowIds[positions[i]!]! : byUscc!.get(record.result.selected[i]!.entity)!);
    const deptIds = task.jointDepartments.length ? task.jointDepartments : [task.departmentId];
    const inspectorIds = new Map(inspectorsOf(db, deptIds).map((p) => [p.certNo, p.id]));
    insertSelections(db, drawId, record.result.selected.map((s, i) => ({
      entityId: entityId(i), stratum: s.stratum, ticket: s.ticket, inspectorIds: s.inspectors.map((c) => inspectorIds.get(c)!), expertIds: s.experts?.map((c) => inspectorIds.get(c)!),
    })));
    settleCommitment(db, c.id, 'draw');
    dropFrozenInputs(db, c.id);
    setTaskStatus(db, taskId, move.to, now.toISOString());
    recordAudit(db, { at: now.toISOString(), actor, action: 'draw', targetKind: 'tasks', targetId: taskId, summary: `抽取（ssj-draw/2）：${record.result.selected.length}户，种子 ${record.reveal.seed}`, after: { drawId, bundleHash: hash } });
    return { ok: true, value: { kind: 'draw', drawId, record, eligible } };
  });
}

/** Withdraws a task's open commitment, with its reason, before its beacon's time (v2 §5). */
export function withdrawCommitment(db: Db, taskId: number, reason: string, actor: string, now: Date): Result<null> {
  if (reason.trim().length < 4) return { ok: false, message: '撤回承诺必须写明理由' };
  return inTransaction(db, (): Result<null> => {
    const task = getTask(db, taskId);
    if (!task) return { ok: false, message: '任务不存在' };
    const c = openCommitmentV2(db, taskId);
    if (!c) return { ok: false, message: '该任务没有可撤回的承诺' };
    if (now.getTime() >= Date.parse(c.beaconAt)) return { ok: false, message: `随机信标时间（${chinaDateTime(c.beaconAt)}）已到，承诺不能再撤回，必须公布抽取结果` };
    const move = taskTransition(task.status, 'withdraw');
    if (!move.ok) return move;
    const late = backdated(db, task.departmentId, now.getTime());
    if (late) return { ok: false, message: late };
    appendWithdrawal(db, task.departmentId, taskId, c.recordHash, reason.trim(), now, c.id);
    settleCommitment(db, c.id, 'withdrawal');
    // Never drawn now: its frozen inputs go too.
    dropFrozenInputs(db, c.id);
    setTaskStatus(db, taskId, move.to, now.toISOString());
    recordAudit(db, { at: now.toISOString(), actor, action: 'withdraw', targetKind: 'tasks', targetId: taskId, summary: `撤回承诺：${reason.trim()}` });
    return { ok: true, value: null };
  });
}

function appendWithdrawal(db: Db, departmentId: number, taskId: number, withdraws: string, reason: string, now: Date, commitmentId: number | null): void {
  const w = buildWithdrawal({ withdraws, withdrawnAt: beijingTime(now.getTime()), reason, previous: registerHead(db, departmentId) });
  const body = canonicalize(w);
  appendRecord(db, { departmentId, kind: 'withdrawal', protocol: 'ssj-draw/2', taskId, at: w.withdrawnAt, hash: H(body), previous: w.previous, body, drawId: null, commitmentId });
}

/** Voiding an ssj-draw/2 draw is a withdrawal naming it: the draw stays public, marked void. */
export function voidDrawV2(db: Db, drawId: number, reason: string, actor: string, now: Date): Result<null> {
  if (reason.trim().length < 4) return { ok: false, message: '作废必须写明理由' };
  return inTransaction(db, (): Result<null> => {
    const d = getDraw(db, drawId);
    if (!d) return { ok: false, message: '抽取记录不存在' };
    const task = getTask(db, d.taskId)!;
    const move = taskTransition(task.status, 'void-draw');
    if (!move.ok) return move;
    const late = backdated(db, task.departmentId, now.getTime());
    if (late) return { ok: false, message: late };
    if (!voidDrawRow(db, drawId, reason.trim(), actor, now.toISOString())) return { ok: false, message: '该抽取已作废' };
    appendWithdrawal(db, d.departmentId, d.taskId, d.bundleHash, reason.trim(), now, null);
    setTaskStatus(db, d.taskId, move.to, now.toISOString());
    recordAudit(db, { at: now.toISOString(), actor, action: 'void', targetKind: 'tasks', targetId: d.taskId, summary: `作废抽取 #${drawId}：${reason.trim()}（登记簿记为撤回记录）` });
    return { ok: true, value: null };
  });
}

/** A task's open commitment as pages show it. */
export function commitmentState(c: CommitmentV2, now: Date): '等待随机信标' | '可以抽取' | '逾期未揭示' | '承诺中' {
  const t = now.getTime();
  if (t >= Date.parse(c.revealBy)) return '逾期未揭示';
  if (t <= Date.parse(c.beaconAt)) return '承诺中';
  return c.beaconValue ? '可以抽取' : '等待随机信标';
}

