// Matches the header row of a file to directory fields, tolerant of spelling variants and order.
import type { DirectoryDef } from '../domain/directories';
import { cleanText, toHalfWidth } from '../domain/normalize';

export function normalizeHeader(h: string): string {
  return toHalfWidth(cleanText(h))
    .replace(/[\s*＊:：]/g, '')
    .replace(/[(（](必填|选填|必录|选录|可选|非必填)[)）]$/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toUpperCase();
}

export interface HeaderMap {
  /** For each field of the directory, the index of its column, or -1. */
  index: Record<string, number>;
  /** Column headers that matched no field (ignored, shown in the preview). */
  unknown: string[];
  /** Required fields with no column: the file cannot be imported. */
  missing: string[];
  /** Two columns for one field. */
  duplicates: string[];
}

export function columnLetter(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function mapHeaders(def: Pick<DirectoryDef, 'fields'>, headers: string[]): HeaderMap {
  const lookup = new Map<string, string>();
  for (const f of def.fields) {
    lookup.set(normalizeHeader(f.label), f.key);
    for (const a of f.aliases ?? []) lookup.set(normalizeHeader(a), f.key);
  }
  const index: Record<string, number> = {};
  for (const f of def.fields) index[f.key] = -1;
  const unknown: string[] = [];
  const duplicates: string[] = [];
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    if (n === '') return;
    const key = lookup.get(n);
    if (!key) unknown.push(`${columnLetter(i)}列“${cleanText(h)}”`);
    else if (index[key] !== -1) duplicates.push(`${columnLetter(i)}列“${cleanText(h)}”`);
    else index[key] = i;
  });
  const missing = def.fields.filter((f) => f.required && index[f.key] === -1).map((f) => f.label);
  return { index, unknown, missing, duplicates };
}
