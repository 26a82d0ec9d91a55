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
      // Default sort compares UTF-16 code units, which is the order RFC 8785 specifies.
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalize(obj[k])).join(',') + '}';
    }
    default:
      throw new TypeError(`JCS: cannot encode ${typeof v}`);
  }
}
