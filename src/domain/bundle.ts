// ssj-draw/1 §6: the published bundle of a draw, and its verification by recomputation.
import { canonicalize, writeCanonical } from './jcs';
import { H, hasher } from './hash';
import { assignTeams, checkInputs, draw, DrawError, PROTOCOL, seedValue, type DrawInputs, type DrawResult, type Selection, type StratumResult, type StratumRule } from './draw';

export interface BundleTask {
  id: string;
  title: string;
  department: string;
  items: { code: string; name: string }[];
  drawnAt: string;
}
export interface BundleSeed {
  commitment: string;
  committedAt: string;
  secret: string;
  entropy: string;
  value: string;
}
export interface Bundle {
  protocol: typeof PROTOCOL;
  task: BundleTask;
  seed: BundleSeed;
  inputs: DrawInputs;
  inputsHash: string;
  result: DrawResult;
  previous: string;
}

/** What pages show of a draw without reading its bundle (stored beside it; migration 0011 made it for older draws). */
export interface DrawSummary {
  eligible: number;
  selected: number;
  /** Inspectors in the pool. */
  pool: number;
  /** A joint (multi-department) draw: teams have group slots. */
  joint: boolean;
  rules: StratumRule[];
  strata: StratumResult[];
  seed: BundleSeed;
  inputsHash: string;
  /** ssj-draw/2: the beacon in words, and its value. */
  beacon?: { text: string; value: string };
}

export function summarizeBundle(b: Bundle): DrawSummary {
  return {
    eligible: b.inputs.entities.length, selected: b.result.selected.length, pool: b.inputs.inspectors.length, joint: b.inputs.team.groups.length > 0,
    rules: b.inputs.strata, strata: b.result.strata, seed: b.seed, inputsHash: b.inputsHash,
  };
}

/** H(JCS(v)), hashed piece by piece: the same value, without the whole text in memory at once. */
export function canonicalHash(v: unknown): string {
  const h = hasher();
  writeCanonical(v, (piece) => h.update(piece));
  return h.digest();
}

export function inputsHash(inputs: DrawInputs): string {
  return canonicalHash(inputs);
}

/** The hash a following bundle names as its `previous`: H(JCS(bundle)). */
export function bundleHash(b: Bundle): string {
  return canonicalHash(b);
}

export function buildBundle(a: {
  task: BundleTask;
  seed: Omit<BundleSeed, 'value'>;
  inputs: DrawInputs;
  previous: string;
  /**
   * §4's result for these inputs and this seed, when the caller has it already. Selection does not
   * depend on the exclusions, so a caller that selected first (to know whose exclusions matter)
   * need not select twice. Verification never takes this shortcut.
   */
  selection?: { strata: StratumResult[]; selected: Omit<Selection, 'inspectors'>[] };
  /** H(canonicalize(inputs)), when the caller has it already (the canonical inputs are most of a large bundle's text). */
  inputsHash?: string;
  /** The caller checked the entities as it read them (see checkInputs); only with `selection`. */
  entitiesChecked?: boolean;
}): Bundle {
  if (H(a.seed.secret) !== a.seed.commitment) throw new DrawError('the secret does not match its commitment');
  const value = seedValue(a.seed.secret, a.seed.entropy);
  let result: DrawResult;
  if (a.selection) {
    checkInputs(a.inputs, { entitiesChecked: a.entitiesChecked });
    result = { strata: a.selection.strata, selected: assignTeams(value, a.inputs, a.selection.selected) };
  } else result = draw(value, a.inputs);
  return {
    protocol: PROTOCOL,
    task: a.task,
    seed: { ...a.seed, value },
    inputs: a.inputs,
    inputsHash: a.inputsHash ?? inputsHash(a.inputs),
    result,
    previous: a.previous,
  };
}

/**
 * canonicalize(b), reusing the canonical text of its inputs when given: the members in RFC 8785
 * order (inputs, inputsHash, previous, protocol, result, seed, task), each in canonical form.
 */
export function canonicalBundle(b: Bundle, inputsJson: string = canonicalize(b.inputs)): string {
  return canonicalBundlePieces(b, inputsJson).join('');
}

/**
 * canonicalBundle(b, inputs) as the pieces it is joined from, the canonical inputs given in whatever
 * form the caller keeps them (a string, or its UTF-8 bytes in pieces): joined as text, a large
 * bundle is one string of two-byte characters (its task is named in Chinese), twice the size of its
 * mostly ASCII pieces.
 */
export function canonicalBundlePieces<T>(b: Bundle, inputsJson: T): (string | T)[] {
  const c = canonicalize;
  return [
    '{"inputs":', inputsJson,
    `,"inputsHash":${c(b.inputsHash)},"previous":${c(b.previous)},"protocol":${c(b.protocol)},"result":`, c(b.result),
    `,"seed":${c(b.seed)},"task":${c(b.task)}}`,
  ];
}

/**
 * canonicalize(inputs) as pieces, given the canonical text of its entities (most of it, made as they
 * were read) in whatever form the caller keeps it: the members in RFC 8785 order (entities,
 * exclusions, inspectors, protocol, strata, team).
 */
export function canonicalInputsPieces<T>(inputs: DrawInputs, entitiesJson: T): (string | T)[] {
  const c = canonicalize;
  return [
    '{"entities":', entitiesJson,
    `,"exclusions":${c(inputs.exclusions)}${inputs.experts !== undefined ? `,"experts":${c(inputs.experts)}` : ''},"inspectors":${c(inputs.inspectors)},"protocol":${c(inputs.protocol)},"strata":${c(inputs.strata)},"team":${c(inputs.team)}}`,
  ];
}

/**
 * An upper bound of the length of a bundle's canonical text, known before the teams are paired: the
 * entities exactly (each {"id":…,"stratum":…},, or the length of their canonical text when the caller
 * has it: its UTF-8 length will do, never shorter), each selection with the longest inspector id in
 * every slot, and 64 KiB for the rest (task, seed, strata, hashes).
 */
export function bundleTextBound(inputs: DrawInputs, selected: { entity: string; stratum: string }[], entitiesLength?: number): number {
  const keyLength = new Map(inputs.strata.map((s) => [s.key, JSON.stringify(s.key).length]));
  let n = 64 * 1024 + canonicalize(inputs.inspectors).length + canonicalize(inputs.exclusions).length + canonicalize(inputs.strata).length * 3;
  if (entitiesLength !== undefined) n += entitiesLength;
  else for (const e of inputs.entities) n += 18 + JSON.stringify(e.id).length + keyLength.get(e.stratum)!;
  const longestInspector = Math.max(0, ...inputs.inspectors.map((i) => JSON.stringify(i.id).length + 1));
  for (const s of selected) n += 110 + JSON.stringify(s.entity).length + keyLength.get(s.stratum)! + inputs.team.size * longestInspector;
  return n;
}

/**
 * Landmarks of a bundle's canonical text, for reading one entity's record without parsing the text
 * (src/store/bundle-pieces.ts). The population comes first (keys sorted: inputs, then entities), each
 * record '{"id":…,"stratum":…}' in id order. In canonical JSON an unescaped quote always delimits a
 * string, so '{"id":"' within the list only ever begins a record and '],"exclusions":[' only ends it.
 */
export const CANONICAL_HEAD = '{"inputs":{"entities":[';
export const ENTITY_START = '{"id":"';
export const ENTITIES_END = '],"exclusions":[';

/** What a verification found wrong, for a reader in any language (the verifier page says it in Chinese). */
export type VerifyProblem =
  | { kind: 'protocol'; got: unknown }
  | { kind: 'commitment' }
  | { kind: 'seed'; got: string; want: string }
  | { kind: 'inputsHash'; got: string; want: string }
  | { kind: 'inputs'; detail: string }
  | { kind: 'result'; path: (string | number)[]; got: unknown; want: unknown; shape: boolean };

export type Verification = { ok: true } | { ok: false; difference: string; problem?: VerifyProblem };

type Difference = { path: (string | number)[]; got: unknown; want: unknown; shape: boolean };

function firstDifference(path: (string | number)[], got: unknown, want: unknown): Difference | null {
  if (typeof got !== 'object' || got === null || typeof want !== 'object' || want === null) {
    return got === want ? null : { path, got, want, shape: false };
  }
  if (Array.isArray(got) !== Array.isArray(want)) return { path, got, want, shape: true };
  const keys: (string | number)[] = Array.isArray(want) ? [...Array(Math.max((got as unknown[]).length, want.length)).keys()] : [...new Set([...Object.keys(got), ...Object.keys(want)])];
  for (const k of keys) {
    const d = firstDifference([...path, k], (got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k]);
    if (d) return d;
  }
  return null;
}

/** result.selected[2].inspectors[0] */
export function pathText(path: (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/**
 * Recomputes everything a bundle claims (§6 "A verifier checks"): the commitment, the seed, the
 * inputs hash, every stratum, selection and team. The `previous` link is checked by verifyChain.
 */
export function verifyBundle(b: Bundle): Verification {
  if (b.protocol !== PROTOCOL) return { ok: false, difference: `protocol is ${String(b.protocol)}, this verifier knows ${PROTOCOL}`, problem: { kind: 'protocol', got: b.protocol } };
  if (b.inputs?.protocol !== PROTOCOL) return { ok: false, difference: `inputs.protocol must be ${PROTOCOL}`, problem: { kind: 'inputs', detail: `inputs.protocol is ${String(b.inputs?.protocol)}` } };
  if (!b.seed || typeof b.seed.secret !== 'string' || !/^[0-9a-f]{64}$/.test(b.seed.secret)) {
    return { ok: false, difference: 'seed.secret is not 64 lowercase hex characters', problem: { kind: 'commitment' } };
  }
  if (H(b.seed.secret) !== b.seed.commitment) return { ok: false, difference: 'seed.secret: its SHA-256 is not seed.commitment', problem: { kind: 'commitment' } };
  // A missing entropy is no entropy to recompute with (it would hash as the text "undefined").
  if (typeof b.seed.entropy !== 'string') return { ok: false, difference: 'seed.entropy must be a string ("" when there is none)', problem: { kind: 'seed', got: String(b.seed.entropy), want: 'a string' } };
  const value = seedValue(b.seed.secret, b.seed.entropy);
  if (value !== b.seed.value) return { ok: false, difference: `seed.value: the bundle says ${b.seed.value}, recomputed ${value}`, problem: { kind: 'seed', got: b.seed.value, want: value } };
  const ih = inputsHash(b.inputs);
  if (ih !== b.inputsHash) return { ok: false, difference: `inputsHash: the bundle says ${b.inputsHash}, recomputed ${ih}`, problem: { kind: 'inputsHash', got: b.inputsHash, want: ih } };
  let result: DrawResult;
  try {
    result = draw(value, b.inputs);
  } catch (e) {
    if (e instanceof DrawError) return { ok: false, difference: `inputs: ${e.message}`, problem: { kind: 'inputs', detail: e.message } };
    throw e;
  }
  const d = firstDifference(['result'], b.result, result);
  if (!d) return { ok: true };
  const difference = d.shape ? `${pathText(d.path)}: shapes differ` : `${pathText(d.path)}: the bundle says ${JSON.stringify(d.got)}, recomputed ${JSON.stringify(d.want)}`;
  return { ok: false, difference, problem: { kind: 'result', ...d } };
}

/** Verifies bundles of one department in order: each valid, each naming the one before it. */
export function verifyChain(bundles: Bundle[]): Verification {
  let prev = '';
  for (const [i, b] of bundles.entries()) {
    if (b.previous !== prev) return { ok: false, difference: `bundle ${i + 1} (${b.task.id}): previous is ${b.previous || '""'}, expected ${prev || '""'}` };
    const v = verifyBundle(b);
    if (!v.ok) return { ok: false, difference: `bundle ${i + 1} (${b.task.id}): ${v.difference}` };
    prev = bundleHash(b);
  }
  return { ok: true };
}
