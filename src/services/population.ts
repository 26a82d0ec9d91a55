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
import { isValidUscc } from '../domain/uscc';
import { compiledWorker } from '../worker-file';

/**
 * One half, packed to cross threads cheaply: the ids (valid USCCs, 18 characters each) concatenated,
 * the entities' canonical JSON records joined by ',', strata as indices into `keys`.
 */
export interface PopulationPart {
  ids: string;
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
  seed: string;
  range: UsccRange;
}

const USCC_LENGTH = 18;
/** How an entity's canonical record begins, up to its id. */
const NEXT = '{"id":"';

/**
 * Reads one USCC range of the population, and checks it as ssj-draw/1 §3 would (valid USCCs,
 * strictly ascending), so the draw need not walk the entities again; throws DrawError otherwise.
 * Puts each stratum's members in ticket order (§4), so the draw only merges the parts' orders.
 */
export function readPart(db: Db, r: PartRequest): PopulationPart {
  const { text, count } = eligibleText(db, r.q, { region: r.mode === 'region' || r.mode === 'region-class', creditClass: strataByClass(r.mode) }, r.range);
  const f = count ? text.split('|') : [];
  if (f.length !== 4 * count) throw new DrawError('the population has a "|" in a region or class, which a stratum key may not hold');
  const ids = new Array<string>(count);
  // The records' text, as an id then what follows it up to the next id: joined, they are the
  // records (after a head '{"id":"' and without the last tail's ',{"id":"'), made in one copy.
  const pieces = new Array<string>(2 * count);
  const tails: string[] = [];
  const keyOf = new Int32Array(count);
  const rowIds = new Float64Array(count);
  const prefixes = new Float64Array(count);
  const keys: string[] = [];
  // Stratum index by region, then class.
  const keyIndex = new Map<string, Map<string, number>>();
  for (let i = 0, j = 0; i < count; i++, j += 4) {
    const uscc = f[j]!;
    const region = f[j + 1]!;
    const creditClass = f[j + 2]!;
    if (!isValidUscc(uscc)) throw new DrawError(`entity id ${uscc} is not a valid USCC`);
    // Valid USCCs are ASCII, where UTF-16 order is UTF-8 byte order.
    if (i > 0 && !(ids[i - 1]! < uscc)) throw new DrawError(`entities must be sorted by UTF-8 bytes without duplicates (at ${uscc})`);
    let byClass = keyIndex.get(region);
    if (!byClass) keyIndex.set(region, (byClass = new Map()));
    let k = byClass.get(creditClass);
    if (k === undefined) {
      byClass.set(creditClass, (k = keys.length));
      keys.push(stratumKey(r.mode, region, creditClass));
      tails.push(`","stratum":${JSON.stringify(keys[k])}},${NEXT}`);
    }
    ids[i] = uscc;
    keyOf[i] = k;
    rowIds[i] = +f[j + 3]!;
    prefixes[i] = ticketPrefix(r.seed, uscc);
    pieces[2 * i] = uscc;
    pieces[2 * i + 1] = tails[k]!;
  }
  const records = ownBytes(Buffer.from(count ? NEXT + pieces.join('').slice(0, -(',' + NEXT).length) : '', 'utf8'));
  const { order, ends } = ticketRuns(prefixes, keyOf, keys.length, (i) => ticket(r.seed, ids[i]!), (i) => ids[i]!);
  return { ids: ids.join(''), records, keys, keyOf, rowIds, prefixes, order, groupEnds: ends };
}

/** The bytes in an ArrayBuffer of their own, which can be handed to another thread (a small Buffer shares a pool). */
function ownBytes(b: Buffer): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b);
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
 * The share of the table that this thread reads: the worker starts later (a thread and a connection
 * of its own, its page cache empty) and reads slower, so it gets less; measured on the benchmark's
 * million rows, where an even split left this thread waiting about a quarter of a second.
 */
const OWN_SHARE = 0.55;

/**
 * Reads the population (see Population); throws DrawError where it breaks ssj-draw/1 §3. The parts
 * are USCC ranges, split by the table's USCC order, so that they join by concatenation (a task
 * whose filters keep one range only reads on one thread in effect).
 */
export function readPopulation(db: Db, q: PopulationQuery, mode: StrataMode, seed: string): Population {
  const file = db.memory ? '' : db.name;
  const mid = file ? usccAt(db, OWN_SHARE) : undefined;
  if (mid === undefined) return merge([readPart(db, { q, mode, seed, range: {} })]);
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
    return merge([mine, m.part]);
  } finally {
    void worker.terminate();
    port1.close();
  }
}

/** Joins parts that are consecutive USCC ranges, each in order, into one ordered population. */
function merge(parts: PopulationPart[]): Population {
  const n = parts.reduce((a, p) => a + p.keyOf.length, 0);
  const entities = new Array<EntityInput>(n);
  const rowIds = new Float64Array(n);
  const prefixes = new Float64Array(n);
  // The merged stratum keys, and each part's keys as indices into them.
  const keys: string[] = [];
  const keyAt = new Map<string, number>();
  const runs: Int32Array[][] = [];
  let out = 0;
  let last = '';
  for (const p of parts) {
    const m = p.keyOf.length;
    if (m === 0) continue;
    const first = p.ids.slice(0, USCC_LENGTH);
    if (out > 0 && !(last < first)) throw new DrawError(`entities must be sorted by UTF-8 bytes without duplicates (at ${first})`);
    const map = Int32Array.from(p.keys, (k) => keyAt.get(k) ?? (keyAt.set(k, keys.length), runs.push([]), keys.push(k) - 1));
    rowIds.set(p.rowIds, out);
    prefixes.set(p.prefixes, out);
    for (let k = 0, start = 0; k < p.keys.length; start = p.groupEnds[k++]!) {
      const offset = out;
      runs[map[k]!]!.push(p.order.subarray(start, p.groupEnds[k]).map((i) => i + offset));
    }
    for (let i = 0; i < m; i++, out++) entities[out] = { id: p.ids.slice(i * USCC_LENGTH, (i + 1) * USCC_LENGTH), stratum: keys[map[p.keyOf[i]!]!]! };
    last = entities[out - 1]!.id;
  }
  const records = parts.filter((p) => p.records.length > 0).map((p) => p.records);
  const json = [Buffer.from('['), ...records.flatMap((r, i) => (i ? [Buffer.from(','), r] : [r])), Buffer.from(']')];
  return { entities, rowIds, prefixes, runs, entitiesJson: json, keys };
}
