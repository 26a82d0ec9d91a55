// Unified Social Credit Code (统一社会信用代码) per GB 32100-2015: check, explain, compute.

/** The 31 characters of the code, in value order 0..30 (no I, O, Z, S, V). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (0-based) is 3^i mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Value of each character by char code (-1: not in the alphabet); checked a million times per import or draw. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) VALUE[USCC_ALPHABET.charCodeAt(i)] = i;
const valueOf = (code: string, i: number) => {
  const c = code.charCodeAt(i);
  return c < 128 ? VALUE[c]! : -1;
};

export type UsccProblem =
  | { code: 'empty' }
  | { code: 'legacy-registration-number' }
  | { code: 'length'; length: number }
  | { code: 'bad-character'; position: number; char: string }
  | { code: 'check-digit'; expected: string; actual: string };

/** The check character for the first 17 characters (which must be in the alphabet). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = valueOf(first17, i);
    if (v < 0) throw new RangeError(`not a USCC character: ${first17[i]}`);
    sum += v * WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Validates an already normalised (trimmed, upper-case, half-width) code. */
export function checkUscc(code: string): UsccProblem | null {
  if (code.length === 0) return { code: 'empty' };
  if (code.length === 15 && /^\d{15}$/.test(code)) return { code: 'legacy-registration-number' };
  if (code.length !== 18) return { code: 'length', length: code.length };
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = valueOf(code, i);
    if (v < 0) return { code: 'bad-character', position: i + 1, char: code[i]! };
    if (i < 17) sum += v * WEIGHTS[i]!;
  }
  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
  if (expected !== code[17]) return { code: 'check-digit', expected, actual: code[17]! };
  return null;
}

export function isValidUscc(code: string): boolean {
  return checkUscc(code) === null;
}

/** The message staff see, in Chinese. */
export function usccProblemText(p: UsccProblem): string {
  switch (p.code) {
    case 'empty':
      return '统一社会信用代码为空';
    case 'legacy-registration-number':
      return '这是15位旧版注册号，不是统一社会信用代码；请填写18位统一社会信用代码';
    case 'length':
      return `统一社会信用代码应为18位，实际为${p.length}位`;
    case 'bad-character':
      return `第${p.position}位字符“${p.char}”不允许（不得使用 I、O、Z、S、V 及小写字母）`;
    case 'check-digit':
      return `校验位错误：按 GB 32100-2015 计算应为“${p.expected}”，实际为“${p.actual}”`;
  }
}

/** isValidUscc for the 18 bytes at `at` (a population read as bytes, where no string is made per row). */
export function isValidUsccAt(b: Uint8Array, at: number): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = b[at + i]!;
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) return false;
    sum += v * WEIGHTS[i]!;
  }
  return b[at + 17] === USCC_ALPHABET.charCodeAt((31 - (sum % 31)) % 31);
}
