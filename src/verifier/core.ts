// What the static verifier page does, without the page: check a bundle file, and check one entity.
import { verifyBundle, type Bundle } from '../domain/bundle';
import type { StratumResult } from '../domain/draw';
import { ticket } from '../domain/draw';
import { compareUtf8 } from '../domain/hash';
import { cleanCode } from '../domain/normalize';
import { checkUscc, usccProblemText } from '../domain/uscc';

export type BundleCheck = { ok: true; bundle: Bundle } | { ok: false; message: string; bundle?: Bundle };

export function checkBundleText(text: string): BundleCheck {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(text) as Bundle;
  } catch {
    return { ok: false, message: '文件不是有效的 JSON，无法读取' };
  }
  if (!bundle || typeof bundle !== 'object' || !bundle.seed || !bundle.inputs || !bundle.result) {
    return { ok: false, message: '文件不是抽取结果包（缺少 seed、inputs 或 result）' };
  }
  try {
    const v = verifyBundle(bundle);
    return v.ok ? { ok: true, bundle } : { ok: false, message: `验证不通过：${v.difference}`, bundle };
  } catch (e) {
    return { ok: false, message: `验证不通过：${(e as Error).message}`, bundle };
  }
}

export type EntityCheck =
  | { kind: 'invalid'; message: string }
  | { kind: 'not-in-draw'; uscc: string; message: string }
  | { kind: 'selected' | 'left-out' | 'inconsistent'; uscc: string; stratum: string; ticket: string; threshold: string; inspectors: string[]; message: string };

function findEntity(b: Bundle, id: string): { id: string; stratum: string } | undefined {
  const xs = b.inputs.entities;
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

export function bundleView(b: Bundle): DrawView {
  return {
    seedValue: b.seed.value,
    strata: b.result.strata,
    stratumOf: (uscc) => findEntity(b, uscc)?.stratum ?? null,
    teamOf: (uscc) => b.result.selected.find((s) => s.entity === uscc)?.inspectors ?? null,
  };
}

/** 查询本企业摇号号码: the entity's ticket, its stratum's threshold, and whether it was rightly left out. */
export function checkEntity(b: Bundle | DrawView, raw: string): EntityCheck {
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
