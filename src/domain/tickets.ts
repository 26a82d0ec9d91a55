// ssj-draw/1 §4's ordering machinery: the members of each stratum in ticket order, from 48-bit ticket
// prefixes sorted natively, exact where prefixes tie. Used by the draw (draw.ts), the population's
// threads (services/population.ts) and the streaming verifier; it knows nothing of the inputs.
import { compareUtf8, H48 } from './hash';

/**
 * Orders the members of one stratum by ticket (ties, which need a SHA-256 collision, by id) and
 * returns the first k. Keeps only a 48-bit ticket prefix per member; the full ticket is looked up
 * (`fullTicket`) only where two prefixes tie. The sort is the engine's native numeric sort of one
 * Float64Array: each key packs the top bits of a prefix with the member's position (53 bits in
 * all), so no comparator runs; members whose packed prefixes are equal are then re-ordered exactly.
 * `prefixBits` is lowered only by tests, to make ties common.
 */
export function smallestTickets(
  prefixes: Float64Array,
  members: Int32Array,
  k: number,
  fullTicket: (member: number) => string,
  idOf: (member: number) => string,
  prefixBits?: number,
): Int32Array {
  const m = members.length;
  let indexBits = 1;
  while (2 ** indexBits < m) indexBits++;
  const bits = Math.min(48, prefixBits ?? 53 - indexBits);
  const scale = 2 ** indexBits;
  const shift = 2 ** (48 - bits);
  const top = (p: number) => Math.floor(p / shift);
  const keys = new Float64Array(m);
  for (let j = 0; j < m; j++) keys[j] = top(prefixes[members[j]!]!) * scale + j;
  keys.sort();
  const order = new Int32Array(m);
  for (let j = 0; j < m; j++) order[j] = members[keys[j]! % scale]!;
  // Runs of equal packed prefixes (rare at full width) are put in exact ticket order, then id order.
  const limit = Math.min(m, k);
  for (let a = 0; a < limit; ) {
    let b = a + 1;
    const t = top(prefixes[order[a]!]!);
    while (b < m && top(prefixes[order[b]!]!) === t) b++;
    if (b - a > 1) {
      const run = Array.from(order.subarray(a, b), (x) => ({ x, t: fullTicket(x), id: idOf(x) }));
      run.sort((p, q) => (p.t < q.t ? -1 : p.t > q.t ? 1 : compareUtf8(p.id, q.id)));
      run.forEach((r, i) => (order[a + i] = r.x));
    }
    a = b;
  }
  return order.subarray(0, limit);
}

/** A ticket's first 48 bits (12 hex digits) as a number: most ticket comparisons need no more. */
export function ticketPrefix(seed: string, id: string): number {
  return H48(`${seed}|ticket|${id}`);
}

/**
 * The members of each stratum in exact ticket order (ticket, then id): `order` lists positions
 * stratum by stratum, stratum s ending at ends[s]. `stratumOf[i]` is position i's stratum (0 to
 * strata - 1), `prefixes[i]` its ticketPrefix. A §4 selection takes the first k of each stratum.
 */
export function ticketRuns(
  prefixes: Float64Array, stratumOf: Int32Array, strata: number, fullTicket: (i: number) => string, idOf: (i: number) => string,
): { order: Int32Array; ends: Int32Array } {
  const ends = new Int32Array(strata);
  for (let i = 0; i < stratumOf.length; i++) ends[stratumOf[i]!]!++;
  for (let s = 1; s < strata; s++) ends[s]! += ends[s - 1]!;
  const order = new Int32Array(stratumOf.length);
  const filled = Int32Array.from(ends, (_, s) => (s ? ends[s - 1]! : 0));
  for (let i = 0; i < stratumOf.length; i++) order[filled[stratumOf[i]!]!++] = i;
  for (let s = 0, start = 0; s < strata; start = ends[s++]!) {
    const group = order.subarray(start, ends[s]);
    group.set(smallestTickets(prefixes, group, group.length, fullTicket, idOf));
  }
  return { order, ends };
}
