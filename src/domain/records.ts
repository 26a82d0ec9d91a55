// Checking one whole row of a directory: every field normalised, every problem named by column.
import type { DirectoryDef } from './directories';
import { checkField, Invalid, type FieldResult } from './fields';

export type DirectoryRecord = Record<string, string>;

export interface FieldError {
  field: string;
  label: string;
  value: string;
  reason: string;
}

export type RowCheck = { ok: true; record: DirectoryRecord } | { ok: false; errors: FieldError[]; record: DirectoryRecord };

/**
 * Results of earlier values, one map per field. Columns such as region, industry or state hold
 * a few distinct values over a million rows; remembering them skips most of the work. A column
 * that fills its map (names, addresses: unique values) stops being remembered, since a lookup
 * that always misses costs more than the check it would save.
 */
export class CheckMemo {
  private readonly maps: (Map<string, FieldResult> | null)[];
  constructor(def: DirectoryDef, private readonly limit = 1000) {
    this.maps = def.fields.map(() => new Map());
  }
  get(i: number, raw: string): FieldResult | undefined {
    return this.maps[i]?.get(raw);
  }
  set(i: number, raw: string, r: FieldResult): void {
    const m = this.maps[i];
    if (!m) return;
    if (m.size >= this.limit) this.maps[i] = null;
    else m.set(raw, r);
  }
}

/**
 * Checks the values of one row given in field order, replacing each by its normalised form in
 * place. Returns the problems, or null when the row is valid. A failed value keeps its raw text.
 */
export function checkValues(def: DirectoryDef, values: string[], memo?: CheckMemo): FieldError[] | null {
  let errors: FieldError[] | null = null;
  const fields = def.fields;
  for (let i = 0; i < fields.length; i++) {
    const raw = values[i]!;
    let r = memo?.get(i, raw);
    if (r === undefined) {
      r = checkField(fields[i]!, raw);
      memo?.set(i, raw, r);
    }
    if (typeof r === 'string') values[i] = r;
    else {
      const f = fields[i]!;
      (errors ??= []).push({ field: f.key, label: f.label, value: raw, reason: (r as Invalid).reason });
    }
  }
  return errors;
}

/** raw maps field keys to the text as typed or read from a file; missing keys count as empty. */
export function checkRecord(def: DirectoryDef, raw: Readonly<Record<string, string | undefined>>): RowCheck {
  const values = def.fields.map((f) => raw[f.key] ?? '');
  const errors = checkValues(def, values);
  const record: DirectoryRecord = {};
  def.fields.forEach((f, i) => (record[f.key] = values[i]!));
  return errors ? { ok: false, errors, record } : { ok: true, record };
}

/** True when two records hold the same values in every field of the directory. */
export function sameRecord(def: DirectoryDef, a: DirectoryRecord, b: DirectoryRecord): boolean {
  for (const f of def.fields) if ((a[f.key] ?? '') !== (b[f.key] ?? '')) return false;
  return true;
}
