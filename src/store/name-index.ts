// Name substring search over a large directory, from memory. SQLite has no index for "name contains"
// short of FTS5 (a trigram index of a million names took 12 s to build, more than the whole import),
// so a term found in a couple of names read every row of the table: 170-180 ms on 1,000,000 entities.
// Here the names sit in one string, newest first, and a search is String#indexOf over it (about 25 ms).
// The string is built from one SQL text when first needed (about 0.5 s for a million names) and again
// after another connection changed the database (an import: PRAGMA data_version); rows written through
// this connection are noted by the store, and their names read again at each search instead (so a
// write rolled back afterwards is seen as it is).
import type { Db } from './db';

/** Names are cleaned of line breaks when written (cleanText), so no match spans two names. */
const SEP = '\n';

/** ASCII letters in lower case, as SQLite's LIKE compares them (other characters compare as they are). */
export function foldAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

interface Built {
  /** Every name, folded, newest row first, each followed by SEP. */
  text: string;
  /** Where each name starts in text (one more entry: the end). */
  starts: Int32Array;
  /** Row ids, descending, in the order of the names. */
  ids: Int32Array;
  version: number;
}

const shared = new WeakMap<Db, Map<string, NameIndex>>();

/** The index of one table on one connection, shared by every store on it (so each sees the others' writes). */
export function nameIndexOf(db: Db, table: string, column: string): NameIndex {
  let byTable = shared.get(db);
  if (!byTable) shared.set(db, (byTable = new Map()));
  let x = byTable.get(table);
  if (!x) byTable.set(table, (x = new NameIndex(db, table, column)));
  return x;
}

/** From this many rows (by the largest id) a name search is answered from memory. */
export const NAME_INDEX_MIN_ROWS = 50000;

/**
 * Ids of the rows of `table` whose name holds q (see NameIndex.ids), or null where a scan answers:
 * a table below `minRows`, or a term or name the index cannot take.
 */
export function namedIds(db: Db, table: string, column: string, q: string, minRows: number, dir: 'down' | 'up' = 'down', from?: number): Iterable<number> | null {
  const x = nameIndexOf(db, table, column);
  return x.rows() >= minRows ? x.ids(q, dir, from) : null;
}

export class NameIndex {
  private built: Built | null = null;
  /** The data version at which a name was found to hold SEP (not built again until the data change). */
  private unusableAt: number | null = null;
  /** Rows written through this connection since the build (inserts and edits). */
  private readonly changed = new Set<number>();

  // SQL of this table; its names come from the fixed table specs (directory-tables.ts), never from input.
  private readonly sql: { top: string; build: string; names: string };

  constructor(
    private readonly db: Db,
    table: string,
    column: string,
  ) {
    this.sql = {
      top: 'SELECT max(id) FROM ' + table,
      build: 'SELECT group_concat(' + column + ', char(10)) AS t, group_concat(id) AS i, count(*) AS n FROM (SELECT id, ' + column + ' FROM ' + table + ' ORDER BY id DESC)',
      names: 'SELECT id, ' + column + ' AS name FROM ' + table + ' WHERE id IN (SELECT value FROM json_each(?))',
    };
  }

  /** The table's size, by its largest id. */
  rows(): number {
    return this.db.prepare<[], number | null>(this.sql.top).pluck().get() ?? 0;
  }

  /** A row written through this connection: its name is read from the table at each search. */
  noteWrite(id: number): void {
    if (!this.built) return;
    this.changed.add(id);
    // Past this, building again costs less than reading the rows at every search.
    if (this.changed.size > 10000) this.invalidate();
  }

  invalidate(): void {
    this.built = null;
    this.unusableAt = null;
    this.changed.clear();
  }

  /** The built names, rebuilt if another connection has committed since; null if a name holds SEP. */
  private current(): Built | null {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (this.built?.version === version) return this.built;
    if (this.unusableAt === version) return null;
    // Never built inside a transaction: it would hold that transaction's writes, and a rollback does
    // not move data_version, so the index would keep names that were never committed. The caller
    // scans instead (a search inside a write transaction is rare).
    if (this.db.inTransaction) return null;
    this.invalidate();
    const r = this.db
      .prepare<unknown[], { t: string | null; i: string | null; n: number }>(this.sql.build)
      .get()!;
    const n = r.n;
    const ids = new Int32Array(n);
    const idText = r.i ?? '';
    for (let k = 0, p = 0; k < n; k++) {
      const e = idText.indexOf(',', p);
      ids[k] = Number(idText.slice(p, e < 0 ? undefined : e));
      p = e + 1;
    }
    const text = n ? foldAscii(r.t!) + SEP : '';
    const starts = new Int32Array(n + 1);
    let p = 0;
    for (let k = 0; k < n; k++) {
      starts[k] = p;
      p = text.indexOf(SEP, p) + 1;
    }
    starts[n] = p;
    // A line break inside a name would shift every later name: answer by scanning instead.
    if (p !== text.length) {
      this.unusableAt = version;
      return null;
    }
    this.unusableAt = null;
    this.built = { text, starts, ids, version };
    return this.built;
  }

  /**
   * Ids of the rows whose name contains q (as LIKE '%q%' matches), newest first below `from` ('down'),
   * or oldest first above it ('up'); null when this index cannot answer (q or a name holds a line break).
   */
  ids(q: string, dir: 'down' | 'up', from?: number): Iterable<number> | null {
    if (q.includes(SEP) || q === '') return null;
    const b = this.current();
    if (!b) return null;
    const fq = foldAscii(q);
    const down = dir === 'down';
    const inRange = (id: number) => from === undefined || (down ? id < from : id > from);
    const now = this.changed.size
      ? this.db.prepare<unknown[], { id: number; name: string }>(this.sql.names).all(JSON.stringify([...this.changed]))
      : [];
    const extra = now.filter((r) => inRange(r.id) && foldAscii(r.name).includes(fq)).map((r) => r.id);
    extra.sort((x, y) => (down ? y - x : x - y));
    return merge(this.scan(b, fq, down, from), extra, down);
  }

  private *scan(b: Built, fq: string, down: boolean, from: number | undefined): Generator<number> {
    const { text, starts, ids } = b;
    // First name (in text order) whose id is below `from`: ids descend along the text.
    let k = 0;
    if (from !== undefined) {
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (down ? ids[mid]! >= from : ids[mid]! > from) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    } else if (!down) k = ids.length;
    const nameAt = (pos: number) => {
      let lo = 0;
      let hi = ids.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    if (down) {
      for (let pos = starts[k]!; ; ) {
        const p = text.indexOf(fq, pos);
        if (p < 0) return;
        const i = nameAt(p);
        if (!this.changed.has(ids[i]!)) yield ids[i]!;
        pos = starts[i + 1]!;
      }
    } else {
      // Names before position starts[k], walked back to the text's start (ids ascending).
      for (let pos = starts[k]! - 1 - fq.length; pos >= 0; ) {
        const p = text.lastIndexOf(fq, pos);
        if (p < 0) return;
        const i = nameAt(p);
        if (!this.changed.has(ids[i]!)) yield ids[i]!;
        pos = starts[i]! - 1 - fq.length;
      }
    }
  }
}

/** Two id sequences, each ordered the same way, as one. */
function* merge(a: Iterable<number>, b: number[], down: boolean): Generator<number> {
  let j = 0;
  for (const x of a) {
    while (j < b.length && (down ? b[j]! > x : b[j]! < x)) yield b[j++]!;
    yield x;
  }
  while (j < b.length) yield b[j++]!;
}
