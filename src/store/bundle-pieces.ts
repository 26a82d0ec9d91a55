// A draw's bundle (its canonical JSON, as UTF-8 bytes) is stored in pieces of a fixed size (migration
// 0015), each piece marked with the id of the first population entity whose record starts in it.
// Then one entity's stratum is found by reading the one or two pieces that hold its record (the public
// entity check: 1-2 MiB instead of 45 MiB per million-entity draw), and downloads are sent piece by
// piece, never holding the whole text as a string.
import type { Db } from './db';
import { CANONICAL_HEAD, ENTITIES_END, ENTITY_START } from '../domain/bundle';

const INPUTS_HEAD = CANONICAL_HEAD.slice(1);
const V2_HEAD = '{"commitment":{';

/** 1 MiB: few rows per bundle, a lookup reads two pieces at most in practice. */
export const PIECE_BYTES = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote that closes the JSON string token whose text starts at `from` (after its opening quote). */
function closingQuote(b: Buffer, from: number): number {
  let i = from;
  while (i < b.length && b[i] !== QUOTE) i += b[i] === BACKSLASH ? 2 : 1;
  return i < b.length ? i : -1;
}

/** The string value of the token that starts at `from` (after its opening quote), or null if it runs past the end. */
function stringAt(b: Buffer, from: number): string | null {
  const end = closingQuote(b, from);
  return end < 0 ? null : (JSON.parse(b.toString('utf8', from - 1, end + 1)) as string);
}

/**
 * [start, end) of the population's entity records in a bundle's canonical bytes: an ssj-draw/1 bundle
 * begins with them; an ssj-draw/2 draw record has its commitment first (keys in order), and no string
 * in it can hold the unescaped quotes of '"inputs":{"entities":['.
 */
function entityList(b: Buffer): { start: number; end: number } {
  const head = b.indexOf(INPUTS_HEAD);
  if (head < 0 || (head !== 1 && b.indexOf(V2_HEAD) !== 0)) throw new Error('not the canonical text of a bundle');
  const start = head + INPUTS_HEAD.length;
  const end = b.indexOf(ENTITIES_END, start);
  if (end < 0) throw new Error('not the canonical text of a bundle');
  return { start, end };
}

/** Bytes given as pieces, read by range without joining them (a record of 750 MB stays in its pieces). */
class PieceList {
  private readonly starts: number[] = [];
  readonly length: number;

  constructor(private readonly pieces: Uint8Array[]) {
    let at = 0;
    for (const p of pieces) this.starts.push(at), (at += p.length);
    this.length = at;
  }

  /** A copy of bytes [from, to). */
  slice(from: number, to: number): Buffer {
    const out = Buffer.allocUnsafe(to - from);
    let k = 0;
    while (k + 1 < this.pieces.length && this.starts[k + 1]! <= from) k++;
    for (let w = 0; from + w < to; k++) {
      const p = this.pieces[k]!;
      const offset = from + w - this.starts[k]!;
      const n = Math.min(p.length - offset, to - from - w);
      out.set(p.subarray(offset, offset + n), w);
      w += n;
    }
    return out;
  }
}

/** Bytes enough past a piece's end to read the id of a record that starts in it. */
const LOOKAHEAD = 64;

/**
 * Writes a bundle's bytes as pieces of `pieceBytes` (the last may be shorter): one buffer, or pieces
 * of any size with where the entity list lies in them. In canonical JSON a quote inside a string is
 * escaped, so '{"id":"' within the entity list only ever begins a record.
 */
export function writeBundlePieces(
  db: Db, drawId: number, bytes: Uint8Array | { pieces: Uint8Array[]; entities: { start: number; end: number } }, pieceBytes = PIECE_BYTES,
): void {
  const whole = bytes instanceof Uint8Array;
  const all = new PieceList(whole ? [bytes] : bytes.pieces);
  const list = whole ? entityList(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : bytes.entities;
  const insert = db.prepare('INSERT INTO draw_bundle_pieces (draw_id, seq, first_entity, bytes) VALUES (?, ?, ?, ?)');
  for (let seq = 0, at = 0; at < all.length; seq++, at += pieceBytes) {
    const end = Math.min(at + pieceBytes, all.length);
    const b = all.slice(at, Math.min(end + LOOKAHEAD, all.length));
    const p = at < list.end ? b.indexOf(ENTITY_START, Math.max(0, list.start - at)) : -1;
    const first = p >= 0 && at + p < end && at + p < list.end ? stringAt(b, p + ENTITY_START.length) : null;
    insert.run(drawId, seq, first, b.subarray(0, end - at));
  }
}

/** The pieces of a bundle in order, each read when asked for (no statement stays open between them). */
export function* bundlePieces(db: Db, drawId: number): Generator<Buffer> {
  const one = db.prepare<unknown[], Buffer>('SELECT bytes FROM draw_bundle_pieces WHERE draw_id = ? AND seq = ?').pluck();
  for (let seq = 0; ; seq++) {
    const p = one.get(drawId, seq);
    if (!p) return;
    yield p;
  }
}

/**
 * A positional reader over a stored bundle's pieces (all of one size but the last), for checking a
 * bundle too large to read whole: reads what is asked from the one or two pieces that hold it.
 */
export function bundleReader(db: Db, drawId: number): (into: Buffer, position: number) => number {
  const one = db.prepare<unknown[], Buffer>('SELECT bytes FROM draw_bundle_pieces WHERE draw_id = ? AND seq = ?').pluck();
  const size = one.get(drawId, 0)?.length ?? 0;
  let cached: { seq: number; bytes: Buffer } | null = null;
  const piece = (seq: number) => {
    if (cached?.seq !== seq) cached = { seq, bytes: one.get(drawId, seq) ?? Buffer.alloc(0) };
    return cached.bytes;
  };
  return (into, position) => {
    let w = 0;
    while (size > 0 && w < into.length) {
      const at = position + w;
      const p = piece(Math.floor(at / size));
      const offset = at % size;
      if (offset >= p.length) break;
      w += p.copy(into, w, offset, Math.min(p.length, offset + into.length - w));
    }
    return w;
  };
}

/** Byte length of a stored bundle, or null when the draw has none. */
export function bundleByteLength(db: Db, drawId: number): number | null {
  return db.prepare<unknown[], number | null>('SELECT sum(length(bytes)) FROM draw_bundle_pieces WHERE draw_id = ?').pluck().get(drawId) ?? null;
}

/** The whole bundle as text, or undefined when the draw has none. */
export function bundleText(db: Db, drawId: number): string | undefined {
  const rows = db.prepare<unknown[], Buffer>('SELECT bytes FROM draw_bundle_pieces WHERE draw_id = ? ORDER BY seq').pluck().all(drawId);
  return rows.length ? Buffer.concat(rows).toString('utf8') : undefined;
}

/**
 * The stratum of an entity in a stored bundle, or null when it is not in the draw's population.
 * Reads from the last piece whose first entity is not after the id, through the next piece that starts
 * an entity record (that record comes after the id, so the id's record, if any, lies wholly before it)
 * or, past the last such piece, through the end of the entity list.
 */
export function storedStratum(db: Db, drawId: number, id: string): string | null {
  const from = db
    .prepare<unknown[], number>('SELECT seq FROM draw_bundle_pieces WHERE draw_id = ? AND first_entity <= ? ORDER BY first_entity DESC LIMIT 1')
    .pluck()
    .get(drawId, id);
  if (from === undefined) return null; // before the first entity, or an empty population
  const next = db
    .prepare<unknown[], number | null>('SELECT min(seq) FROM draw_bundle_pieces WHERE draw_id = ? AND seq > ? AND first_entity IS NOT NULL')
    .pluck()
    .get(drawId, from) ?? null;
  const read = db.prepare<unknown[], Buffer>('SELECT bytes FROM draw_bundle_pieces WHERE draw_id = ? AND seq BETWEEN ? AND ? ORDER BY seq').pluck();
  let window: Buffer;
  if (next !== null) window = Buffer.concat(read.all(drawId, from, next));
  else {
    const parts: Buffer[] = [];
    let seq = from;
    for (;;) {
      const p = read.get(drawId, seq, seq);
      if (!p) break;
      parts.push(p);
      seq++;
      // The list's end marker, maybe split between the last two pieces read.
      if (Buffer.concat(parts.slice(-2)).includes(ENTITIES_END)) break;
    }
    window = Buffer.concat(parts);
  }
  // '{"id":<id>,"stratum":"' is the shape of a population record and of nothing else in a bundle.
  const pattern = `{"id":${JSON.stringify(id)},"stratum":"`;
  const at = window.indexOf(pattern);
  return at < 0 ? null : stringAt(window, at + Buffer.byteLength(pattern));
}

/** Moves the bundles of draw_bundles (migrations 0013-0014) into pieces: the code step of migration 0015. */
export function splitStoredBundles(db: Db): void {
  const ids = db.prepare<unknown[], number>('SELECT draw_id FROM draw_bundles ORDER BY draw_id').pluck().all();
  const one = db.prepare<unknown[], Buffer>('SELECT CAST(bundle AS BLOB) FROM draw_bundles WHERE draw_id = ?').pluck();
  for (const id of ids) writeBundlePieces(db, id, one.get(id)!);
  db.exec('DROP TABLE draw_bundles');
}
