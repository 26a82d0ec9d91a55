// RFC 8785 JSON Canonicalization Scheme for the values a bundle holds (objects, arrays, strings,
// finite numbers, booleans, null): keys sorted by UTF-16 code units, ECMAScript number and string forms.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function canonicalize(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError('JCS: numbers must be finite');
      return JSON.stringify(v); // ECMAScript Number-to-String, as RFC 8785 requires (-0 becomes 0)
    case 'string':
      return JSON.stringify(v); // ECMAScript string escaping, as RFC 8785 requires
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map(canonicalize).join(',') + ']';
      const obj = v as Record<string, unknown>;
      if (isFlatAndSorted(obj)) return JSON.stringify(obj);
      // Default sort compares UTF-16 code units, which is the order RFC 8785 specifies.
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalize(obj[k])).join(',') + '}';
    }
    default:
      throw new TypeError(`JCS: cannot encode ${typeof v}`);
  }
}

/**
 * Keys already in UTF-16 order and only strings, finite numbers, booleans or null as values: then
 * JSON.stringify writes exactly the canonical form (RFC 8785 takes ECMAScript's string and number
 * forms), natively. A bundle's million {id, stratum} entities take this path.
 */
function isFlatAndSorted(obj: Record<string, unknown>): boolean {
  let prev: string | null = null;
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) return false;
    if (prev !== null && !(prev < k)) return false;
    const x = obj[k];
    const t = typeof x;
    if (!(x === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(x as number)))) return false;
    prev = k;
  }
  return true;
}
