// A draw's population read from SQL on two threads: this one reads and hashes the rows of one half
// of the entity table while a worker (population-worker.ts), on its own read-only connection, does
// the other; the two USCC-ordered halves are then merged. The worker's snapshot is the one the draw
// sees: the draw holds the write lock (BEGIN IMMEDIATE) and has written nothing yet.
// The thread waits for the worker synchronously (Atomics.wait, then receiveMessageOnPort), so the
// draw stays one synchronous transaction and no other request can run inside it.
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Db } from '../store/db';
import { eligibleRows, midRowId, type PopulationQuery } from '../store/draw-population';
import { ticketPrefix } from '../domain/draw';
import { stratumKey, strataByClass, type StrataMode } from '../domain/strata';
import { projectRoot } from '../root';

/** One half, packed to cross threads cheaply: ids concatenated, strata as indices into `keys`. */
export interface PopulationPart {
  ids: string;
  idLengths: Int32Array;
  keys: string[];
  keyOf: Int32Array;
  rowIds: Float64Array;
  prefixes: Float64Array;
}

export interface PartRequest {
  q: PopulationQuery;
  mode: StrataMode;
  seed: string;
  rowIds: [number, number];
}

export function readPart(db: Db, r: PartRequest): PopulationPart {
  const byRegion = r.mode === 'region' || r.mode === 'region-class';
  const ids: string[] = [];
  const keyIndex = new Map<string, number>();
  const keyOf: number[] = [];
  const rowIds: number[] = [];
  const prefixes: number[] = [];
  for (const [id, uscc, region, creditClass] of eligibleRows(db, r.q, { region: byRegion, creditClass: strataByClass(r.mode) }, r.rowIds)) {
    const key = stratumKey(r.mode, region, creditClass);
    let k = keyIndex.get(key);
    if (k === undefined) keyIndex.set(key, (k = keyIndex.size));
    ids.push(uscc);
    keyOf.push(k);
    rowIds.push(id);
    prefixes.push(ticketPrefix(r.seed, uscc));
  }
  return {
    ids: ids.join(''), idLengths: Int32Array.from(ids, (x) => x.length), keys: [...keyIndex.keys()],
    keyOf: Int32Array.from(keyOf), rowIds: Float64Array.from(rowIds), prefixes: Float64Array.from(prefixes),
  };
}

function workerFile(): string {
  for (const f of [path.join(__dirname, 'population-worker.js'), path.join(projectRoot(), 'dist', 'src', 'services', 'population-worker.js')]) {
    if (fs.existsSync(f)) return f;
  }
  throw new Error('dist/src/services/population-worker.js is missing: run `npm run build` first');
}

export interface Population {
  entities: { id: string; stratum: string }[];
  rowIds: Float64Array;
  prefixes: Float64Array;
}

/** The eligible entities in USCC order, with their row ids and ticket prefixes at the same positions. */
export function readPopulation(db: Db, q: PopulationQuery, mode: StrataMode, seed: string): Population {
  const file = db.memory ? '' : db.name;
  if (!file) return merge([readPart(db, { q, mode, seed, rowIds: [-Infinity, Infinity] })]);
  const mid = midRowId(db);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerFile(), { workerData: { file, request: { q, mode, seed, rowIds: [mid, Infinity] }, signal, port: port2 }, transferList: [port2] });
  try {
    const mine = readPart(db, { q, mode, seed, rowIds: [-Infinity, mid] });
    if (Atomics.wait(signal, 0, 0, 10 * 60 * 1000) === 'timed-out') throw new Error('population worker did not answer');
    const m = receiveMessageOnPort(port1)?.message as { part?: PopulationPart; error?: string } | undefined;
    if (!m?.part) throw new Error('population worker failed: ' + (m?.error ?? 'no answer'));
    return merge([mine, m.part]);
  } finally {
    void worker.terminate();
    port1.close();
  }
}

/** Merges USCC-ordered parts (ids are unique across them) into one ordered population. */
function merge(parts: PopulationPart[]): Population {
  const n = parts.reduce((a, p) => a + p.idLengths.length, 0);
  const entities = new Array<{ id: string; stratum: string }>(n);
  const rowIds = new Float64Array(n);
  const prefixes = new Float64Array(n);
  // Per part: its ids unpacked, and where the next one is.
  const unpacked = parts.map((p) => {
    const ids = new Array<string>(p.idLengths.length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) ids[i] = p.ids.slice(at, (at += p.idLengths[i]!));
    return ids;
  });
  const next = parts.map(() => 0);
  for (let out = 0; out < n; out++) {
    let best = -1;
    for (let k = 0; k < parts.length; k++) {
      const i = next[k]!;
      if (i < unpacked[k]!.length && (best < 0 || unpacked[k]![i]! < unpacked[best]![next[best]!]!)) best = k;
    }
    const p = parts[best]!;
    const i = next[best]!++;
    entities[out] = { id: unpacked[best]![i]!, stratum: p.keys[p.keyOf[i]!]! };
    rowIds[out] = p.rowIds[i]!;
    prefixes[out] = p.prefixes[i]!;
  }
  return { entities, rowIds, prefixes };
}
