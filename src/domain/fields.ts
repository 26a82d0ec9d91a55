// Field descriptors of the item list and the two directories: labels, header aliases, value rules.
import { checkUscc, usccProblemText } from './uscc';
import { cleanCode, cleanName, cleanText, toHalfWidth } from './normalize';
import { parseDate } from './dates';

export type FieldType = 'text' | 'uscc' | 'code' | 'date' | 'bool' | 'enum' | 'list' | 'idcard' | 'phone' | 'multiline';

export interface Field {
  key: string;
  label: string;
  /** Other header texts seen in real files (after header normalisation). */
  aliases?: string[];
  type: FieldType;
  required?: boolean;
  /** enum: canonical values; synonyms map other spellings onto them. */
  values?: readonly string[];
  synonyms?: Record<string, string>;
  maxLength?: number;
  /** Kept internally, never shown on public pages. */
  private?: boolean;
}

const BOOL_TRUE = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '有']);
const BOOL_FALSE = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '无', '']);

/** GB 11643 resident ID number check (18 characters, last may be X). */
export function isValidIdCard(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i]!;
  return '10X98765432'[sum % 11] === s[17];
}

/** A value that failed its check. Success is the normalised string itself (no allocation per value). */
export class Invalid {
  constructor(readonly reason: string) {}
}
export type FieldResult = string | Invalid;

const LIST_SEPARATORS = /[、,，;；/|\s]+/;

/** Normalises and checks one value. Empty optional values become ''. */
export function checkField(f: Field, raw: string): FieldResult {
  const s = f.type === 'multiline' ? raw.trim() : cleanText(raw);
  if (s === '') return f.required ? new Invalid(`${f.label}不能为空`) : '';
  if (f.maxLength !== undefined && s.length > f.maxLength) {
    return new Invalid(`${f.label}过长（最多${f.maxLength}字，实际${s.length}字）`);
  }
  switch (f.type) {
    case 'text':
    case 'multiline':
      return f.type === 'text' ? cleanName(s) : s;
    case 'uscc': {
      const code = cleanCode(s);
      const p = checkUscc(code);
      return p ? new Invalid(usccProblemText(p)) : code;
    }
    case 'code': {
      const code = cleanCode(s);
      if (code.includes('|')) return new Invalid(`${f.label}不能包含“|”`);
      return code;
    }
    case 'date': {
      const d = parseDate(toHalfWidth(s));
      return d.ok ? d.value : new Invalid(d.reason);
    }
    case 'bool': {
      const b = cleanCode(s);
      if (BOOL_TRUE.has(b)) return '是';
      if (BOOL_FALSE.has(b)) return '否';
      return new Invalid(`${f.label}应填“是”或“否”，实际为“${s}”`);
    }
    case 'enum': {
      const key = cleanCode(s);
      const v = f.values!.includes(key) ? key : f.values!.includes(s) ? s : f.synonyms?.[key] ?? f.synonyms?.[s];
      if (v) return v;
      return new Invalid(`${f.label}“${s}”无效，应为：${f.values!.join('、')}`);
    }
    case 'list': {
      const parts = s.split(LIST_SEPARATORS).filter((p) => p !== '');
      if (f.values) {
        const out: string[] = [];
        for (const p of parts) {
          const v = f.values.includes(p) ? p : f.synonyms?.[p];
          if (!v) return new Invalid(`${f.label}“${p}”无效，应为：${f.values.join('、')}`);
          if (!out.includes(v)) out.push(v);
        }
        return out.join('、');
      }
      return [...new Set(parts.map(cleanName))].join('、');
    }
    case 'idcard': {
      const id = cleanCode(s);
      return isValidIdCard(id) ? id : new Invalid(`身份证号“${s}”校验不通过`);
    }
    case 'phone': {
      const p = cleanCode(s).replace(/[()（）]/g, '');
      return /^\+?[\d-]{5,20}$/.test(p) ? p : new Invalid(`电话号码“${s}”格式无效`);
    }
  }
}
