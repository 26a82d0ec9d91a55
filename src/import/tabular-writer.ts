// Writes a header row and rows of text to CSV (UTF-8 with BOM, what Excel opens correctly) or .xlsx, streaming.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * A leading = + - @ (tab, CR) would make a spreadsheet evaluate the cell: such a value, and one that
 * already begins with ' before them, gets one ' in front so that it stays text. Numbers are left alone.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function guardCell(v: string): string {
  return FORMULA_LIKE.test(v) && !NUMBER.test(v) ? "'" + v : v;
}

/** The inverse of guardCell, for CSV read back in: exactly one guard ' comes off, nothing else changes. */
export function unguardCell(v: string): string {
  return v.charCodeAt(0) === 39 && FORMULA_LIKE.test(v.slice(1)) && !NUMBER.test(v.slice(1)) ? v.slice(1) : v;
}

export function csvCell(v: string): string {
  const safe = guardCell(v);
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
