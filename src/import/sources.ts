// Reads a spreadsheet file as batches of rows of text, whatever its format (.xlsx, CSV/TSV) and encoding.
import fs from 'node:fs';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { CsvParser, type RowProblem } from './csv-parser';
import { detectEncoding, type Detected } from './encoding';
import { KIND_TEXT, sniff } from '../domain/evidence';

export interface SourceRow {
  /** The row number staff see in Excel (the first row of the file is row 1). */
  no: number;
  cells: string[];
  /** Cells the reader had to cut or could not read (CSV only). */
  problems?: RowProblem[];
}

export interface Source {
  format: 'xlsx' | 'csv';
  /** Human label of the detected encoding (CSV) or 'xlsx'. */
  encoding: string;
  size: number;
  /** Bytes consumed so far, for progress. */
  bytesRead(): number;
  batches(): AsyncGenerator<SourceRow[]>;
}

export class SourceError extends Error {}

const SAMPLE = 64 * 1024;
const BATCH = 2000;
/** Bytes of a CSV file read into one batch at most (plus one read chunk of 1 MB). */
const BATCH_BYTES = 8 << 20;

export async function openSource(file: string): Promise<Source> {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(Math.min(SAMPLE, size));
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size === 0) throw new SourceError('文件为空');
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new SourceError('不支持 Excel 97-2003（.xls）格式，请在 Excel 中“另存为” .xlsx 或 CSV 后再导入');
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return xlsxSource(file, size);
  const bom = detectEncoding(head.subarray(0, 4), true);
  if (bom.bomLength > 0) return csvSource(file, size, bom);
  // A photo, a PDF or any other binary file given by mistake: said so, not read as garbled text.
  const other = sniff(head);
  if (other) throw new SourceError(`这不是表格文件（看起来是${KIND_TEXT[other.kind]}，${other.mime}）：请上传 Excel（.xlsx）或 CSV 文件`);
  if (head.includes(0)) throw new SourceError('这不是表格文件（含有二进制内容）：请上传 Excel（.xlsx）或 CSV 文件');
  // Plain ASCII says nothing about the encoding: judge by a window that starts at the first non-ASCII byte.
  const sample = nonAsciiWindow(file, size);
  return csvSource(file, size, detectEncoding(sample.bytes, sample.truncated));
}

function nonAsciiWindow(file: string, size: number): { bytes: Buffer; truncated: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE);
    for (let pos = 0; pos < size; pos += SAMPLE) {
      const n = fs.readSync(fd, buf, 0, SAMPLE, pos);
      const i = buf.subarray(0, n).findIndex((b) => b >= 0x80);
      if (i >= 0) {
        const start = pos + i;
        const len = fs.readSync(fd, buf, 0, SAMPLE, start);
        return { bytes: Buffer.from(buf.subarray(0, len)), truncated: start + len < size };
      }
    }
    return { bytes: Buffer.alloc(0), truncated: false };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file whose bytes stop being valid in the detected encoding part-way (two encodings pasted together). */
export class MixedEncodingError extends SourceError {}

function csvSource(file: string, size: number, det: Detected): Source {
  let read = 0;
  return {
    format: 'csv',
    encoding: det.label,
    size,
    bytesRead: () => read,
    async *batches() {
      const decode = decoderFor(det);
      let parser: CsvParser | null = null;
      let rowNo = 0;
      let batch: SourceRow[] = [];
      let batchStart = 0;
      const onRow = (cells: string[], problems?: RowProblem[]) => {
        rowNo++;
        if (cells.length === 1 && cells[0] === '' && !problems) return; // blank line
        batch.push(problems ? { no: rowNo, cells, problems } : { no: rowNo, cells });
      };
      const feed = (text: string) => {
        parser ??= new CsvParser(sniffSeparator(text));
        parser.push(text, onRow);
      };
      const stream = fs.createReadStream(file, { start: det.bomLength, highWaterMark: 1 << 20 });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const at = det.bomLength + read;
        read += chunk.length;
        const d = decode(chunk, false);
        if (d.bad) {
          // The rows before the broken bytes are read, so that the row named is the one that holds them.
          feed(d.text);
          throw new MixedEncodingError(
            `文件编码有误：第${rowNo + 1}行（文件第${(at + d.bad.offset + 1).toLocaleString('zh-CN')}个字节处）有不是 ${det.label} 的内容，` +
              '可能是文件损坏，或混用了 GBK 与 UTF-8；请在 Excel 中打开后另存为“CSV UTF-8”或 .xlsx，再重新导入',
          );
        }
        feed(d.text);
        // A batch is also bounded in bytes: rows of long cells make batches of a few rows, not 2,000.
        if (batch.length >= BATCH || read - batchStart >= BATCH_BYTES) {
          yield batch;
          batch = [];
          batchStart = read;
        }
      }
      const tail = decode(Buffer.alloc(0), true);
      if (tail.bad) throw new MixedEncodingError(`文件编码有误：文件末尾有不完整的 ${det.label} 字符，文件可能被截断；请重新导出后再导入`);
      parser ??= new CsvParser(',');
      parser.push(tail.text, onRow);
      parser.end(onRow);
      if (batch.length) yield batch;
    },
  };
}

interface Decoded {
  text: string;
  /** Where the first byte that is not of the encoding stands, counted from the start of this chunk. */
  bad?: { offset: number };
}

function decoderFor(det: Detected): (b: Buffer, end: boolean) => Decoded {
  if (det.encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030');
    return (b, end) => ({ text: end ? (d.end() ?? '') : d.write(b) });
  }
  if (det.encoding === 'utf-8') return utf8Decoder();
  const td = new TextDecoder(det.encoding, { fatal: true });
  return (b, end) => {
    try {
      return { text: td.decode(b, { stream: !end }) };
    } catch {
      return { text: '', bad: { offset: 0 } };
    }
  };
}

/**
 * Strict UTF-8 in chunks (a sequence cut by a chunk boundary is held by the decoder). When a chunk
 * fails, the first invalid byte is located and the text before it returned with it: the bytes of a
 * sequence begun in the previous chunk are kept (at most 3) for that.
 */
function utf8Decoder(): (b: Buffer, end: boolean) => Decoded {
  const td = new TextDecoder('utf-8', { fatal: true });
  let held: Buffer = Buffer.alloc(0);
  return (b, end) => {
    try {
      const text = td.decode(b, { stream: !end });
      held = Buffer.from(b.subarray(completeLength(b)));
      return { text };
    } catch {
      const data = Buffer.concat([held, b]);
      const k = firstInvalidUtf8(data);
      return { text: new TextDecoder('utf-8').decode(data.subarray(0, k)), bad: { offset: k - held.length } };
    }
  };
}

/** Length of the data without a multi-byte sequence cut off at its end. */
function completeLength(data: Buffer): number {
  let i = data.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (data[i]! & 0xc0) === 0x80) i--, back++;
  if (i < 0 || data[i]! < 0xc0) return data.length;
  const need = data[i]! >= 0xf0 ? 4 : data[i]! >= 0xe0 ? 3 : 2;
  return data.length - i >= need ? data.length : i;
}

/** Index of the first byte that starts no valid UTF-8 sequence (data.length if all are valid). */
export function firstInvalidUtf8(data: Uint8Array): number {
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > data.length) return i;
    const c1 = data[i + 1]!;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k < n; k++) if ((data[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return data.length;
}

/**
 * Tab-separated when a line among the first 20 has more tabs than any has commas (Excel's "Unicode
 * text"). Not the first line alone: a title row above the header may have neither.
 */
function sniffSeparator(text: string): string {
  let tabs = 0;
  let commas = 0;
  for (const line of text.slice(0, 1 << 16).split('\n', 20)) {
    tabs = Math.max(tabs, line.split('\t').length - 1);
    commas = Math.max(commas, line.split(',').length - 1);
  }
  return tabs > commas ? '\t' : ',';
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) {
    const iso = v.toISOString().slice(0, 10);
    return iso;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return String(v);
}

/** .xlsx files above this are refused with advice to save as CSV, which streams without limit. */
export const XLSX_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads the first worksheet with exceljs's whole-file loader. Not its streaming WorkbookReader:
 * that one decodes each inflated chunk to text separately and garbles a Chinese character that
 * straddles two chunks (exceljs issues #2063, #2084, still open), which our round-trip test caught.
 */
function xlsxSource(file: string, size: number): Source {
  if (size > XLSX_MAX_BYTES) {
    throw new SourceError(`Excel 文件过大（${Math.round(size / 1048576)} MB，上限 ${XLSX_MAX_BYTES / 1048576} MB）；请在 Excel 中另存为“CSV UTF-8”后导入，CSV 不限行数`);
  }
  let read = 0;
  return {
    format: 'xlsx',
    encoding: 'xlsx',
    size,
    bytesRead: () => read,
    async *batches() {
      const wb = new ExcelJS.Workbook();
      try {
        await wb.xlsx.readFile(file);
      } catch (e) {
        throw new SourceError(`无法读取 Excel 文件（文件可能已损坏）：${(e as Error).message}`);
      }
      read = size;
      const ws = wb.worksheets[0];
      if (!ws) return;
      let batch: SourceRow[] = [];
      const rows: SourceRow[][] = [];
      ws.eachRow({ includeEmpty: false }, (row, no) => {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
        if (cells.every((x) => x.trim() === '')) return;
        batch.push({ no, cells });
        if (batch.length >= BATCH) {
          rows.push(batch);
          batch = [];
        }
      });
      if (batch.length) rows.push(batch);
      yield* rows;
    },
  };
}

