// Checking one whole row of a directory: every field normalised, every problem named by column.
import type { DirectoryDef } from './directories';
import { checkField } from './fields';

export type DirectoryRecord = Record<string, string>;

export interface FieldError {
  field: string;
  label: string;
  value: string;
  reason: string;
}

export type RowCheck = { ok: true; record: DirectoryRecord } | { ok: false; errors: FieldError[]; record: DirectoryRecord };

/** raw maps field keys to the text as typed or read from a file; missing keys count as empty. */
export function checkRecord(def: DirectoryDef, raw: Readonly<Record<string, string | undefined>>): RowCheck {
  const record: DirectoryRecord = {};
  let errors: FieldError[] | null = null;
  for (const f of def.fields) {
    const value = raw[f.key] ?? '';
    const r = checkField(f, value);
    if (r.ok) record[f.key] = r.value;
    else {
      record[f.key] = value;
      (errors ??= []).push({ field: f.key, label: f.label, value, reason: r.reason });
    }
  }
  return errors ? { ok: false, errors, record } : { ok: true, record };
}

/** True when two records hold the same values in every field of the directory. */
export function sameRecord(def: DirectoryDef, a: DirectoryRecord, b: DirectoryRecord): boolean {
  for (const f of def.fields) if ((a[f.key] ?? '') !== (b[f.key] ?? '')) return false;
  return true;
}
