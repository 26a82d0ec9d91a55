// ssj-draw/2 inputs kept as arrays instead of objects, for populations of any size (a province's
// 10,000,000 entities): a cursor over canonical JSON bytes read a piece at a time, the population read
// from it into one buffer of ids and an array of strata, and §4 on that form. Shared by the streaming
// verifier (a record file) and the server's reveal (the frozen inputs it stored).
import { canonicalize } from './jcs';
import { H48 } from './hash';
import { isValidUsccAt } from './uscc';
import { DrawError, selectionFromOrder, ticket, ticketRuns, type DrawInputs, type Selection } from './draw';

export class NotCanonical extends Error {}

/** Reads bytes at a position into `into` (as many as fit), returning how many; 0 at the end. */
export type ReadAt = (into: Buffer, position: number) => number;

/** A ReadAt over bytes in memory. */
export function readFromBuffer(b: Uint8Array): ReadAt {
  const src = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return (into, position) => (position >= src.length ? 0 : src.copy(into, 0, position, Math.min(src.length, position + into.length)));
}

/** A cursor over canonical JSON bytes (a file, a stored record), refilled a piece at a time. */
export class Bytes {
  private buf = Buffer.alloc(0);
  /** File offset of buf[0]. */
  private base = 0;
  private at = 0;
  private eof = false;

  /** Reads with `read` from byte `from` on, `chunk` bytes at a time. */
  constructor(private readonly read: ReadAt, from = 0, private readonly chunk = 8 << 20) {
    this.base = from;
  }

  get offset(): number {
    return this.base + this.at;
  }

  /** At least n bytes from the cursor in the buffer (fewer only at the end of the file); returns how many there are. */
  need(n: number): number {
    while (this.buf.length - this.at < n && !this.eof) {
      const chunk = Buffer.allocUnsafe(Math.max(this.chunk, n));
      const got = this.read(chunk, this.base + this.buf.length);
      if (got === 0) this.eof = true;
      this.base += this.at;
      this.buf = Buffer.concat([this.buf.subarray(this.at), chunk.subarray(0, got)]);
      this.at = 0;
    }
    return this.buf.length - this.at;
  }

  peek(): number {
    if (this.need(1) < 1) throw new NotCanonical('the file ends too early');
    return this.buf[this.at]!;
  }

  /** Moves past `text` (ASCII), which must come next. */
  expect(text: string): void {
    const n = text.length;
    let ok = this.need(n) >= n;
    for (let i = 0; ok && i < n; i++) ok = this.buf[this.at + i] === text.charCodeAt(i);
    if (!ok) throw new NotCanonical(`expected ${text} at byte ${this.offset}`);
    this.at += n;
  }

  /** Whether `text` (ASCII) comes next. */
  startsWith(text: string): boolean {
    if (this.need(text.length) < text.length) return false;
    for (let i = 0; i < text.length; i++) if (this.buf[this.at + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** The buffer and the cursor's place in it, for a reader of many small values (readEntities); `moveTo` sets the place after. */
  window(ahead: number): { b: Buffer; at: number } {
    this.need(ahead);
    return { b: this.buf, at: this.at };
  }

  moveTo(at: number): void {
    this.at = at;
  }

  /** The bytes of a JSON string token from the cursor (quotes included), moving past it. */
  stringToken(max = 4096): Buffer {
    this.need(max);
    if (this.buf[this.at] !== 0x22) throw new NotCanonical(`expected a string at byte ${this.offset}`);
    let i = this.at + 1;
    while (i < this.buf.length && this.buf[i] !== 0x22) i += this.buf[i] === 0x5c ? 2 : 1;
    if (i >= this.buf.length) throw new NotCanonical(`a string longer than ${max} bytes at byte ${this.offset}`);
    const token = this.buf.subarray(this.at, i + 1);
    this.at = i + 1;
    return token;
  }

  /** Moves past one JSON value; its bytes are given to `keep` as they pass. */
  value(keep?: (b: Buffer) => void): void {
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (;;) {
      if (this.need(1) < 1) throw new NotCanonical('the file ends inside a value');
      const start = this.at;
      let i = this.at;
      let done = false;
      for (; i < this.buf.length; i++) {
        const c = this.buf[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (depth === 0) {
              i++;
              done = true;
              break;
            }
          }
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            done = true; // the end of the enclosing container: a literal ended just before
            break;
          }
          depth--;
          if (depth === 0) {
            i++;
            done = true;
            break;
          }
        } else if (c === 0x2c && depth === 0) {
          done = true;
          break;
        }
      }
      keep?.(this.buf.subarray(start, i));
      this.at = i;
      if (done) return;
    }
  }

  /** One JSON value, parsed; refused unless its text is canonical. */
  small(): unknown {
    const parts: Buffer[] = [];
    this.value((b) => parts.push(Buffer.from(b)));
    const text = Buffer.concat(parts).toString('utf8');
    const v = JSON.parse(text) as unknown;
    if (canonicalize(v) !== text) throw new NotCanonical(`a value not in canonical form (JCS) near byte ${this.offset}`);
    return v;
  }

  key(): string {
    const k = JSON.parse(this.stringToken().toString('utf8')) as string;
    this.expect(':');
    return k;
  }
}

/** The population as read: ids (18 bytes each) in one buffer, each entity's stratum by its key's index. */
export interface CompactEntities {
  ids: Buffer;
  n: number;
  keys: string[];
  keyOf: Int32Array;
  /** The first entity that breaks §3 (an invalid USCC, out of order), reported where the in-memory check reports it. */
  problem: string | null;
}

const ID = 18;

const ENTITY_HEAD = Buffer.from('{"id":"');
const STRATUM_HEAD = Buffer.from('","stratum":');

/** Index of the quote that ends the JSON string whose text starts at `from` (after its opening quote), or -1. */
function stringEnd(b: Buffer, from: number): number {
  let i = from;
  while (i < b.length && b[i] !== 0x22) i += b[i] === 0x5c ? 2 : 1;
  return i < b.length ? i : -1;
}

/**
 * The entities array, read straight from the cursor's buffer: a population is millions of records
 * of the one shape '{"id":"…","stratum":"…"}', so no value is parsed and no string made per record
 * (a stratum key is looked up by a hash of its bytes).
 */
export function readEntities(r: Bytes): CompactEntities {
  let ids = Buffer.allocUnsafe(ID * (1 << 16));
  let keyOf = new Int32Array(1 << 16);
  let n = 0;
  const keys: string[] = [];
  const keyBytes: Buffer[] = [];
  const keyIndex = new Map<number, number[]>();
  r.expect('[');
  if (r.peek() === 0x5d) {
    r.expect(']');
    return { ids, n, keys, keyOf, problem: null };
  }
  let problem: string | null = null;
  const fail = (what: string, at: number): never => {
    throw new NotCanonical(`expected ${what} at byte ${r.offset + at - r.window(0).at}`);
  };
  for (;;) {
    // One record: at most 4 KiB (stratum keys are short; a longer one is refused as not canonical here).
    const { b, at } = r.window(4096);
    let i = at;
    for (let j = 0; j < ENTITY_HEAD.length; j++) if (b[i + j] !== ENTITY_HEAD[j]) fail('{"id":"', i);
    i += ENTITY_HEAD.length;
    const idEnd = stringEnd(b, i);
    if (idEnd < 0) fail('a string', i);
    if (idEnd - i !== ID) throw new DrawError(`entity id ${b.toString('utf8', i - 1, idEnd + 1)} is not a valid USCC`);
    if (n === keyOf.length) {
      // Grown by half each time: the ids of ten million entities take 180 MB, not 300.
      const cap = Math.ceil(keyOf.length * 1.5);
      const more = Buffer.allocUnsafe(cap * ID);
      ids.copy(more);
      ids = more;
      const k = new Int32Array(cap);
      k.set(keyOf);
      keyOf = k;
    }
    const o = n * ID;
    for (let j = 0; j < ID; j++) ids[o + j] = b[i + j]!;
    i = idEnd;
    for (let j = 0; j < STRATUM_HEAD.length; j++) if (b[i + j] !== STRATUM_HEAD[j]) fail(',"stratum":', i);
    i += STRATUM_HEAD.length;
    if (b[i] !== 0x22) fail('a string', i);
    const keyStart = i;
    const keyEnd = stringEnd(b, i + 1);
    if (keyEnd < 0) fail('a string', i);
    i = keyEnd + 1;
    if (b[i] !== 0x7d) fail('}', i);
    // FNV-1a of the key's bytes, then the bytes compared.
    let h = 0x811c9dc5;
    for (let j = keyStart; j < i; j++) h = Math.imul(h ^ b[j]!, 0x01000193);
    let k = -1;
    for (const c of keyIndex.get(h) ?? []) {
      const kb = keyBytes[c]!;
      let same = kb.length === i - keyStart;
      for (let j = 0; same && j < kb.length; j++) same = kb[j] === b[keyStart + j];
      if (same) k = c;
    }
    if (k < 0) {
      const text = b.toString('utf8', keyStart, i);
      const key = JSON.parse(text) as string;
      if (canonicalize(key) !== text) throw new NotCanonical(`a stratum key not in canonical form: ${text}`);
      k = keys.length;
      keys.push(key);
      keyBytes.push(Buffer.from(b.subarray(keyStart, i)));
      keyIndex.set(h, [...(keyIndex.get(h) ?? []), k]);
    }
    keyOf[n] = k;
    if (problem === null && !isValidUsccAt(ids, o)) problem = `entity id ${ids.toString('latin1', o, o + ID)} is not a valid USCC`;
    if (problem === null && n > 0) {
      let c = 0;
      for (let j = 0; c === 0 && j < ID; j++) c = ids[o - ID + j]! - ids[o + j]!;
      if (c >= 0) problem = `entities must be sorted by UTF-8 bytes without duplicates (at ${ids.toString('latin1', o, o + ID)})`;
    }
    n++;
    r.moveTo(i + 1);
    const next = r.peek();
    if (next === 0x5d) break;
    r.expect(',');
  }
  r.expect(']');
  return { ids, n, keys, keyOf, problem };
}

/** §4 on the compact population: tickets, each stratum in ticket order, the first k of each. */
export function selectCompact(pop: { ids: Buffer; n: number }, stratumOf: Int32Array, shell: Omit<DrawInputs, 'entities'>, sizes: number[], seed: string) {
  const { ids, n } = pop;
  const idOf = (i: number) => ids.toString('latin1', i * ID, i * ID + ID);
  const prefixes = new Float64Array(n);
  for (let i = 0; i < n; i++) prefixes[i] = H48(`${seed}|ticket|${idOf(i)}`);
  const { order, ends } = ticketRuns(prefixes, stratumOf, shell.strata.length, (i) => ticket(seed, idOf(i)), idOf);
  const begin = (s: number) => (s ? ends[s - 1]! : 0);
  const { strata, selected, positions } = selectionFromOrder(seed, shell.strata, sizes, (s, k) => order.subarray(begin(s), begin(s) + k), idOf);
  return { strata, selected: selected as (Omit<Selection, 'inspectors'> | undefined)[], positions };
}


/** Where the inputs object lies in the bytes read, with its population and the rest of its members. */
export interface InputsRead {
  pop: CompactEntities;
  rest: Omit<DrawInputs, 'entities'>;
  range: [number, number];
}

/** Reads an inputs object (canonical: its members in RFC 8785 order) from the cursor. */
export function readInputs(r: Bytes): InputsRead {
  const start = r.offset;
  r.expect('{"entities":');
  const pop = readEntities(r);
  const more: Record<string, unknown> = {};
  // The members after the entities in key order; "experts" only in a draw with experts (§4a).
  for (const name of ['exclusions', 'experts', 'inspectors', 'protocol', 'strata', 'team']) {
    if (name === 'experts' && !r.startsWith(',"experts":')) continue;
    r.expect(`,"${name}":`);
    more[name] = r.small();
  }
  r.expect('}');
  return { pop, rest: more as unknown as Omit<DrawInputs, 'entities'>, range: [start, r.offset] };
}

/**
 * Each entity's stratum as its rule's position in `strata` and the size of each stratum; throws
 * DrawError for a stratum without a rule.
 */
export function strataOf(pop: Pick<CompactEntities, 'n' | 'keys' | 'keyOf'>, strata: Omit<DrawInputs, 'entities'>['strata']): { stratumOf: Int32Array; sizes: number[] } {
  const ruleOf = new Map(strata.map((s, i) => [s.key, i]));
  const keyRule = pop.keys.map((key) => {
    const i = ruleOf.get(key);
    if (i === undefined) throw new DrawError(`stratum ${key} has no rule`);
    return i;
  });
  const stratumOf = new Int32Array(pop.n);
  const sizes = new Array<number>(strata.length).fill(0);
  for (let k = 0; k < pop.n; k++) sizes[(stratumOf[k] = keyRule[pop.keyOf[k]!]!)]!++;
  return { stratumOf, sizes };
}


/** Position of `id` among `n` ascending 18-byte ids, or -1 when it is not one of them (binary search). */
export function findId(ids: Buffer, n: number, id: string): number {
  if (id.length !== ID) return -1;
  const target = Buffer.from(id, 'latin1');
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = ids.compare(target, 0, ID, mid * ID, mid * ID + ID);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
