// Reads a spreadsheet file as batches of rows of text, whatever its format (.xlsx, CSV/TSV) and encoding.
import fs from 'node:fs';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { CsvParser } from './csv-parser';
import { detectEncoding, type Detected } from './encoding';
import { fromExcelSerial } from '../domain/dates';

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
  return csvSource(file, size, detectEncoding(head, size > head.length));
}

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
  const td = new TextDecoder(det.encoding);
  return (b, end) => td.decode(b, { stream: !end });
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
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
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

function xlsxSource(file: string, size: number): Source {
  let read = 0;
  return {
    format: 'xlsx',
    encoding: 'xlsx',
    size,
    bytesRead: () => read,
    async *batches() {
      const stream = fs.createReadStream(file);
      stream.on('data', (c) => (read += c.length));
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
      let batch: SourceRow[] = [];
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const values = row.values as ExcelJS.CellValue[];
          const cells: string[] = [];
          for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
          if (cells.every((x) => x.trim() === '')) continue;
          batch.push({ no: row.number, cells });
          if (batch.length >= BATCH) {
            yield batch;
            batch = [];
          }
        }
        break; // the first worksheet holds the directory
      }
      if (batch.length) yield batch;
    },
  };
}

export { fromExcelSerial };
