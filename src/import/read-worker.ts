// Worker thread of an import: reads the file, maps the header, checks and normalises every row, so
// that the main thread only writes (repeated keys are found there, by the unique index it writes to). The two halves run on two cores at once.
// Rows travel packed: one string of all cells of a batch plus their lengths (no per-cell cloning,
// and no separator a cell could contain).
import { parentPort, workerData } from 'node:worker_threads';
import { DIRECTORIES, type DirectoryDef } from '../domain/directories';
import { CheckMemo, checkValues } from '../domain/records';
import { openSource, SourceError, type SourceRow } from './sources';
import { columnLetter, mapHeaders, type HeaderMap } from './headers';
import { unguardCell } from './tabular-writer';
import type { ImportRowError } from '../store/imports';
import type { ReaderInput, ReaderMessage } from './checked-rows';

/** Batches sent but not yet written by the main thread; past this the reader waits (bounded memory). */
const MAX_AHEAD = 4;

/** Rows looked at for the header: title rows, notes and merged cells may stand above it. */
export const HEADER_SEARCH_ROWS = 30;
/** Characters of a refused value kept in the error report (a cut field can be 32,767). */
const ERROR_VALUE_CHARS = 200;

function shortValue(v: string): string {
  return v.length <= ERROR_VALUE_CHARS ? v : `${v.slice(0, ERROR_VALUE_CHARS)}…（共${v.length}个字符）`;
}

/**
 * The header row: the first of the first rows whose cells name enough of the register's columns (at
 * least two, and at least half of the required ones). Rows above it are titles or notes, skipped.
 */
function findHeader(def: DirectoryDef, rows: SourceRow[]): { ok: true; at: number; header: HeaderMap } | { ok: false; message: string } {
  const required = def.fields.filter((f) => f.required);
  const enough = Math.max(2, Math.ceil(required.length / 2));
  const n = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < n; i++) {
    if (rows[i]!.problems) continue;
    const h = mapHeaders(def, rows[i]!.cells);
    const matched = Object.values(h.index).filter((x) => x >= 0).length;
    if (matched < enough) continue;
    const row = rows[i]!.no;
    if (h.missing.length) return { ok: false, message: `第${row}行为表头，但缺少必填列：${h.missing.join('、')}` };
    if (h.duplicates.length) return { ok: false, message: `第${row}行为表头，但有重复的列：${h.duplicates.join('、')}` };
    return { ok: true, at: i, header: h };
  }
  return {
    ok: false,
    message: `在文件的前${HEADER_SEARCH_ROWS}行中没有找到表头行：表头应有“${required.map((f) => f.label).join('”“')}”等列名。` +
      '请检查是否选错了文件或工作表，或列名是否与导入说明一致',
  };
}

async function run(input: ReaderInput, post: (m: ReaderMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  const def = DIRECTORIES[input.kind];
  const done = new Int32Array(input.written);
  let source;
  try {
    source = await openSource(input.file);
  } catch (e) {
    if (e instanceof SourceError) return post({ t: 'fatal', message: e.message, format: '', encoding: '', rowsTotal: 0 });
    throw e;
  }
  post({ t: 'open', format: source.format, encoding: source.encoding, size: source.size });
  const fields = def.fields;
  const csv = source.format === 'csv';
  const memo = new CheckMemo(def);
  const keyIndex = fields.findIndex((f) => f.key === def.key);
  let columns: number[] | null = null;
  /** Header text by column index, for naming a column in an error. */
  const headerName = (col: number) => {
    const key = Object.keys(index).find((k) => index[k] === col);
    const f = key ? fields.find((x) => x.key === key) : undefined;
    return f ? `（${f.label}）` : '';
  };
  let index: Record<string, number> = {};
  let keyCol = '';
  let rowsTotal = 0;
  let invalid = 0;
  let errorsSent = 0;
  let sent = 0;
  try {
    for await (const batch of source.batches()) {
      let start = 0;
      if (!columns) {
        const found = findHeader(def, batch);
        if (!found.ok) return post({ t: 'fatal', message: found.message, format: source.format, encoding: source.encoding, rowsTotal: 0 });
        const header = found.header;
        index = header.index;
        columns = fields.map((f) => header.index[f.key]!);
        keyCol = `${columnLetter(index[def.key]!)}列（${fields[keyIndex]!.label}）`;
        post({ t: 'header', unknownColumns: header.unknown, keyColumn: keyCol, headerRow: batch[found.at]!.no, skipped: found.at });
        start = found.at + 1;
      }
      let text = '';
      const lens = new Int32Array((batch.length - start) * fields.length);
      const nos = new Int32Array(batch.length - start);
      const errors: ImportRowError[] = [];
      let rows = 0;
      let l = 0;
      const addError = (rowNo: number, column: string, value: string, reason: string) => {
        if (errorsSent + errors.length < input.maxErrors) errors.push({ rowNo, column, value: shortValue(value), reason });
      };
      const cells: string[] = new Array(fields.length);
      for (let b = start; b < batch.length; b++) {
        const row = batch[b]!;
        rowsTotal++;
        if (row.problems) {
          // A cell the reader had to cut (or never closed): the row is refused, with the reason at its column.
          invalid++;
          for (const p of row.problems) addError(row.no, `${columnLetter(p.col)}列${headerName(p.col)}`, row.cells[p.col] ?? '', p.reason);
          continue;
        }
        for (let k = 0; k < fields.length; k++) {
          const i = columns[k]!;
          const v = i >= 0 ? (row.cells[i] ?? '') : '';
          // CSV written by our export guards formula-like values with a leading ': take it off again.
          cells[k] = csv ? unguardCell(v) : v;
        }
        const problems = checkValues(def, cells, memo);
        if (problems) {
          invalid++;
          for (const e of problems) addError(row.no, `${columnLetter(index[e.field]!)}列（${e.label}）`, e.value, e.reason);
          continue;
        }
        for (let k = 0; k < cells.length; k++) {
          text += cells[k]!;
          lens[l++] = cells[k]!.length;
        }
        nos[rows++] = row.no;
      }
      errorsSent += errors.length;
      // Flow control: wait while the writer is MAX_AHEAD batches behind.
      while (sent - Atomics.load(done, 0) >= MAX_AHEAD) {
        const w = Atomics.waitAsync(done, 0, Atomics.load(done, 0));
        if (w.async) await w.value;
      }
      sent++;
      post(
        { t: 'batch', text, lens, nos, rows, errors, rowsTotal, invalid, bytes: source.bytesRead() },
        [lens.buffer as ArrayBuffer, nos.buffer as ArrayBuffer],
      );
    }
  } catch (e) {
    if (e instanceof SourceError) return post({ t: 'fatal', message: e.message, format: source.format, encoding: source.encoding, rowsTotal });
    throw e;
  }
  if (!columns) return post({ t: 'fatal', message: '文件中没有表头和数据', format: source.format, encoding: source.encoding, rowsTotal: 0 });
  post({ t: 'end', rowsTotal, invalid });
}

if (parentPort) {
  const port = parentPort;
  // Stay alive until the main thread ends the worker: an exit could overtake the last messages.
  port.on('message', () => undefined);
  // An unexpected failure (a bug, not bad input) rejects, ends the worker, and the main thread rethrows it.
  void run(workerData as ReaderInput, (m, transfer) => port.postMessage(m, transfer));
}
