// What the static verifier page does, without the page: check a bundle file, and check one entity.
import { verifyBundle, type Bundle } from '../domain/bundle';
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

/** 查询本企业摇号号码: the entity's ticket, its stratum's threshold, and whether it was rightly left out. */
export function checkEntity(b: Bundle, raw: string): EntityCheck {
  const uscc = cleanCode(raw);
  const problem = checkUscc(uscc);
  if (problem) return { kind: 'invalid', message: usccProblemText(problem) };
  const e = findEntity(b, uscc);
  if (!e) return { kind: 'not-in-draw', uscc, message: '本次抽取的名录中没有这个统一社会信用代码：它不在抽取范围内，或在抽取前已按规则排除（如一年内已检查、已注销）。' };
  const t = ticket(b.seed.value, uscc);
  const stratum = b.result.strata.find((s) => s.key === e.stratum);
  const threshold = stratum?.threshold ?? '';
  const sel = b.result.selected.find((s) => s.entity === uscc);
  const base = { uscc, stratum: e.stratum, ticket: t, threshold, inspectors: sel?.inspectors ?? [] };
  if (sel) return { kind: 'selected', ...base, message: `已被抽中（第“${e.stratum}”层），检查人员：${sel.inspectors.join('、')}` };
  if (threshold === '' || t > threshold) {
    return { kind: 'left-out', ...base, message: threshold === '' ? `未被抽中：第“${e.stratum}”层本次没有抽取任何对象。` : `未被抽中：本企业的号码大于第“${e.stratum}”层的门槛号码，确属依规未抽中。` };
  }
  return { kind: 'inconsistent', ...base, message: '异常：本企业的号码不大于门槛号码，却不在抽中名单里。此结果包有误，请向实施机关反映。' };
}
