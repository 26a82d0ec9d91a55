// ssj-draw/1: the draw as a pure function of its inputs and seed (../shared/design/draw-protocol.md).
// §4 selects entities by SHA-256 tickets per stratum; §5 pairs inspector teams with seedrandom.
import seedrandom from 'seedrandom';
import { compareUtf8, H } from './hash';
import { smallestTickets, ticketPrefix, ticketRuns } from './tickets';
import { isValidUscc } from './uscc';
import { slotFiller, uniform } from './slots';
export { uniform };

export { smallestTickets, ticketPrefix, ticketRuns };

export const PROTOCOL = 'ssj-draw/1';
/** ssj-draw/2 (draw-v2.ts) keeps §3-§5 as they are; its inputs carry its own id. */
export const PROTOCOL_V2 = 'ssj-draw/2';

export interface EntityInput {
  id: string;
  stratum: string;
}
export type StratumRule = { key: string; count: number } | { key: string; ratioBp: number };
export interface InspectorInput {
  id: string;
  groups: string[];
  maxLoad: number | null;
}
export interface TeamRule {
  size: number;
  groups: string[];
  /** ssj-draw/2 §4a: expert slots per team (group slots included), present only in a draw with experts. */
  experts?: number;
  expertGroups?: string[];
}
export interface DrawInputs {
  protocol: typeof PROTOCOL | typeof PROTOCOL_V2;
  entities: EntityInput[];
  strata: StratumRule[];
  inspectors: InspectorInput[];
  exclusions: [string, string][];
  team: TeamRule;
  /** ssj-draw/2 §4a: the expert pool (as inspectors), present only in a draw with experts. */
  experts?: InspectorInput[];
}

export interface StratumResult {
  key: string;
  eligible: number;
  selected: number;
  /** The largest selected ticket; '' when the stratum selects nobody. */
  threshold: string;
}
export interface Selection {
  entity: string;
  stratum: string;
  ticket: string;
  inspectors: string[];
  /** ssj-draw/2 §4a: the entity's experts in pick order, in a draw with experts only. */
  experts?: string[];
}
export interface DrawResult {
  strata: StratumResult[];
  selected: Selection[];
}

/** A draw that cannot be completed; nothing of it may be stored. */
export class DrawError extends Error {
  constructor(
    message: string,
    /** For a slot left empty: the entity, the slot (text; its index among the team's slots, group slots first; its group) and the rule that emptied it. */
    readonly detail: { entity?: string; slot?: string; slotIndex?: number; group?: string | null; rule?: string; pool?: 'inspectors' | 'experts' } = {},
  ) {
    super(message);
  }
}

/** §2: seed = H("ssj-draw/1|" + secretHex + "|" + entropy). */
export function seedValue(secretHex: string, entropy: string): string {
  return H(`${PROTOCOL}|${secretHex}|${entropy}`);
}

/** §4: ticket(e) = H(seed + "|ticket|" + e.id). */
export function ticket(seed: string, id: string): string {
  return H(`${seed}|ticket|${id}`);
}

/** k for a stratum of n eligible entities, in exact integer arithmetic. */
export function quota(rule: StratumRule, n: number): number {
  if ('count' in rule) return Math.min(n, rule.count);
  return Math.min(n, Math.floor((n * rule.ratioBp + 9999) / 10000));
}

function sortedStrictly<T>(xs: T[], key: (x: T) => string, what: string): void {
  for (let i = 1; i < xs.length; i++) {
    if (compareUtf8(key(xs[i - 1]!), key(xs[i]!)) >= 0) throw new DrawError(`${what} must be sorted by UTF-8 bytes without duplicates (at ${key(xs[i]!)})`);
  }
}

const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
const noBar = (s: unknown) => typeof s === 'string' && s !== '' && !s.includes('|');

/**
 * Checks the canonical form of §3 (types, sorting, uniqueness); throws DrawError naming the first
 * problem. `entitiesChecked` skips the walk over the entities, for a caller that checked them as it
 * read them (valid USCCs, strictly ascending, each stratum key one of the strata's keys); a verifier
 * never skips it.
 */
export function checkInputs(i: DrawInputs, opts: { entitiesChecked?: boolean } = {}): void {
  if (i.protocol !== PROTOCOL && i.protocol !== PROTOCOL_V2) throw new DrawError(`unknown protocol ${String(i.protocol)}`);
  if (!opts.entitiesChecked) {
    for (const e of i.entities) {
      if (!isValidUscc(e.id)) throw new DrawError(`entity id ${e.id} is not a valid USCC`);
      if (!noBar(e.stratum)) throw new DrawError(`entity ${e.id}: bad stratum key`);
    }
    sortedStrictly(i.entities, (e) => e.id, 'entities');
  }
  for (const s of i.strata) {
    if (!noBar(s.key)) throw new DrawError(`bad stratum key ${String(s.key)}`);
    const ok = 'count' in s ? isCount(s.count) && !('ratioBp' in s) : isCount((s as { ratioBp: number }).ratioBp) && (s as { ratioBp: number }).ratioBp <= 10000;
    if (!ok) throw new DrawError(`stratum ${s.key}: needs one of count or ratioBp (0..10000), whole numbers`);
  }
  sortedStrictly(i.strata, (s) => s.key, 'strata');
  const keys = new Set(i.strata.map((s) => s.key));
  if (!opts.entitiesChecked) for (const e of i.entities) if (!keys.has(e.stratum)) throw new DrawError(`entity ${e.id}: stratum ${e.stratum} has no rule`);
  checkPool(i.inspectors, 'inspector');
  checkExperts(i);
  for (let k = 0; k < i.exclusions.length; k++) {
    const [a, b] = i.exclusions[k]!;
    if (!noBar(a) || !noBar(b)) throw new DrawError('exclusions must be [inspectorId, entityId] pairs');
    // Pairs compare element by element (not as joined strings: '|' sorts after letters).
    const prev = i.exclusions[k - 1];
    if (prev && (compareUtf8(prev[0], a) || compareUtf8(prev[1], b)) >= 0) throw new DrawError(`exclusions must be sorted without duplicates (at ${a}, ${b})`);
  }
  if (!Number.isSafeInteger(i.team.size) || i.team.size < 2) throw new DrawError('team size must be a whole number of at least 2');
  if (i.team.groups.length > i.team.size) throw new DrawError('more group slots than team members');
}


function checkPool(pool: InspectorInput[], what: string): void {
  for (const p of pool) {
    if (!noBar(p.id)) throw new DrawError(`bad ${what} id ${String(p.id)}`);
    if (!(p.maxLoad === null || isCount(p.maxLoad))) throw new DrawError(`${what} ${p.id}: maxLoad must be a whole number or null`);
    sortedStrictly(p.groups, (g) => g, `groups of ${what} ${p.id}`);
  }
  sortedStrictly(pool, (p) => p.id, what === 'inspector' ? 'inspectors' : `${what}s`);
}

/** ssj-draw/2 §4a: experts all present (team.experts >= 1, inputs.experts) or all absent; no id in both pools. */
function checkExperts(i: DrawInputs): void {
  const t = i.team;
  const has = t.experts !== undefined;
  if (!has) {
    if (i.experts !== undefined || t.expertGroups !== undefined) throw new DrawError('experts need team.experts (and team.experts needs inputs.experts)');
    return;
  }
  if (i.protocol !== PROTOCOL_V2) throw new DrawError('experts belong to ssj-draw/2 only');
  if (!Number.isSafeInteger(t.experts) || t.experts! < 1) throw new DrawError('team.experts must be a whole number of at least 1');
  if (!Array.isArray(i.experts)) throw new DrawError('a draw with team.experts needs inputs.experts');
  if ((t.expertGroups ?? []).length > t.experts!) throw new DrawError('more expert group slots than expert slots');
  checkPool(i.experts, 'expert');
  const inspectors = new Set(i.inspectors.map((p) => p.id));
  for (const e of i.experts) if (inspectors.has(e.id)) throw new DrawError(`${e.id} is both an inspector and an expert`);
}

/** §4's result: the strata's figures, the selected entities in draw order, and their positions in inputs.entities. */
export interface EntitySelection {
  strata: StratumResult[];
  selected: Omit<Selection, 'inspectors'>[];
  positions: number[];
}


/** §4: the selected entities of every stratum, in draw order, with each stratum's figures. */
export function selectEntities(seed: string, inputs: DrawInputs): EntitySelection {
  const entities = inputs.entities;
  const n = entities.length;
  const slot = new Map(inputs.strata.map((s, i) => [s.key, i]));
  // Per entity: its stratum and its ticket's first 48 bits (12 hex digits) as a number.
  const stratumOf = new Int32Array(n);
  const prefixes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    stratumOf[i] = slot.get(entities[i]!.stratum)!;
    prefixes[i] = ticketPrefix(seed, entities[i]!.id);
  }
  const { order, ends } = ticketRuns(prefixes, stratumOf, inputs.strata.length, (i) => ticket(seed, entities[i]!.id), (i) => entities[i]!.id);
  const start = (s: number) => (s ? ends[s - 1]! : 0);
  return takeSmallest(seed, inputs, Array.from(ends, (end, s) => end - start(s)), (s, k) => order.subarray(start(s), start(s) + k));
}

/**
 * §4 from members put in ticket order where the population was read (on several threads):
 * `runs[s]` holds, for stratum s of inputs.strata, sequences of positions in inputs.entities, each
 * in exact ticket order (ticket, then id, as ticketRuns orders them). The k smallest of a stratum
 * are taken by merging its runs, comparing prefixes and, where two are equal, full tickets then ids.
 * The result is selectEntities' (a test compares them).
 */
export function selectFromRuns(seed: string, inputs: DrawInputs, prefixes: Float64Array, runs: Int32Array[][]): EntitySelection {
  const entities = inputs.entities;
  const full = (i: number) => ticket(seed, entities[i]!.id);
  const before = (a: number, b: number): boolean => {
    if (prefixes[a] !== prefixes[b]) return prefixes[a]! < prefixes[b]!;
    const ta = full(a);
    const tb = full(b);
    return ta !== tb ? ta < tb : compareUtf8(entities[a]!.id, entities[b]!.id) < 0;
  };
  const sizes = runs.map((rs) => rs.reduce((a, r) => a + r.length, 0));
  return takeSmallest(seed, inputs, sizes, (s, k) => {
    const rs = runs[s]!;
    const at = rs.map(() => 0);
    const out = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      let best = -1;
      for (let r = 0; r < rs.length; r++) {
        if (at[r]! < rs[r]!.length && (best < 0 || before(rs[r]![at[r]!]!, rs[best]![at[best]!]!))) best = r;
      }
      out[j] = rs[best]![at[best]!++]!;
    }
    return out;
  });
}

/** The strata's figures and the selection in draw order, from each stratum's k smallest members in ticket order. */
function takeSmallest(seed: string, inputs: DrawInputs, sizes: number[], smallest: (s: number, k: number) => Int32Array): EntitySelection {
  return selectionFromOrder(seed, inputs.strata, sizes, smallest, (i) => inputs.entities[i]!.id);
}

/**
 * §4's result from each stratum's members in ticket order (`smallest(s, k)`: the first k positions of
 * stratum s), the entities known only by position (`idOf`): for populations kept as compact arrays
 * (the streaming verifier) as for lists of records.
 */
export function selectionFromOrder(
  seed: string, strata: StratumRule[], sizes: number[], smallest: (s: number, k: number) => Int32Array, idOf: (i: number) => string,
): EntitySelection {
  const result: StratumResult[] = [];
  const selected: Omit<Selection, 'inspectors'>[] = [];
  // Where each selected entity is in the population (for callers that keep more about each row).
  const positions: number[] = [];
  strata.forEach((rule, s) => {
    const k = quota(rule, sizes[s]!);
    let last = '';
    for (const i of smallest(s, k)) {
      const id = idOf(i);
      last = ticket(seed, id);
      selected.push({ entity: id, stratum: rule.key, ticket: last });
      positions.push(i);
    }
    result.push({ eligible: sizes[s]!, key: rule.key, selected: k, threshold: last });
  });
  return { strata: result, selected, positions };
}

/**
 * §5: fills every team slot by slot; throws DrawError naming the entity, the slot and the rule that
 * emptied it. Inspectors are kept by load: `levels[L]` lists, in id order, those with load L still
 * under their maximum, so a slot looks at the lowest level that has a candidate instead of at the
 * whole pool. For an open slot of an entity without exclusions the pool is that level minus the team
 * (a few), and the pick is found by position without a scan.
 */
export function assignTeams(seed: string, inputs: Omit<DrawInputs, 'entities'>, selected: Omit<Selection, 'inspectors'>[]): Selection[] {
  const out = new Array<Selection>(selected.length);
  let i = 0;
  assignTeamsEach(seed, inputs, selected, (s) => void (out[i++] = s));
  return out;
}

/**
 * assignTeams, each team given to `emit` as it is filled, in draw order, instead of collected (the
 * streaming verifier hashes them as they come). With `release`, each selected entity's entry is
 * dropped from `selected` once its team is emitted, so a large draw need not hold both lists.
 */
export function assignTeamsEach(
  seed: string, inputs: Omit<DrawInputs, 'entities'>, selected: (Omit<Selection, 'inspectors'> | undefined)[], emit: (s: Selection) => void, release = false,
): void {
  const rng = seedrandom(H(`${seed}|assign`));
  const inspectors = slotFiller(rng, inputs.inspectors, inputs.team.groups, inputs.team.size, inputs.exclusions, 'inspectors');
  // §4a: a draw with experts fills them after each entity's inspectors, from the same rng.
  const experts = inputs.team.experts !== undefined
    ? slotFiller(rng, inputs.experts ?? [], inputs.team.expertGroups ?? [], inputs.team.experts, inputs.exclusions, 'experts')
    : null;
  for (let at = 0; at < selected.length; at++) {
    const s = selected[at]!;
    if (release) selected[at] = undefined;
    const team = inspectors(s.entity);
    // Keys in canonical (sorted) order, so that the bundle's JSON is written natively (jcs.ts).
    emit(experts
      ? { entity: s.entity, experts: experts(s.entity), inspectors: team, stratum: s.stratum, ticket: s.ticket }
      : { entity: s.entity, inspectors: team, stratum: s.stratum, ticket: s.ticket });
  }
}

/** The whole draw: §4 then §5. */
export function draw(seed: string, inputs: DrawInputs): DrawResult {
  checkInputs(inputs);
  const { strata, selected } = selectEntities(seed, inputs);
  return { strata, selected: assignTeams(seed, inputs, selected) };
}
