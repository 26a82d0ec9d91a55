// A draw's population read from SQL on two threads: this one reads, checks and hashes the rows of the
// lower USCCs while a worker (population-worker.ts), on its own read-only connection, does the upper
// ones; each puts its part in USCC order and its strata in ticket order, and the parts are joined.
// The worker's snapshot is the one the draw sees: the draw holds the write lock (BEGIN IMMEDIATE) and
// has written nothing yet.
// The thread waits for the worker synchronously (Atomics.wait, then receiveMessageOnPort), so the
// draw stays one synchronous transaction and no other request can run inside it.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Db } from '../store/db';
import { eligibleText, usccAt, type PopulationQuery, type UsccRange } from '../store/draw-population';
import { DrawError, ticket, ticketPrefix, ticketRuns, type EntityInput } from '../domain/draw';
import { stratumKey, strataByClass, type StrataMode } from '../domain/strata';
import { isValidUsccAt } from '../domain/uscc';
import { compiledWorker } from '../worker-file';

/**
 * One part, packed to cross threads cheaply: the ids (valid USCCs, 18 ASCII bytes each) concatenated,
 * the entities' canonical JSON records joined by ',', strata as indices into `keys`. With a seed
 * (ssj-draw/1, whose seed is known when the population is read) also the ticket prefixes and each
 * stratum's members in ticket order; without one (ssj-draw/2 freezes its inputs before any seed
 * exists) those three are empty.
 */
export interface PopulationPart {
  ids: Uint8Array;
  /** `{"id":…,"stratum":…}` per entity, joined by ',', as UTF-8 (made here, on the part's own thread). */
  records: Uint8Array;
  keys: string[];
  keyOf: Int32Array;
  rowIds: Float64Array;
  prefixes: Float64Array;
  /** Positions grouped by stratum (keys' order), each group in exact ticket order; group k ends at groupEnds[k]. */
  order: Int32Array;
  groupEnds: Int32Array;
}

export interface PartRequest {
  q: PopulationQuery;
  mode: StrataMode;
  seed: string | null;
  range: UsccRange;
}

const USCC_LENGTH = 18;
const BAR = 0x7c;
/** How an entity's canonical record begins, up to its id. */
const NEXT = Buffer.from('{"id":"');

/**
 * Reads one USCC range of the population, and checks it as ssj-draw/1 §3 would (valid USCCs,
 * strictly ascending), so the draw need not walk the entities again; throws DrawError otherwise.
 * The rows come as bytes (`uscc|region|class|id|…`) and are read as bytes: no string is made per
 * row but one per distinct stratum. With a seed, puts each stratum's members in ticket order (§4),
 * so the draw only merges the parts' orders.
 */
export function readPart(db: Db, r: PartRequest): PopulationPart {
  const { bytes: b, count } = eligibleText(db, r.q, { region: r.mode === 'region' || r.mode === 'region-class', creditClass: strataByClass(r.mode) }, r.range);
  const bar = () => new DrawError('the population has a "|" in a region or class, which a stratum key may not hold');
  const idBytes = new Uint8Array(count * USCC_LENGTH);
  const ids = Buffer.from(idBytes.buffer);
  const keyOf = new Int32Array(count);
  const rowIds = new Float64Array(count);
  const keys: string[] = [];
  const tails: Buffer[] = [];
  // Stratum index by the bytes of "region|class" (as latin1: one string per row, short-lived).
  const keyIndex = new Map<string, number>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    const e1 = b.indexOf(BAR, at);
    const e2 = e1 < 0 ? -1 : b.indexOf(BAR, e1 + 1);
    const e3 = e2 < 0 ? -1 : b.indexOf(BAR, e2 + 1);
    if (e3 < 0) throw bar();
    let e4 = b.indexOf(BAR, e3 + 1);
    if (e4 < 0) e4 = b.length;
    if (e1 - at !== USCC_LENGTH || !isValidUsccAt(b, at)) throw new DrawError(`entity id ${b.toString('utf8', at, e1)} is not a valid USCC`);
    b.copy(ids, i * USCC_LENGTH, at, e1);
    // Valid USCCs are ASCII, where byte order is UTF-8 byte order.
    if (i > 0 && ids.compare(ids, (i - 1) * USCC_LENGTH, i * USCC_LENGTH, i * USCC_LENGTH, (i + 1) * USCC_LENGTH) <= 0) {
      throw new DrawError(`entities must be sorted by UTF-8 bytes without duplicates (at ${ids.toString('latin1', i * USCC_LENGTH, (i + 1) * USCC_LENGTH)})`);
    }
    const raw = b.toString('latin1', e1 + 1, e3);
    let k = keyIndex.get(raw);
    if (k === undefined) {
      keyIndex.set(raw, (k = keys.length));
      keys.push(stratumKey(r.mode, b.toString('utf8', e1 + 1, e2), b.toString('utf8', e2 + 1, e3)));
      tails.push(Buffer.from(`","stratum":${JSON.stringify(keys[k])}}`, 'utf8'));
    }
    keyOf[i] = k;
    let id = 0;
    for (let j = e3 + 1; j < e4; j++) {
      const d = b[j]! - 0x30;
      if (d < 0 || d > 9) throw bar();
      id = id * 10 + d;
    }
    if (e4 === e3 + 1) throw bar();
    rowIds[i] = id;
    at = e4 + 1;
  }
  if (count > 0 && at !== b.length + 1) throw bar();
  // The records, in one buffer of their exact size: per entity '{"id":"', its id, its stratum's tail.
  let size = Math.max(0, count - 1);
  for (let i = 0; i < count; i++) size += NEXT.length + USCC_LENGTH + tails[keyOf[i]!]!.length;
  const records = new Uint8Array(size);
  const out = Buffer.from(records.buffer);
  for (let i = 0, w = 0; i < count; i++) {
    if (i) out[w++] = 0x2c;
    w += NEXT.copy(out, w);
    w += ids.copy(out, w, i * USCC_LENGTH, (i + 1) * USCC_LENGTH);
    w += tails[keyOf[i]!]!.copy(out, w);
  }
  if (r.seed === null) return { ids: idBytes, records, keys, keyOf, rowIds, prefixes: new Float64Array(0), order: new Int32Array(0), groupEnds: new Int32Array(0) };
  const seed = r.seed;
  const idOf = (i: number) => ids.toString('latin1', i * USCC_LENGTH, (i + 1) * USCC_LENGTH);
  const prefixes = new Float64Array(count);
  for (let i = 0; i < count; i++) prefixes[i] = ticketPrefix(seed, idOf(i));
  const { order, ends } = ticketRuns(prefixes, keyOf, keys.length, (i) => ticket(seed, idOf(i)), idOf);
  return { ids: idBytes, records, keys, keyOf, rowIds, prefixes, order, groupEnds: ends };
}

const workerFile = () => compiledWorker(__dirname, 'services/population-worker.js');

/**
 * The eligible entities in USCC order, with their row ids and ticket prefixes at the same positions,
 * and what the draw would otherwise compute from them: their canonical JSON text (JCS of the
 * `entities` array) and their distinct stratum keys. They are checked as ssj-draw/1 §3 requires
 * (valid USCCs, strictly ascending), but for the stratum keys, which the strata rules check.
 */
export interface Population {
  entities: EntityInput[];
  rowIds: Float64Array;
  prefixes: Float64Array;
  /** The canonical JSON of the entities array, as UTF-8 in pieces (joined, they are canonicalize(entities)). */
  entitiesJson: Uint8Array[];
  keys: string[];
  /** Per key (keys' order): the members of its stratum as runs of positions, each in exact ticket order (selectFromRuns). */
  runs: Int32Array[][];
}

/**
 * The population as arrays, for a population of any size (ssj-draw/2 freezes ten million entities
 * in about a gigabyte): no object per entity.
 */
export interface CompactPopulation {
  n: number;
  /** The ids, 18 ASCII bytes each, ascending. */
  ids: Buffer;
  keys: string[];
  /** Each entity's stratum key as its index in `keys`. */
  keyOf: Int32Array;
  rowIds: Float64Array;
  /** The canonical JSON of the entities array, as UTF-8 in pieces. */
  entitiesJson: Uint8Array[];
}

/**
 * The share of the table that this thread reads: the worker starts later (a thread and a connection
 * of its own, its page cache empty) and reads slower, so it gets less; measured on the benchmark's
 * million rows, where an even split left this thread waiting about a quarter of a second.
 */
const OWN_SHARE = 0.55;

/**
 * The parts of the population, each a USCC range read on a thread of its own (this one and a
 * worker), split by the table's USCC order so that they join by concatenation (a task whose
 * filters keep one range only reads on one thread in effect). Throws DrawError where they break
 * ssj-draw/1 §3.
 */
function readParts(db: Db, q: PopulationQuery, mode: StrataMode, seed: string | null): PopulationPart[] {
  const file = db.memory ? '' : db.name;
  const mid = file ? usccAt(db, OWN_SHARE) : undefined;
  if (mid === undefined) return [readPart(db, { q, mode, seed, range: {} })];
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerFile(), { workerData: { file, request: { q, mode, seed, range: { from: mid } }, signal, port: port2 }, transferList: [port2] });
  try {
    const mine = readPart(db, { q, mode, seed, range: { before: mid } });
    if (Atomics.wait(signal, 0, 0, 10 * 60 * 1000) === 'timed-out') throw new Error('population worker did not answer');
    const m = receiveMessageOnPort(port1)?.message as { part?: PopulationPart; error?: string; drawError?: boolean } | undefined;
    if (!m?.part) {
      if (m?.drawError) throw new DrawError(m.error!);
      throw new Error('population worker failed: ' + (m?.error ?? 'no answer'));
    }
    return [mine, m.part].filter((p) => p.keyOf.length > 0);
  } finally {
    void worker.terminate();
    port1.close();
  }
}

/** The parts' stratum keys merged (first seen first), each part's keys as indices into them; checks the parts join in order. */
function joinParts(parts: PopulationPart[]): { keys: string[]; maps: Int32Array[]; n: number } {
  const keys: string[] = [];
  const keyAt = new Map<string, number>();
  let last: Buffer | null = null;
  for (const p of parts) {
    const ids = Buffer.from(p.ids.buffer, p.ids.byteOffset, p.ids.byteLength);
    if (last && last.compare(ids, 0, USCC_LENGTH) >= 0) throw new DrawError(`entities must be sorted by UTF-8 bytes without duplicates (at ${ids.toString('latin1', 0, USCC_LENGTH)})`);
    last = ids.subarray(ids.length - USCC_LENGTH);
  }
  const maps = parts.map((p) => Int32Array.from(p.keys, (k) => keyAt.get(k) ?? (keyAt.set(k, keys.length), keys.push(k) - 1)));
  return { keys, maps, n: parts.reduce((a, p) => a + p.keyOf.length, 0) };
}

/** canonicalize(entities) in pieces: '[', the parts' records joined by ',', ']'. */
function entitiesJsonOf(parts: PopulationPart[]): Uint8Array[] {
  return [Buffer.from('['), ...parts.flatMap((p, i) => (i ? [Buffer.from(','), p.records] : [p.records])), Buffer.from(']')];
}

/** Reads the population for an ssj-draw/1 draw with this seed (see Population). */
export function readPopulation(db: Db, q: PopulationQuery, mode: StrataMode, seed: string): Population {
  const parts = readParts(db, q, mode, seed);
  const { keys, maps, n } = joinParts(parts);
  const entities = new Array<EntityInput>(n);
  const rowIds = new Float64Array(n);
  const prefixes = new Float64Array(n);
  const runs: Int32Array[][] = keys.map(() => []);
  let out = 0;
  parts.forEach((p, j) => {
    const map = maps[j]!;
    const ids = Buffer.from(p.ids.buffer, p.ids.byteOffset, p.ids.byteLength);
    rowIds.set(p.rowIds, out);
    prefixes.set(p.prefixes, out);
    const offset = out;
    for (let k = 0, start = 0; k < p.keys.length; start = p.groupEnds[k++]!) runs[map[k]!]!.push(p.order.subarray(start, p.groupEnds[k]).map((i) => i + offset));
    for (let i = 0; i < p.keyOf.length; i++, out++) entities[out] = { id: ids.toString('latin1', i * USCC_LENGTH, (i + 1) * USCC_LENGTH), stratum: keys[map[p.keyOf[i]!]!]! };
  });
  return { entities, rowIds, prefixes, runs, entitiesJson: entitiesJsonOf(parts), keys };
}

/** Reads the population as arrays, without tickets (ssj-draw/2's frozen inputs: no seed exists yet). */
export function readCompactPopulation(db: Db, q: PopulationQuery, mode: StrataMode): CompactPopulation {
  const parts = readParts(db, q, mode, null);
  const { keys, maps, n } = joinParts(parts);
  const ids = Buffer.allocUnsafe(n * USCC_LENGTH);
  const keyOf = new Int32Array(n);
  const rowIds = new Float64Array(n);
  let out = 0;
  parts.forEach((p, j) => {
    const map = maps[j]!;
    ids.set(p.ids, out * USCC_LENGTH);
    rowIds.set(p.rowIds, out);
    for (let i = 0; i < p.keyOf.length; i++) keyOf[out + i] = map[p.keyOf[i]!]!;
    out += p.keyOf.length;
  });
  return { n, ids, keys, keyOf, rowIds, entitiesJson: entitiesJsonOf(parts) };
}
