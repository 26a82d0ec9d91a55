// ssj-draw/2 (../shared/design/draw-protocol-v2.md, in our words in docs/draw-protocol.md): the
// records of a department's register (commitment, draw, failure, withdrawal), the seed that mixes
// the department's secret with a public beacon named before anyone could know its value, and the
// checks a verifier makes of one record (of a whole register: register.ts). §4 and §5 of ssj-draw/1
// (tickets, quotas, teams) are unchanged and come from draw.ts.
import { H, sha256Hex } from './hash';
import { chinaDateTime } from './dates';
import { hexToBytes } from '@noble/hashes/utils.js';
import { canonicalHash } from './bundle';
import { draw, DrawError, PROTOCOL, PROTOCOL_V2, type DrawInputs, type DrawResult } from './draw';
import { verifyDrandRound, QUICKNET } from './drand';

export { PROTOCOL_V2 };

export type Beacon =
  | { kind: 'drand'; chain: string; round: number; time: string }
  | { kind: 'lottery'; name: string; issue: string; time: string }
  | { kind: 'witness'; time: string; place: string };
/** The beacon as named, with its value (and, for drand, the round's signature). */
export type RevealedBeacon = Beacon & { value: string; signature?: string };

export interface CommitmentRecord {
  kind: 'commitment';
  protocol: typeof PROTOCOL_V2;
  department: string;
  task: { id: string; number: string; title: string; items: { code: string; name: string }[] };
  committedAt: string;
  commitment: string;
  inputsHash: string;
  counts: { eligible: number; strata: { key: string; eligible: number }[] | null; inspectors: number; experts?: number };
  beacon: Beacon;
  leadHours: number;
  revealBy: string;
  previous: string;
}

export interface Reveal {
  secret: string;
  beacon: RevealedBeacon;
  entropy: string;
  seed: string;
  drawnAt: string;
}

export interface DrawRecord {
  kind: 'draw';
  protocol: typeof PROTOCOL_V2;
  commitment: CommitmentRecord;
  reveal: Reveal;
  inputs: DrawInputs;
  inputsHash: string;
  result: DrawResult;
  previous: string;
}

export interface SlotFailure {
  entity: string;
  pool: 'inspectors' | 'experts';
  slot: number;
  group: string | null;
  message: string;
}

export interface FailureRecord {
  kind: 'failure';
  protocol: typeof PROTOCOL_V2;
  commitment: CommitmentRecord;
  reveal: Reveal;
  inputs: DrawInputs;
  inputsHash: string;
  error: SlotFailure;
  previous: string;
}

export interface WithdrawalRecord {
  kind: 'withdrawal';
  protocol: typeof PROTOCOL_V2;
  withdraws: string;
  withdrawnAt: string;
  reason: string;
  previous: string;
}

/** How a register publishes a draw: its bundle by reference (bundles are large, some withheld). */
export interface DrawRef {
  kind: 'draw-ref';
  protocol: typeof PROTOCOL | typeof PROTOCOL_V2;
  hash: string;
  commitment: string;
  drawnAt: string;
  previous: string;
  url: string | null;
}

export type RegisterRecord = CommitmentRecord | DrawRecord | FailureRecord | WithdrawalRecord;
/** A register as published: draws as references, everything else whole. */
export type PublishedRecord = CommitmentRecord | FailureRecord | WithdrawalRecord | DrawRef;

/** A beacon in words, in Beijing time: for the pages, the notices and the verifier page. */
export function beaconText(b: Beacon): string {
  const when = chinaDateTime(b.time);
  if (b.kind === 'drand') return `drand quicknet 第 ${b.round} 轮（${when} 发布）`;
  if (b.kind === 'lottery') return `${b.name} 第 ${b.issue} 期开奖号码（${when} 开奖）`;
  return `${when} 在${b.place}现场见证摇号`;
}

/** A record's hash, H(JCS(record)): what the next record names as its `previous`. */
export function recordHash(r: unknown): string {
  return canonicalHash(r);
}

/** §4: seed = H("ssj-draw/2|" + secretHex + "|" + inputsHash + "|" + H(beaconValue) + "|" + H(entropy)). */
export function seedV2(secretHex: string, inputsHash: string, beaconValue: string, entropy: string): string {
  return H(`${PROTOCOL_V2}|${secretHex}|${inputsHash}|${H(beaconValue)}|${H(entropy)}`);
}

// ---------------------------------------------------------------------------------------------
// Times: ISO 8601 with an offset, compared as instants (§1 "Precisely").

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of a protocol time, or NaN when it is not one. */
export function instant(t: unknown): number {
  if (typeof t !== 'string') return NaN;
  const m = TIME.exec(t);
  if (!m) return NaN;
  // Fractions finer than a millisecond are kept as far as a double holds them.
  const frac = m[7] ? Number('0' + m[7]) * 1000 : 0;
  const base = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8]}`);
  return base + frac;
}

/** A moment as the protocol writes it in Beijing time: 2026-12-01T09:00:00+08:00 (milliseconds only when there are some). */
export function beijingTime(ms: number): string {
  const text = new Date(ms + 8 * 3600_000).toISOString();
  return (text.endsWith('.000Z') ? text.slice(0, 19) : text.slice(0, 23)) + '+08:00';
}

const HOUR = 3600_000;

/** The moment a drand round of quicknet is published: genesis + (round - 1) * period. */
export function drandRoundTime(round: number): number {
  return (QUICKNET.genesis + (round - 1) * QUICKNET.period) * 1000;
}

/** The first quicknet round published at or after a moment. */
export function drandRoundAt(ms: number): number {
  return Math.max(1, Math.ceil((ms / 1000 - QUICKNET.genesis) / QUICKNET.period) + 1);
}

// ---------------------------------------------------------------------------------------------
// Checks. Each returns the first problem found as text (English, for logs and the CLI; the pages
// say it in Chinese), or null.

const HEX64 = /^[0-9a-f]{64}$/;
const isHex64 = (s: unknown): s is string => typeof s === 'string' && HEX64.test(s);
const isText = (s: unknown): s is string => typeof s === 'string';

/** §2 and §3: the rules a commitment obeys by itself. */
export function commitmentProblem(c: CommitmentRecord): string | null {
  if (c.kind !== 'commitment') return 'not a commitment record';
  if (c.protocol !== PROTOCOL_V2) return `protocol is ${String(c.protocol)}, expected ${PROTOCOL_V2}`;
  if (!isHex64(c.commitment)) return 'commitment is not 64 lowercase hex characters';
  if (!isHex64(c.inputsHash)) return 'inputsHash is not 64 lowercase hex characters';
  if (!(c.previous === '' || isHex64(c.previous))) return 'previous is neither "" nor a hash';
  if (!c.task || !isText(c.task.id) || !isText(c.task.number) || !isText(c.task.title) || !Array.isArray(c.task.items)) return 'task is incomplete';
  if (!isText(c.department)) return 'department is missing';
  if (!Number.isSafeInteger(c.leadHours) || c.leadHours < 1) return 'leadHours must be a whole number of at least 1';
  const committed = instant(c.committedAt);
  if (Number.isNaN(committed)) return `committedAt is not a time with an offset: ${String(c.committedAt)}`;
  const revealBy = instant(c.revealBy);
  if (Number.isNaN(revealBy)) return `revealBy is not a time with an offset: ${String(c.revealBy)}`;
  const b = c.beacon;
  if (!b || typeof b !== 'object') return 'beacon is missing';
  const at = instant(b.time);
  if (Number.isNaN(at)) return `beacon.time is not a time with an offset: ${String(b.time)}`;
  if (b.kind === 'drand') {
    if (b.chain !== QUICKNET.chain) return `beacon.chain ${String(b.chain)} is not quicknet (the only chain of ${PROTOCOL_V2})`;
    if (!Number.isSafeInteger(b.round) || b.round < 1) return 'beacon.round must be a whole number of at least 1';
    if (at !== drandRoundTime(b.round)) return `beacon.time is not round ${b.round}'s time (${beijingTime(drandRoundTime(b.round))})`;
  } else if (b.kind === 'lottery') {
    if (!isText(b.name) || !b.name || !isText(b.issue) || !b.issue) return 'a lottery beacon names its lottery and issue';
  } else if (b.kind === 'witness') {
    if (!isText(b.place)) return 'a witness beacon names its place';
  } else return `unknown beacon kind ${String((b as { kind?: unknown }).kind)}`;
  if (at < committed + c.leadHours * HOUR) return `the beacon's time is less than leadHours (${c.leadHours}) after committedAt`;
  if (!(revealBy > at)) return "revealBy is not after the beacon's time";
  const n = c.counts;
  if (!n || !Number.isSafeInteger(n.eligible) || !Number.isSafeInteger(n.inspectors)) return 'counts are incomplete';
  return null;
}

/** The counts a commitment must state for these inputs (§2). `publicStrata` false: strata are not public. */
export function countsOf(inputs: DrawInputs, publicStrata: boolean): CommitmentRecord['counts'] {
  const by = new Map(inputs.strata.map((s) => [s.key, 0]));
  for (const e of inputs.entities) by.set(e.stratum, (by.get(e.stratum) ?? 0) + 1);
  return countsFrom(inputs, inputs.strata.map((s) => by.get(s.key)!), publicStrata);
}

/** countsOf from each stratum's size (`sizes[i]` for inputs.strata[i]), for a population kept as arrays. */
export function countsFrom(inputs: Omit<DrawInputs, 'entities'>, sizes: number[], publicStrata: boolean): CommitmentRecord['counts'] {
  const strata = publicStrata ? inputs.strata.map((s, i) => ({ key: s.key, eligible: sizes[i]! })) : null;
  const counts = { eligible: sizes.reduce((a, n) => a + n, 0), strata, inspectors: inputs.inspectors.length };
  // §4a: a draw with experts counts them too, and no other draw has the member.
  return inputs.experts !== undefined ? { ...counts, experts: inputs.experts.length } : counts;
}

/** randomness = sha256(signature bytes), and the signature verifies for the named round (§3). */
export function drandValueProblem(b: RevealedBeacon): string | null {
  if (b.kind !== 'drand') return null;
  if (typeof b.signature !== 'string' || !/^[0-9a-f]+$/.test(b.signature)) return 'a drand beacon carries the round signature as lowercase hex';
  if (b.signature.length % 2 !== 0 || sha256Hex(hexToBytes(b.signature)) !== b.value) return 'beacon.value is not the SHA-256 of the signature';
  if (!verifyDrandRound(b.round, b.signature)) return `the signature does not verify for quicknet round ${b.round}`;
  return null;
}

/** The revealed beacon is the named one plus its value (and signature, for drand only). */
function revealedProblem(named: Beacon, revealed: RevealedBeacon): string | null {
  const { value, signature, ...rest } = revealed;
  if (recordHash(rest) !== recordHash(named)) return 'reveal.beacon is not the beacon the commitment named';
  if (typeof value !== 'string') return 'reveal.beacon.value is missing';
  if ((named.kind === 'drand') !== (signature !== undefined)) return 'reveal.beacon.signature belongs to drand beacons only';
  if (named.kind === 'lottery' && !/^(0|[1-9]\d*)(,(0|[1-9]\d*))*$/.test(value)) return 'a lottery value is decimal numbers without leading zeros, joined by ","';
  return drandValueProblem(revealed);
}

/** Where the staffing of a draw fails, as a failure record names it (§5), or null when it does not. */
export function staffingFailure(seed: string, inputs: DrawInputs): { result: DrawResult } | { error: SlotFailure } {
  try {
    return { result: draw(seed, inputs) };
  } catch (e) {
    return { error: slotFailureOf(e) };
  }
}

/** The failure record's error for a DrawError that names a slot; anything else is thrown again. */
export function slotFailureOf(e: unknown): SlotFailure {
  if (!(e instanceof DrawError) || e.detail.slotIndex === undefined) throw e;
  return { entity: e.detail.entity!, pool: e.detail.pool ?? 'inspectors', slot: e.detail.slotIndex, group: e.detail.group ?? null, message: e.message };
}

export type V2Problem = { ok: true } | { ok: false; difference: string };

/**
 * §6 for one draw or failure record: its commitment's rules, the secret, the beacon and its value,
 * the times, the seed, the inputs hash, the counts, and the result (or the failure) recomputed.
 */
export function verifyOutcomeRecord(r: DrawRecord | FailureRecord): V2Problem {
  const no = (difference: string): V2Problem => ({ ok: false, difference });
  const head = outcomeHeaderProblem(r);
  if (typeof head === 'string') return no(head);
  if (!r.inputs || r.inputs.protocol !== PROTOCOL_V2) return no(`inputs.protocol must be ${PROTOCOL_V2}`);
  const ih = canonicalHash(r.inputs);
  if (ih !== r.inputsHash) return no(`inputsHash: the record says ${r.inputsHash}, recomputed ${ih}`);
  const counts = countsOf(r.inputs, r.commitment.counts.strata !== null);
  if (recordHash(counts) !== recordHash(r.commitment.counts)) return no('commitment.counts do not fit the inputs');
  let outcome: ReturnType<typeof staffingFailure>;
  try {
    outcome = staffingFailure(head.seed, r.inputs);
  } catch (e) {
    if (e instanceof DrawError) return no(`inputs: ${e.message}`);
    throw e;
  }
  const p = outcomeProblem(r, outcome, (got, want) => firstResultDifference(got, want));
  return p ? no(p) : { ok: true };
}

/**
 * The checks of §6 that do not read the inputs or the result: the record's protocol, its commitment's
 * rules, the secret, the beacon and its value, the times, the committed inputs hash, the seed. The
 * seed when they hold, else the first problem.
 */
export function outcomeHeaderProblem(r: Omit<DrawRecord, 'inputs' | 'result'> | Omit<FailureRecord, 'inputs'>): { seed: string } | string {
  if (r.protocol !== PROTOCOL_V2) return `protocol is ${String(r.protocol)}, expected ${PROTOCOL_V2}`;
  const c = r.commitment;
  const cp = c ? commitmentProblem(c) : 'commitment is missing';
  if (cp) return `commitment: ${cp}`;
  const v = r.reveal;
  if (!v || typeof v !== 'object') return 'reveal is missing';
  if (!isHex64(v.secret)) return 'reveal.secret is not 64 lowercase hex characters';
  if (H(v.secret) !== c.commitment) return 'reveal.secret: its SHA-256 is not the commitment';
  if (typeof v.entropy !== 'string') return 'reveal.entropy must be a string ("" when there is none)';
  const bp = revealedProblem(c.beacon, v.beacon);
  if (bp) return bp;
  const drawn = instant(v.drawnAt);
  if (Number.isNaN(drawn)) return `reveal.drawnAt is not a time with an offset: ${String(v.drawnAt)}`;
  if (!(drawn > instant(c.beacon.time))) return "reveal.drawnAt is not after the beacon's time";
  if (!(drawn < instant(c.revealBy))) return 'reveal.drawnAt is not before revealBy';
  if (r.inputsHash !== c.inputsHash) return 'inputsHash is not the committed one';
  const seed = seedV2(v.secret, c.inputsHash, v.beacon.value, v.entropy);
  if (seed !== v.seed) return `reveal.seed: the record says ${String(v.seed)}, recomputed ${seed}`;
  return { seed };
}

/**
 * Whether a record's outcome is the recomputed one: a draw's result (compared by `resultDiffers`,
 * which names the first difference or returns null), or a failure's slot.
 */
export function outcomeProblem(
  r: { kind: string; result?: DrawResult; error?: SlotFailure }, outcome: ReturnType<typeof staffingFailure>, resultDiffers: (got: DrawResult, want: DrawResult) => string | null,
): string | null {
  if (r.kind === 'draw') {
    if (!('result' in outcome)) return `the draw recomputes to a failure: ${outcome.error.message}`;
    return resultDiffers(r.result!, outcome.result);
  }
  if (r.kind === 'failure') {
    if ('result' in outcome) return 'the failure recomputes to a complete draw';
    const e = r.error;
    const want = outcome.error;
    if (!e || e.entity !== want.entity || e.pool !== want.pool || e.slot !== want.slot || e.group !== want.group || typeof e.message !== 'string') {
      return `error: the record names ${JSON.stringify(e && { entity: e.entity, pool: e.pool, slot: e.slot, group: e.group })}, recomputed ${JSON.stringify({ entity: want.entity, pool: want.pool, slot: want.slot, group: want.group })}`;
    }
    return null;
  }
  return `not a draw or failure record: ${String(r.kind)}`;
}

function firstResultDifference(got: DrawResult, want: DrawResult): string | null {
  if (recordHash(got) === recordHash(want)) return null;
  // A member missing on one side (an extra or a missing selection) differs too.
  const same = (x: unknown, y: unknown) => x !== undefined && y !== undefined && recordHash(x) === recordHash(y);
  for (let i = 0; i < Math.max(got.strata?.length ?? 0, want.strata.length); i++) {
    if (!same(got.strata?.[i], want.strata[i])) return `result.strata[${i}]: the record says ${JSON.stringify(got.strata?.[i])}, recomputed ${JSON.stringify(want.strata[i])}`;
  }
  for (let i = 0; i < Math.max(got.selected?.length ?? 0, want.selected.length); i++) {
    if (!same(got.selected?.[i], want.selected[i])) return `result.selected[${i}]: the record says ${JSON.stringify(got.selected?.[i])}, recomputed ${JSON.stringify(want.selected[i])}`;
  }
  return 'result differs from the recomputed one';
}

// ---------------------------------------------------------------------------------------------
// Making records (the server, the golden vectors).

/**
 * A commitment record (§2) for inputs already frozen, given whole or as their hash and counts (a
 * population kept as arrays); `secret` stays private, only H(secret) is in it.
 */
export function buildCommitment(a: {
  department: string;
  task: CommitmentRecord['task'];
  committedAt: string;
  secret: string;
  publicStrata: boolean;
  beacon: Beacon;
  leadHours: number;
  revealBy: string;
  previous: string;
} & ({ inputs: DrawInputs; inputsHash?: string } | { counts: CommitmentRecord['counts']; inputsHash: string })): CommitmentRecord {
  const whole = 'inputs' in a;
  return {
    kind: 'commitment', protocol: PROTOCOL_V2, department: a.department, task: a.task, committedAt: a.committedAt,
    commitment: H(a.secret), inputsHash: a.inputsHash ?? canonicalHash(whole ? a.inputs : null),
    counts: whole ? countsOf(a.inputs, a.publicStrata) : a.counts,
    beacon: a.beacon, leadHours: a.leadHours, revealBy: a.revealBy, previous: a.previous,
  };
}

/** The outcome of a commitment once its beacon has a value: a draw, or a failure naming the slot (§4, §5). */
export function buildOutcome(a: {
  commitment: CommitmentRecord;
  secret: string;
  beacon: RevealedBeacon;
  entropy: string;
  drawnAt: string;
  inputs: DrawInputs;
  previous: string;
}): DrawRecord | FailureRecord {
  const c = a.commitment;
  const reveal = revealOf(a);
  const outcome = staffingFailure(reveal.seed, a.inputs);
  const common = { protocol: PROTOCOL_V2, commitment: c, reveal, inputs: a.inputs, inputsHash: c.inputsHash } as const;
  return 'result' in outcome
    ? { kind: 'draw', ...common, result: outcome.result, previous: a.previous }
    : { kind: 'failure', ...common, error: outcome.error, previous: a.previous };
}

/** The reveal of a commitment (§4): the secret, the beacon with its value, the entropy and the seed they make. */
export function revealOf(a: { commitment: CommitmentRecord; secret: string; beacon: RevealedBeacon; entropy: string; drawnAt: string }): Reveal {
  const seed = seedV2(a.secret, a.commitment.inputsHash, a.beacon.value, a.entropy);
  return { secret: a.secret, beacon: a.beacon, entropy: a.entropy, seed, drawnAt: a.drawnAt };
}

export function buildWithdrawal(a: { withdraws: string; withdrawnAt: string; reason: string; previous: string }): WithdrawalRecord {
  return { kind: 'withdrawal', protocol: PROTOCOL_V2, withdraws: a.withdraws, withdrawnAt: a.withdrawnAt, reason: a.reason, previous: a.previous };
}

/** How a register publishes a draw record (or an ssj-draw/1 bundle): by reference. */
export function drawRef(bundle: DrawRecord | { protocol: typeof PROTOCOL; task: { drawnAt: string }; previous: string }, url: string | null): DrawRef {
  const v2 = 'kind' in bundle;
  return {
    kind: 'draw-ref', protocol: bundle.protocol, hash: recordHash(bundle), commitment: v2 ? recordHash(bundle.commitment) : '',
    drawnAt: v2 ? bundle.reveal.drawnAt : bundle.task.drawnAt, previous: bundle.previous, url,
  };
}
