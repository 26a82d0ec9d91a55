// Writes a header row and rows of text to CSV (UTF-8 with BOM, what Excel opens correctly) or .xlsx, streaming.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export function csvCell(v: string): string {
  // A leading = + - @ would make a spreadsheet evaluate the cell: prefix it so it stays text.
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? "'" + v : v;
  return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

const csvLine = (r: string[]) => r.map(csvCell).join(',') + '\r\n';

export async function writeCsv(out: Writable, headers: string[], rows: Iterable<string[]>): Promise<void> {
  let buf = '\ufeff' + csvLine(headers);
  for (const r of rows) {
    buf += csvLine(r);
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise((ok) => out.once('drain', ok));
      buf = '';
    }
  }
  await new Promise<void>((ok, fail) => out.end(buf, () => ok()).once('error', fail));
}

/** The same CSV as writeCsv, as one string (for a download kept in memory). */
export function csvText(headers: string[], rows: Iterable<string[]>): string {
  let s = '\ufeff' + csvLine(headers);
  for (const r of rows) s += csvLine(r);
  return s;
}

export async function writeXlsx(out: Writable, sheetName: string, headers: string[], rows: Iterable<string[]>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = headers.map((h) => ({ header: h, width: Math.min(40, Math.max(10, h.length * 2 + 4)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}
