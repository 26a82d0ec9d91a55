// ssj-draw/1 §5 (and ssj-draw/2 §4a for experts): filling one pool's slots of each team, by load
// levels, with an exactly unbiased pick from the draw's random stream. draw.ts runs it per selected
// entity for the inspectors, then for the experts.
import { DrawError, type InspectorInput } from './draw';

/** §5: an exactly unbiased integer in [0, m) from seedrandom's int32 stream. */
export function uniform(rng: { int32(): number }, m: number): number {
  const t = (4294967296 - m) % m;
  let u: number;
  do u = rng.int32() >>> 0;
  while (u < t);
  return u % m;
}

/** Position of x in the ascending list xs, or where it would go (binary search). */
function positionIn(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One pool's slot filling (§5; §4a for experts): returns the function that fills one entity's slots of
 * this pool, in slot order (group slots first), and throws DrawError naming the entity, the pool,
 * the slot and the rule that emptied it. Loads are the pool's own.
 */
export function slotFiller(
  rng: { int32(): number }, pool: InspectorInput[], groups: string[], size: number, exclusions: [string, string][], kind: 'inspectors' | 'experts',
): (entity: string) => string[] {
  // Members by index in id order (the inputs are sorted), so candidates collected in index
  // order are the pool "sorted by id" of the protocol.
  const P = pool.length;
  const index = new Map(pool.map((p, k) => [p.id, k]));
  const load = new Int32Array(P);
  const maxLoad = pool.map((p) => (p.maxLoad === null ? Infinity : p.maxLoad));
  const excludedByEntity = new Map<string, Set<number>>();
  for (const [i, e] of exclusions) {
    const k = index.get(i);
    if (k === undefined) continue; // an exclusion of someone outside the pool changes nothing
    let set = excludedByEntity.get(e);
    if (!set) excludedByEntity.set(e, (set = new Set()));
    set.add(k);
  }
  const slots: (string | null)[] = [...groups, ...Array<null>(size - groups.length).fill(null)];
  const members = slots.map((g) => (g === null ? null : pool.map((p) => p.groups.includes(g))));
  const levels: number[][] = [[]];
  for (let k = 0; k < P; k++) if (maxLoad[k]! > 0) levels[0]!.push(k);
  let low = 0;
  const tied = new Int32Array(P);
  // inTeam[k] === stamp marks the members of the team being filled (no clearing between entities).
  const inTeam = new Int32Array(P);
  let stamp = 0;

  /** Why a slot has no candidate: the last filter that took a non-empty set to nothing (group first). */
  const fail = (entity: string, n: number, excluded: Set<number> | undefined): never => {
    const inGroup = members[n];
    let group = 0;
    let notInTeam = 0;
    let notExcluded = 0;
    for (let k = 0; k < P; k++) {
      if (inGroup && !inGroup[k]) continue;
      group++;
      if (inTeam[k] === stamp) continue;
      notInTeam++;
      if (!excluded?.has(k)) notExcluded++;
    }
    const g = slots[n];
    const word = kind === 'inspectors' ? 'inspector' : 'expert';
    const slot = `${kind === 'experts' ? 'expert ' : ''}${g === null ? `slot ${n + 1} (open)` : `slot ${n + 1} (group ${g})`}`;
    const rule = group === 0 ? 'group' : notInTeam === 0 ? 'team' : notExcluded === 0 ? 'exclusions' : 'maxLoad';
    throw new DrawError(`no ${word} for entity ${entity}, ${slot}: the ${rule} rule left no candidate`, { entity, slot, slotIndex: n, group: g, rule, pool: kind });
  };

  /** The pick for one slot from the lowest level with a candidate, or -1 when no level has one. */
  const choose = (team: number[], inGroup: boolean[] | null, excluded: Set<number> | undefined): number => {
    for (let L = low; L < levels.length; L++) {
      const level = levels[L]!;
      if (level.length === 0) continue;
      if (!inGroup && !excluded) {
        // Candidates: the level without the team members in it; the j-th found by skipping their positions.
        const skip = team.filter((t) => load[t] === L && load[t]! < maxLoad[t]!).map((t) => positionIn(level, t)).sort((a, b) => a - b);
        const count = level.length - skip.length;
        if (count === 0) continue;
        let at = uniform(rng, count);
        for (const p of skip) if (p <= at) at++;
        return level[at]!;
      }
      let ties = 0;
      for (const k of level) {
        if ((inGroup && !inGroup[k]) || inTeam[k] === stamp || excluded?.has(k)) continue;
        tied[ties++] = k;
      }
      if (ties > 0) return tied[uniform(rng, ties)]!;
    }
    return -1;
  };

  return (entity) => {
    const excluded = excludedByEntity.get(entity);
    const team: number[] = [];
    stamp++;
    for (let n = 0; n < slots.length; n++) {
      const pick = choose(team, members[n] ?? null, excluded);
      if (pick < 0) fail(entity, n, excluded);
      // Up one level (or out, at its maximum).
      const L = load[pick]!;
      const from = levels[L]!;
      from.splice(positionIn(from, pick), 1);
      load[pick] = L + 1;
      if (L + 1 < maxLoad[pick]!) {
        const to = (levels[L + 1] ??= []);
        to.splice(positionIn(to, pick), 0, pick);
      }
      while (low < levels.length - 1 && levels[low]!.length === 0) low++;
      inTeam[pick] = stamp;
      team.push(pick);
    }
    return team.map((k) => pool[k]!.id);
  };
}

