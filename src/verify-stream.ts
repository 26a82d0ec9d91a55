// Verifying an ssj-draw/2 record file too large to read as one string (a province's 10,000,000-entity
// directory makes a record of about 750 MB; V8's strings stop at 512 MiB). The file is read in pieces
// of 8 MiB; the population is kept as compact arrays (the ids in one byte buffer, each entity's
// stratum as a number), never as a million objects; the inputs hash and the result are compared as
// SHA-256 of the file's own bytes, which needs the file in canonical form (JCS), as the server writes
// it. A file that is not canonical is refused with the advice to use the in-memory check.
// Everything §6 checks is checked, with the same functions as the in-memory verifier where they do not
// read the population (draw-v2.ts outcomeHeaderProblem, outcomeProblem; draw.ts ticketRuns,
// selectionFromOrder, assignTeams).
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { canonicalize } from './domain/jcs';
import { H48 } from './domain/hash';
import { isValidUscc } from './domain/uscc';
import { assignTeamsEach, checkInputs, DrawError, PROTOCOL_V2, ticket, ticketRuns, selectionFromOrder, type DrawInputs, type DrawResult, type Selection } from './domain/draw';
import { outcomeHeaderProblem, outcomeProblem, recordHash, type DrawRecord, type SlotFailure } from './domain/draw-v2';

const CHUNK = 8 << 20;

class NotCanonical extends Error {}

/** A cursor over a file, refilled a piece at a time. */
class Bytes {
  private buf = Buffer.alloc(0);
  /** File offset of buf[0]. */
  private base = 0;
  private at = 0;
  private eof = false;

  /** Reads `fd` from byte `from` on. */
  constructor(private readonly fd: number, from = 0) {
    this.base = from;
  }

  get offset(): number {
    return this.base + this.at;
  }

  /** At least n bytes from the cursor in the buffer (fewer only at the end of the file); returns how many there are. */
  need(n: number): number {
    while (this.buf.length - this.at < n && !this.eof) {
      const chunk = Buffer.allocUnsafe(Math.max(CHUNK, n));
      const got = fs.readSync(this.fd, chunk, 0, chunk.length, this.base + this.buf.length);
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

  expect(text: string): void {
    const b = Buffer.from(text, 'latin1');
    if (this.need(b.length) < b.length || this.buf.compare(b, 0, b.length, this.at, this.at + b.length) !== 0) {
      throw new NotCanonical(`expected ${text} at byte ${this.offset}`);
    }
    this.at += b.length;
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
interface Population {
  ids: Buffer;
  n: number;
  keys: string[];
  keyOf: Int32Array;
  /** The first entity that breaks §3 (an invalid USCC, out of order), reported where the in-memory check reports it. */
  problem: string | null;
}

const ID = 18;

function readEntities(r: Bytes): Population {
  let ids = Buffer.allocUnsafe(ID * (1 << 16));
  let keyOf = new Int32Array(1 << 16);
  let n = 0;
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  r.expect('[');
  if (r.peek() === 0x5d) {
    r.expect(']');
    return { ids, n, keys, keyOf, problem: null };
  }
  let problem: string | null = null;
  for (;;) {
    r.expect('{"id":');
    const idToken = r.stringToken(64);
    if (idToken.length !== ID + 2) throw new DrawError(`entity id ${idToken.toString('utf8')} is not a valid USCC`);
    r.expect(',"stratum":');
    const raw = r.stringToken();
    r.expect('}');
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
    idToken.copy(ids, n * ID, 1, ID + 1);
    const id = ids.toString('latin1', n * ID, n * ID + ID);
    if (problem === null && !isValidUscc(id)) problem = `entity id ${id} is not a valid USCC`;
    if (problem === null && n > 0 && ids.compare(ids, (n - 1) * ID, n * ID, n * ID, n * ID + ID) <= 0) problem = `entities must be sorted by UTF-8 bytes without duplicates (at ${id})`;
    const rawText = raw.toString('latin1');
    let k = keyIndex.get(rawText);
    if (k === undefined) {
      const key = JSON.parse(raw.toString('utf8')) as string;
      if (canonicalize(key) !== raw.toString('utf8')) throw new NotCanonical(`a stratum key not in canonical form: ${raw.toString('utf8')}`);
      keyIndex.set(rawText, (k = keys.length));
      keys.push(key);
    }
    keyOf[n++] = k;
    const c = r.peek();
    if (c === 0x5d) break;
    r.expect(',');
  }
  r.expect(']');
  return { ids, n, keys, keyOf, problem };
}

/** SHA-256 of the file's bytes from `start` to `end`. */
function hashRange(fd: number, start: number, end: number): string {
  const h = createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let at = start; at < end; ) {
    const got = fs.readSync(fd, chunk, 0, Math.min(CHUNK, end - at), at);
    if (got === 0) break;
    h.update(chunk.subarray(0, got));
    at += got;
  }
  return h.digest('hex');
}


/** §4 on the compact population: tickets, each stratum in ticket order, the first k of each. */
function select(pop: Population, stratumOf: Int32Array, shell: DrawInputs, sizes: number[], seed: string) {
  const { ids, n } = pop;
  const idOf = (i: number) => ids.toString('latin1', i * ID, i * ID + ID);
  const prefixes = new Float64Array(n);
  for (let i = 0; i < n; i++) prefixes[i] = H48(`${seed}|ticket|${idOf(i)}`);
  const { order, ends } = ticketRuns(prefixes, stratumOf, shell.strata.length, (i) => ticket(seed, idOf(i)), idOf);
  const begin = (s: number) => (s ? ends[s - 1]! : 0);
  const { strata, selected } = selectionFromOrder(seed, shell.strata, sizes, (s, k) => order.subarray(begin(s), begin(s) + k), idOf);
  return { strata, selected: selected as (Omit<Selection, 'inspectors'> | undefined)[] };
}

export type StreamVerification =
  | { ok: true; kind: 'draw' | 'failure'; hash: string; eligible: number; selected: number; record: Omit<DrawRecord, 'inputs' | 'result'> & { error?: SlotFailure } }
  | { ok: false; difference: string; canonical: boolean };

/** Verifies one ssj-draw/2 draw or failure record file (§6), reading it in pieces. */
export function verifyRecordFile(file: string): StreamVerification {
  const fd = fs.openSync(file, 'r');
  try {
    const r = new Bytes(fd);
    const rec: Record<string, unknown> = {};
    let pop: Population | null = null as Population | null;
    let rest: Omit<DrawInputs, 'entities'> | null = null;
    let inputsRange: [number, number] = [0, 0];
    let resultRange: [number, number] = [0, 0];
    let last = '';
    r.expect('{');
    for (;;) {
      const k = r.key();
      if (k <= last) throw new NotCanonical(`member ${k} out of canonical order`);
      last = k;
      if (k === 'inputs') {
        const start = r.offset;
        r.expect('{"entities":');
        pop = readEntities(r);
        const more: Record<string, unknown> = {};
        for (const name of ['exclusions', 'inspectors', 'protocol', 'strata', 'team']) {
          r.expect(`,"${name}":`);
          more[name] = r.small();
        }
        r.expect('}');
        inputsRange = [start, r.offset];
        rest = more as unknown as Omit<DrawInputs, 'entities'>;
      } else if (k === 'result') {
        const start = r.offset;
        r.value();
        resultRange = [start, r.offset];
      } else rec[k] = r.small();
      if (r.peek() === 0x7d) break;
      r.expect(',');
    }
    r.expect('}');
    if (r.need(1) > 0) throw new NotCanonical('bytes after the record');
    const size = r.offset;
    const kind = rec.kind;
    if (kind !== 'draw' && kind !== 'failure') return { ok: false, difference: `not a draw or failure record: ${String(kind)}`, canonical: true };
    if (!pop || !rest) return { ok: false, difference: 'inputs are missing', canonical: true };
    const head = outcomeHeaderProblem(rec as unknown as Omit<DrawRecord, 'inputs' | 'result'>);
    if (typeof head === 'string') return { ok: false, difference: head, canonical: true };
    const seed = head.seed;
    if (rest.protocol !== PROTOCOL_V2) return { ok: false, difference: `inputs.protocol must be ${PROTOCOL_V2}`, canonical: true };
    const ih = hashRange(fd, inputsRange[0], inputsRange[1]);
    if (ih !== rec.inputsHash) return { ok: false, difference: `inputsHash: the record says ${String(rec.inputsHash)}, recomputed ${ih}`, canonical: true };
    if (pop.problem) throw new DrawError(pop.problem);
    const shell: DrawInputs = { ...rest, entities: [] };
    checkInputs(shell, { entitiesChecked: true });
    // Each entity's stratum as its rule's position in inputs.strata.
    const ruleOf = new Map(shell.strata.map((s, i) => [s.key, i]));
    const keyRule = pop.keys.map((key) => {
      const i = ruleOf.get(key);
      if (i === undefined) throw new DrawError(`stratum ${key} has no rule`);
      return i;
    });
    const n = pop.n;
    const eligible = n;
    const stratumOf = new Int32Array(n);
    const sizes = new Array<number>(shell.strata.length).fill(0);
    for (let k = 0; k < n; k++) sizes[(stratumOf[k] = keyRule[pop.keyOf[k]!]!)]!++;
    const commitment = (rec as unknown as DrawRecord).commitment;
    const counts = { eligible: n, strata: commitment.counts.strata === null ? null : shell.strata.map((s, i) => ({ key: s.key, eligible: sizes[i]! })), inspectors: shell.inspectors.length };
    if (recordHash(counts) !== recordHash(commitment.counts)) return { ok: false, difference: 'commitment.counts do not fit the inputs', canonical: true };
    // §4 from the compact population; its arrays are let go before the teams are filled.
    const selection = select(pop, stratumOf, shell, sizes, seed);
    pop = null;
    // §5, each team compared as it is filled with the file's next selection (a draw), or run to the
    // slot that fails (a failure). The file's result is read alongside, a selection at a time.
    const fileResult = kind === 'draw' ? new Bytes(fd, resultRange[0]) : null;
    fileResult?.expect('{"selected":[');
    let selectedDiff: string | null = null;
    let failure: SlotFailure | null = null;
    let i = 0;
    try {
      assignTeamsEach(seed, shell, selection.selected, (sel) => {
        if (!fileResult || selectedDiff) return;
        if (i > 0 && fileResult.peek() === 0x2c) fileResult.expect(',');
        if (fileResult.peek() === 0x5d) selectedDiff = `result.selected[${i}]: the record says undefined, recomputed ${JSON.stringify(sel)}`;
        else {
          const got = fileResult.small();
          if (canonicalize(got) !== canonicalize(sel)) selectedDiff = `result.selected[${i}]: the record says ${JSON.stringify(got)}, recomputed ${JSON.stringify(sel)}`;
        }
        i++;
      }, true);
    } catch (e) {
      if (!(e instanceof DrawError) || e.detail.slotIndex === undefined) throw e;
      failure = { entity: e.detail.entity!, pool: 'inspectors', slot: e.detail.slotIndex, group: e.detail.group ?? null, message: e.message };
    }
    const outcome = failure ? { error: failure } : { result: { strata: selection.strata, selected: [] } };
    const resultDiffers = (): string | null => {
      const r = fileResult!;
      if (!selectedDiff && r.peek() === 0x2c) {
        r.expect(',');
        selectedDiff = `result.selected[${i}]: the record says ${JSON.stringify(r.small())}, recomputed undefined`;
      }
      // As the in-memory check does: a stratum's difference is named before a selection's.
      const rest = new Bytes(fd, resultRange[0]);
      rest.expect('{"selected":');
      rest.value();
      rest.expect(',"strata":');
      const strata = rest.small() as DrawResult['strata'];
      rest.expect('}');
      for (let k = 0; k < Math.max(strata.length, selection.strata.length); k++) {
        if (strata[k] === undefined || selection.strata[k] === undefined || canonicalize(strata[k]) !== canonicalize(selection.strata[k])) {
          return `result.strata[${k}]: the record says ${JSON.stringify(strata[k])}, recomputed ${JSON.stringify(selection.strata[k])}`;
        }
      }
      return selectedDiff;
    };
    const p = outcomeProblem({ kind, result: {} as DrawResult, error: rec.error as SlotFailure | undefined }, outcome, resultDiffers);
    if (p) return { ok: false, difference: p, canonical: true };
    return {
      ok: true, kind, hash: hashRange(fd, 0, size), eligible, selected: failure ? 0 : i,
      record: rec as unknown as Omit<DrawRecord, 'inputs' | 'result'> & { error?: SlotFailure },
    };
  } catch (e) {
    if (e instanceof NotCanonical) return { ok: false, difference: `${e.message}: the streaming check needs the record as the server writes it (canonical JSON); check it in memory if it is small enough`, canonical: false };
    if (e instanceof DrawError) return { ok: false, difference: `inputs: ${e.message}`, canonical: true };
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}

