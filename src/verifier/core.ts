// What the static verifier page does, without the page: check a bundle file, and check one entity.
import { verifyBundle, type Bundle, type VerifyProblem } from '../domain/bundle';
import { PROTOCOL } from '../domain/draw';
import type { StratumResult } from '../domain/draw';
import { ticket } from '../domain/draw';
import { compareUtf8 } from '../domain/hash';
import { cleanCode } from '../domain/normalize';
import { checkUscc, usccProblemText } from '../domain/uscc';
import { verifyOutcomeRecord, type DrawRecord, type FailureRecord } from '../domain/draw-v2';

/** A file the page checks: an ssj-draw/1 bundle, or an ssj-draw/2 draw or failure record. */
export type AnyBundle = Bundle | DrawRecord | FailureRecord;
export type BundleCheck = { ok: true; bundle: AnyBundle } | { ok: false; message: string; bundle?: AnyBundle };

export const isV2 = (b: AnyBundle): b is DrawRecord | FailureRecord => 'kind' in b;

export function checkBundleText(text: string): BundleCheck {
  let bundle: AnyBundle;
  try {
    bundle = JSON.parse(text) as AnyBundle;
  } catch {
    return { ok: false, message: '文件不是有效的 JSON，无法读取' };
  }
  if (bundle && typeof bundle === 'object' && 'kind' in bundle) {
    const r = bundle as DrawRecord | FailureRecord;
    if ((r.kind !== 'draw' && r.kind !== 'failure') || !r.commitment || !r.reveal || !r.inputs) return { ok: false, message: '文件不是抽取记录（ssj-draw/2 的抽取或失败记录）' };
    try {
      const v = verifyOutcomeRecord(r);
      return v.ok ? { ok: true, bundle: r } : { ok: false, message: `验证不通过：${v2ProblemText(v.difference)}`, bundle: r };
    } catch {
      return { ok: false, message: '验证不通过：记录的内容不完整或格式不对，无法重新计算', bundle: r };
    }
  }
  const b = bundle as Bundle;
  if (!b || typeof b !== 'object' || !b.seed || !b.inputs || !b.result) {
    return { ok: false, message: '文件不是抽取结果包（缺少 seed、inputs 或 result）' };
  }
  try {
    const v = verifyBundle(b);
    return v.ok ? { ok: true, bundle: b } : { ok: false, message: `验证不通过：${v.problem ? problemText(v.problem) : '结果包与重新计算的结果不一致'}`, bundle: b };
  } catch {
    return { ok: false, message: '验证不通过：结果包的内容不完整或格式不对，无法重新计算', bundle: b };
  }
}

/** What a verifier found wrong with an ssj-draw/2 record, in words a citizen reads. */
export function v2ProblemText(difference: string): string {
  const at = /^result\.(strata|selected)\[(\d+)\]/.exec(difference);
  if (at) return `${at[1] === 'strata' ? `分层结果第${Number(at[2]) + 1}层` : `抽中名单第${Number(at[2]) + 1}条`}与重新计算的不一致`;
  if (/secret: its SHA-256|secret is not 64/.test(difference)) return '公开的秘密值与事先公布的承诺值对不上';
  if (/signature|drand/.test(difference)) return 'drand 随机信标的签名或数值核验不通过，信标值不是该轮公开发布的值';
  if (/not the beacon the commitment named|lottery value/.test(difference)) return '随机信标与承诺时指定的不一致';
  if (/leadHours|beacon's time|revealBy|drawnAt|committedAt/.test(difference)) return '时间不符合规程：信标须在承诺后至少规定小时数，抽取须在信标之后、揭示期限之前';
  if (/inputsHash|counts/.test(difference)) return '输入数据（冻结的名录、规则、检查人员）与承诺时公布的哈希值或户数对不上';
  if (/seed/.test(difference)) return '种子对不上';
  if (/recomputes|^error/.test(difference)) return '抽取结果（或失败的位置）与重新计算的不一致';
  return '记录与重新计算的结果不一致';
}


const FIELD: Record<string, string> = {
  entity: '统一社会信用代码', ticket: '摇号号码', stratum: '所在分层', inspectors: '检查人员', threshold: '门槛号码', eligible: '可抽户数',
  selected: '抽取户数', key: '分层名称', quota: '应抽户数',
};

/** result.selected[2].inspectors[0] → 抽中名单第3条的检查人员第1位 */
export function resultPathText(path: (string | number)[]): string {
  const [, list, index, ...rest] = path;
  let where = list === 'selected' ? '抽中名单' : list === 'strata' ? '分层结果' : '抽取结果';
  if (typeof index === 'number') where += list === 'strata' ? `第${index + 1}层` : `第${index + 1}条`;
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i]!;
    where += typeof k === 'number' ? `第${k + 1}位` : `的${FIELD[k] ?? k}`;
  }
  return where;
}

const shown = (v: unknown) => (v === undefined ? '（缺少）' : typeof v === 'string' ? v || '（空）' : JSON.stringify(v));

/** What is wrong with a bundle, in words a citizen reads. */
export function problemText(p: VerifyProblem): string {
  switch (p.kind) {
    case 'protocol':
      return `结果包的协议版本为“${shown(p.got)}”，本验证工具只能验证 ${PROTOCOL}`;
    case 'commitment':
      return '结果包中的秘密值与事先公布的承诺值对不上（秘密值的 SHA-256 不等于承诺值）：结果包被改动过，或不属于这次抽取';
    case 'seed':
      return `种子对不上：结果包写的是 ${p.got}，由秘密值和现场见证值重新算出的是 ${p.want}`;
    case 'inputsHash':
      return `输入数据（名录、规则、检查人员）的哈希值对不上：结果包写的是 ${p.got}，重新算出的是 ${p.want}；输入数据被改动过`;
    case 'inputs':
      return `输入数据不符合抽取协议的要求（${inputsDetail(p.detail)}），无法重新计算`;
    case 'result':
      return p.shape
        ? `${resultPathText(p.path)}的结构与重新计算的不同`
        : `${resultPathText(p.path)}对不上：结果包写的是 ${shown(p.got)}，重新算出的是 ${shown(p.want)}`;
  }
}

/** The protocol's input checks, in Chinese; a check not listed is named generally. */
function inputsDetail(detail: string): string {
  if (/must be sorted/.test(detail)) return '名录、检查人员或回避名单没有按规定排序，或有重复';
  if (/is not a valid USCC/.test(detail)) return `名录中有无效的统一社会信用代码 ${/entity id (\S+)/.exec(detail)?.[1] ?? ''}`.trim();
  if (/stratum/.test(detail)) return '分层规则或分层名称有误';
  if (/maxLoad|inspector id/.test(detail)) return '检查人员名单有误';
  if (/exclusions/.test(detail)) return '回避名单有误';
  if (/team size|group slots/.test(detail)) return '检查组人数或组成有误';
  if (/no inspector for entity/.test(detail)) return '按规则有抽中对象配不到检查人员';
  if (/unknown protocol/.test(detail)) return '输入数据的协议版本不对';
  return '输入数据有误';
}

export type EntityCheck =
  | { kind: 'invalid'; message: string }
  | { kind: 'not-in-draw'; uscc: string; message: string }
  | { kind: 'selected' | 'left-out' | 'inconsistent'; uscc: string; stratum: string; ticket: string; threshold: string; inspectors: string[]; message: string };

function findEntity(xs: { id: string; stratum: string }[], id: string): { id: string; stratum: string } | undefined {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareUtf8(xs[mid]!.id, id);
    if (c === 0) return xs[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * What the entity check needs of a draw: from a parsed bundle (the verifier page), or from the
 * stored draw without parsing its bundle (the server: summary, selections, a search of the text).
 */
export interface DrawView {
  seedValue: string;
  strata: StratumResult[];
  /** The entity's stratum, or null when it is not in the draw's population. */
  stratumOf(uscc: string): string | null;
  /** The team of a selected entity, or null. */
  teamOf(uscc: string): string[] | null;
}

export function bundleView(b: Bundle | DrawRecord): DrawView {
  const seedValue = 'kind' in b ? b.reveal.seed : b.seed.value;
  return {
    seedValue,
    strata: b.result.strata,
    stratumOf: (uscc) => findEntity(b.inputs.entities, uscc)?.stratum ?? null,
    teamOf: (uscc) => b.result.selected.find((s) => s.entity === uscc)?.inspectors ?? null,
  };
}

/** 查询本企业摇号号码: the entity's ticket, its stratum's threshold, and whether it was rightly left out. */
export function checkEntity(b: Bundle | DrawRecord | DrawView, raw: string): EntityCheck {
  const view = 'seedValue' in b ? b : bundleView(b);
  const uscc = cleanCode(raw);
  const problem = checkUscc(uscc);
  if (problem) return { kind: 'invalid', message: usccProblemText(problem) };
  const stratumKey = view.stratumOf(uscc);
  if (stratumKey === null) return { kind: 'not-in-draw', uscc, message: '本次抽取的名录中没有这个统一社会信用代码：它不在抽取范围内，或在抽取前已按规则排除（如一年内已检查、已注销）。' };
  const t = ticket(view.seedValue, uscc);
  const threshold = view.strata.find((s) => s.key === stratumKey)?.threshold ?? '';
  const team = view.teamOf(uscc);
  const base = { uscc, stratum: stratumKey, ticket: t, threshold, inspectors: team ?? [] };
  if (team) return { kind: 'selected', ...base, message: `已被抽中（第“${stratumKey}”层），检查人员：${team.join('、')}` };
  if (threshold === '' || t > threshold) {
    return { kind: 'left-out', ...base, message: threshold === '' ? `未被抽中：第“${stratumKey}”层本次没有抽取任何对象。` : `未被抽中：本企业的号码大于第“${stratumKey}”层的门槛号码，确属依规未抽中。` };
  }
  return { kind: 'inconsistent', ...base, message: '异常：本企业的号码不大于门槛号码，却不在抽中名单里。此结果包有误，请向实施机关反映。' };
}
