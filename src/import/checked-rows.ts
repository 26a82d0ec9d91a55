// The main thread's side of the import reader (read-worker.ts): starts the worker and hands over
// its batches of checked rows, one at a time, telling the worker each time one has been written.
import { Worker } from 'node:worker_threads';
import type { DirectoryKind } from '../domain/directories';
import type { ImportRowError } from '../store/imports';
import { compiledWorker } from '../worker-file';

export interface ReaderInput {
  file: string;
  kind: DirectoryKind;
  maxErrors: number;
  /** One Int32: batches the main thread has written (flow control). */
  written: SharedArrayBuffer;
}

export interface CheckedBatch {
  t: 'batch';
  /** The cells of all valid rows of the batch, concatenated; lens gives each cell's length. */
  text: string;
  lens: Int32Array;
  /** Row number (as in Excel) of each valid row. */
  nos: Int32Array;
  rows: number;
  errors: ImportRowError[];
  /** Running totals: rows read, rows refused. */
  rowsTotal: number;
  invalid: number;
  bytes: number;
}

export type ReaderMessage =
  | { t: 'open'; format: 'xlsx' | 'csv'; encoding: string; size: number }
  /** headerRow: the row number of the header; skipped: rows above it (titles, notes). */
  | { t: 'header'; unknownColumns: string[]; keyColumn: string; headerRow: number; skipped: number }
  | CheckedBatch
  | { t: 'end'; rowsTotal: number; invalid: number }
  /** The file cannot be read (or stops being readable part-way): nothing of it is to be written. */
  | { t: 'fatal'; message: string; format: string; encoding: string; rowsTotal: number };

/** Heap of the reading worker, in MB: a 64 MB .xlsx (the largest taken) is read whole within it. */
export const READER_HEAP_MB = 2048;

const workerFile = () => compiledWorker(__dirname, 'import/read-worker.js');

/** Reads and checks a file on a worker thread; iterate messages(), call written() after each batch. */
export class CheckedRows {
  private readonly worker: Worker;
  private readonly done: Int32Array;
  private readonly queue: ReaderMessage[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private exited = false;

  constructor(file: string, kind: DirectoryKind, maxErrors: number) {
    const written = new SharedArrayBuffer(4);
    this.done = new Int32Array(written);
    const input: ReaderInput = { file, kind, maxErrors, written };
    // The reader's own heap is capped: whatever a file holds, it cannot take the server's memory with it.
    this.worker = new Worker(workerFile(), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB } });
    const poke = () => {
      const w = this.wake;
      this.wake = null;
      w?.();
    };
    this.worker.on('message', (m: ReaderMessage) => {
      this.queue.push(m);
      poke();
    });
    this.worker.on('error', (e) => {
      this.failure = e;
      poke();
    });
    this.worker.on('exit', () => {
      this.exited = true;
      poke();
    });
  }

  async *messages(): AsyncGenerator<ReaderMessage> {
    for (;;) {
      const m = this.queue.shift();
      if (m) {
        yield m;
        if (m.t === 'end' || m.t === 'fatal') return;
        continue;
      }
      if (this.failure) {
        if ((this.failure as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          yield { t: 'fatal', message: `读取文件所需内存超过上限（${READER_HEAP_MB} MB），文件未导入：请检查文件是否损坏，或在 Excel 中另存为“CSV UTF-8”后导入（CSV 按行读取，不受此限）`, format: '', encoding: '', rowsTotal: 0 };
          return;
        }
        throw this.failure;
      }
      if (this.exited) throw new Error('import reader stopped without finishing');
      await new Promise<void>((ok) => (this.wake = ok));
    }
  }

  /** Tells the reader one more batch is written, so it may read further ahead. */
  written(): void {
    Atomics.add(this.done, 0, 1);
    Atomics.notify(this.done, 0);
  }

  /** Ends the worker (it waits for this, so that its last messages are never overtaken by its exit). */
  async close(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}

/**
 * Calls fn with the cells of each row of a batch, in the first `width` places of `cells` (the same
 * array, refilled: copy to keep; places after `width` are left as the caller set them).
 */
export function eachRow(b: CheckedBatch, width: number, cells: unknown[], fn: (cells: unknown[], rowNo: number) => void): void {
  let pos = 0;
  let l = 0;
  for (let r = 0; r < b.rows; r++) {
    for (let k = 0; k < width; k++) {
      const len = b.lens[l++]!;
      cells[k] = b.text.slice(pos, pos + len);
      pos += len;
    }
    fn(cells, b.nos[r]!);
  }
}
