// Worker thread of a draw's population read (population.ts): one half of the entity table, on a
// read-only connection of its own; answers on the port it was given, then raises the signal.
import { workerData, type MessagePort } from 'node:worker_threads';
import { DrawError } from '../domain/draw';
import { openDb } from '../store/db';
import { readPart, type PartRequest } from './population';

const { file, request, signal, port } = workerData as { file: string; request: PartRequest; signal: Int32Array; port: MessagePort };
try {
  const db = openDb(file, { readonly: true });
  try {
    const p = readPart(db, request);
    port.postMessage({ part: p }, [p.ids.buffer, p.records.buffer, p.keyOf.buffer, p.order.buffer, p.groupEnds.buffer, p.rowIds.buffer, p.prefixes.buffer] as ArrayBuffer[]);
  } finally {
    db.close();
  }
} catch (e) {
  port.postMessage({ error: (e as Error).message, drawError: e instanceof DrawError });
} finally {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
