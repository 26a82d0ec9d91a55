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

export type FieldResult = { ok: true; value: string } | { ok: false; reason: string };

const LIST_SEPARATORS = /[、,，;；/|\s]+/;

/** Normalises and checks one value. Empty optional values become ''. */
export function checkField(f: Field, raw: string): FieldResult {
  const s = f.type === 'multiline' ? raw.trim() : cleanText(raw);
  if (s === '') return f.required ? { ok: false, reason: `${f.label}不能为空` } : { ok: true, value: '' };
  if (f.maxLength !== undefined && s.length > f.maxLength) {
    return { ok: false, reason: `${f.label}过长（最多${f.maxLength}字，实际${s.length}字）` };
  }
  switch (f.type) {
    case 'text':
    case 'multiline':
      return { ok: true, value: f.type === 'text' ? cleanName(s) : s };
    case 'uscc': {
      const code = cleanCode(s);
      const p = checkUscc(code);
      return p ? { ok: false, reason: usccProblemText(p) } : { ok: true, value: code };
    }
    case 'code': {
      const code = cleanCode(s);
      if (code.includes('|')) return { ok: false, reason: `${f.label}不能包含“|”` };
      return { ok: true, value: code };
    }
    case 'date': {
      const d = parseDate(toHalfWidth(s));
      return d.ok ? d : { ok: false, reason: d.reason };
    }
    case 'bool': {
      const b = cleanCode(s);
      if (BOOL_TRUE.has(b)) return { ok: true, value: '是' };
      if (BOOL_FALSE.has(b)) return { ok: true, value: '否' };
      return { ok: false, reason: `${f.label}应填“是”或“否”，实际为“${s}”` };
    }
    case 'enum': {
      const key = cleanCode(s);
      const v = f.values!.includes(key) ? key : f.values!.includes(s) ? s : f.synonyms?.[key] ?? f.synonyms?.[s];
      if (v) return { ok: true, value: v };
      return { ok: false, reason: `${f.label}“${s}”无效，应为：${f.values!.join('、')}` };
    }
    case 'list': {
      const parts = s.split(LIST_SEPARATORS).filter((p) => p !== '');
      if (f.values) {
        const out: string[] = [];
        for (const p of parts) {
          const v = f.values.includes(p) ? p : f.synonyms?.[p];
          if (!v) return { ok: false, reason: `${f.label}“${p}”无效，应为：${f.values.join('、')}` };
          if (!out.includes(v)) out.push(v);
        }
        return { ok: true, value: out.join('、') };
      }
      return { ok: true, value: [...new Set(parts.map(cleanName))].join('、') };
    }
    case 'idcard': {
      const id = cleanCode(s);
      return isValidIdCard(id) ? { ok: true, value: id } : { ok: false, reason: `身份证号“${s}”校验不通过` };
    }
    case 'phone': {
      const p = cleanCode(s).replace(/[()（）]/g, '');
      return /^\+?[\d-]{5,20}$/.test(p) ? { ok: true, value: p } : { ok: false, reason: `电话号码“${s}”格式无效` };
    }
  }
}
