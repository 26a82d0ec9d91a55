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
      if (Array.isArray(v)) return allFlat(v) ? JSON.stringify(v) : '[' + v.map(canonicalize).join(',') + ']';
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
 * Writes canonicalize(v) in pieces of about `size` characters, so that a bundle of ten million
 * entities (several hundred MB of text, past V8's longest string) never becomes one string.
 * The pieces joined are exactly canonicalize(v).
 */
export function writeCanonical(v: unknown, write: (piece: string) => void, size = 1 << 20): void {
  let buf = '';
  const emit = (s: string) => {
    buf += s;
    if (buf.length >= size) {
      write(buf);
      buf = '';
    }
  };
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      emit('[');
      // Runs of flat objects (a bundle's entities) go through the native JSON.stringify, a chunk at a time.
      const CHUNK = 4096;
      for (let i = 0; i < x.length; ) {
        const chunk = x.slice(i, i + CHUNK);
        if (allFlat(chunk)) {
          const text = JSON.stringify(chunk);
          emit((i ? ',' : '') + text.slice(1, -1));
          i += chunk.length;
        } else {
          for (const y of chunk) {
            if (i++) emit(',');
            walk(y);
          }
        }
      }
      emit(']');
    } else if (x !== null && typeof x === 'object' && !isFlatAndSorted(x as Record<string, unknown>)) {
      const obj = x as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      emit('{');
      keys.forEach((k, i) => {
        emit((i ? ',' : '') + JSON.stringify(k) + ':');
        walk(obj[k]);
      });
      emit('}');
    } else emit(canonicalize(x));
  };
  walk(v);
  if (buf) write(buf);
}

/** Every element a plain object that isFlatAndSorted: then JSON.stringify of the whole array is canonical. */
function allFlat(xs: unknown[]): boolean {
  for (const x of xs) if (x === null || typeof x !== 'object' || Array.isArray(x) || !isFlatAndSorted(x as Record<string, unknown>)) return false;
  return xs.length > 0;
}

const isScalar = (x: unknown) => {
  const t = typeof x;
  return x === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(x as number));
};

/**
 * Keys already in UTF-16 order, and as values only strings, finite numbers, booleans, null or plain
 * arrays of those: then JSON.stringify writes exactly the canonical form (RFC 8785 takes ECMAScript's
 * string and number forms), natively. A bundle's entities ({id, stratum}) and selections ({entity,
 * inspectors, stratum, ticket}) take this path.
 */
function isFlatAndSorted(obj: Record<string, unknown>): boolean {
  let prev: string | null = null;
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) return false;
    if (prev !== null && !(prev < k)) return false;
    const x = obj[k];
    if (!isScalar(x) && !(Array.isArray(x) && Object.getPrototypeOf(x) === Array.prototype && x.every(isScalar))) return false;
    prev = k;
  }
  return true;
}
