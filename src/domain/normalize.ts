// Text normalisation for imported and typed values: full-width forms, stray spaces.
// Each function returns its input untouched when there is nothing to change (the common case
// on a million-row import), so the checks below are tests, not rewrites.

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;
const FULL_WIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/;
const SPACES = /[\s\u00a0\u200b\ufeff]+/g;
/** Leading or trailing space, a run of two, or any space other than a plain one. */
const UNTIDY = /^[\s\u00a0\u200b\ufeff]|[\s\u00a0\u200b\ufeff]$|[\s\u00a0\u200b\ufeff]{2}|[\t\r\n\u00a0\u200b\ufeff\u3000\u2028\u2029]/;

function halfWidthChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c === 0x3000 ? ' ' : String.fromCharCode(c - 0xfee0);
}

/** Full-width ASCII (U+FF01..FF5E) and the ideographic space become their half-width forms. */
export function toHalfWidth(s: string): string {
  return FULL_WIDTH.test(s) ? s.replace(/[\uff01-\uff5e\u3000]/g, halfWidthChar) : s;
}

/** Trims and collapses runs of white space (incl. NBSP, zero-width space, BOM) to one space. */
export function cleanText(s: string): string {
  return UNTIDY.test(s) ? s.replace(SPACES, ' ').trim() : s;
}

/** For codes: half-width, upper case, with every space removed. */
export function cleanCode(s: string): string {
  const h = toHalfWidth(s);
  const t = /[\s\u00a0\u200b\ufeff]/.test(h) ? h.replace(SPACES, '') : h;
  return /[a-z]/.test(t) ? t.toUpperCase() : t;
}

/** For free text: half-width digits and Latin letters, collapsed spaces, Chinese punctuation kept. */
export function cleanName(s: string): string {
  const h = FULL_WIDTH_ALNUM.test(s) ? s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g, halfWidthChar) : s;
  return cleanText(h);
}
