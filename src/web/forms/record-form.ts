// Builds the view model of a record form from the field descriptors: inputs, options, errors.
import type { Field } from '../../domain/fields';
import type { FieldError } from '../../domain/records';
import { CREDIT_CLASS_NAMES } from '../../domain/directories';

export interface FieldView {
  key: string;
  label: string;
  required: boolean;
  value: string;
  error?: string;
  input: 'text' | 'textarea' | 'select' | 'date' | 'checkboxes';
  options?: { value: string; label: string; selected: boolean }[];
  readonly: boolean;
  private: boolean;
}

export function fieldViews(fields: Field[], values: Record<string, unknown>, errors: FieldError[] = [], readonlyKey?: string, suggestions: Record<string, string[]> = {}): FieldView[] {
  return fields.map((f) => {
    const value = String(values[f.key] ?? '');
    const base = { key: f.key, label: f.label, required: !!f.required, value, error: errors.find((e) => e.field === f.key)?.reason, readonly: f.key === readonlyKey, private: !!f.private };
    if (f.type === 'enum' || f.type === 'bool') {
      const vals = f.type === 'bool' ? ['是', '否'] : [...f.values!];
      const options = vals.map((v) => ({ value: v, label: f.key === 'creditClass' ? (CREDIT_CLASS_NAMES[v] ?? v) : v, selected: v === value }));
      return { ...base, input: 'select' as const, options };
    }
    if (f.type === 'list' && f.values) {
      const chosen = value.split(/[、,]/);
      return { ...base, input: 'checkboxes' as const, options: f.values.map((v) => ({ value: v, label: v, selected: chosen.includes(v) })) };
    }
    if (f.type === 'date') return { ...base, input: 'date' as const };
    if (f.type === 'multiline') return { ...base, input: 'textarea' as const };
    // A pick list where the value must match what another register holds (an item's field, an inspector's region).
    return { ...base, input: 'text' as const, suggestions: suggestions[f.key] ?? null };
  });
}

/** Form bodies: checkbox lists arrive as arrays; everything becomes one string per field. */
export function formValues(fields: Field[], body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = body[f.key];
    out[f.key] = Array.isArray(v) ? v.map(String).join('、') : typeof v === 'string' ? v : '';
  }
  return out;
}
