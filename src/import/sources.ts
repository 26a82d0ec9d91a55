// Reads a spreadsheet file as batches of rows of text, whatever its format (.xlsx, CSV/TSV) and encoding.
import fs from 'node:fs';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { CsvParser } from './csv-parser';
import { detectEncoding, type Detected } from './encoding';

export interface SourceRow {
  /** The row number staff see in Excel: the header is row 1. */
  no: number;
  cells: string[];
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
      const onRow = (cells: string[]) => {
        rowNo++;
        if (cells.length === 1 && cells[0] === '') return; // blank line
        batch.push({ no: rowNo, cells });
      };
      const stream = fs.createReadStream(file, { start: det.bomLength, highWaterMark: 1 << 20 });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        const text = decode(chunk, false);
        parser ??= new CsvParser(sniffSeparator(text));
        parser.push(text, onRow);
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      const tail = decode(Buffer.alloc(0), true);
      parser ??= new CsvParser(',');
      parser.push(tail, onRow);
      parser.end(onRow);
      if (batch.length) yield batch;
    },
  };
}

function decoderFor(det: Detected): (b: Buffer, end: boolean) => string {
  if (det.encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030');
    return (b, end) => (end ? (d.end() ?? '') : d.write(b));
  }
  const td = new TextDecoder(det.encoding, { fatal: true });
  return (b, end) => {
    try {
      return td.decode(b, { stream: !end });
    } catch {
      throw new MixedEncodingError(`文件中有不是 ${det.label} 编码的内容（可能混用了 GBK 与 UTF-8），请在 Excel 中统一另存为 CSV UTF-8 或 .xlsx 后重新导入`);
    }
  };
}

/** Tab-separated when the first line has more tabs than commas (Excel's "Unicode text"). */
function sniffSeparator(text: string): string {
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  const tabs = line.split('\t').length;
  const commas = line.split(',').length;
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

