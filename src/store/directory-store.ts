// All SQL of the three registers: lookups, keyset-paged lists, edits with optimistic locking, history.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { generation, GenerationMemo } from './derived';
import { nameIndexOf, NAME_INDEX_MIN_ROWS, type NameIndex } from './name-index';
import type { DirectoryKind } from '../domain/directories';
import type { DirectoryRecord } from '../domain/records';
import { columnOf, TABLES, type TableSpec } from './directory-tables';
import { insertSql, selectList, updateSql } from './directory-sql';
import { parseColumn } from './json-columns';

export interface RowMeta {
  id: number;
  active: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  departmentId?: number;
}
export type DirectoryRow = RowMeta & DirectoryRecord;

export interface ListFilter {
  q?: string;
  departmentId?: number;
  /** 'active' (default), 'inactive' or 'all'. */
  active?: 'active' | 'inactive' | 'all';
  /** Equality filters on the fields the table allows. */
  eq?: Record<string, string>;
}

export interface Page {
  rows: DirectoryRow[];
  /** Id to pass as `after` for the next page, or null on the last page. */
  next: number | null;
  /** Id to pass as `before` for the previous page, or null on the first page. */
  prev: number | null;
}

export interface Writer {
  actor: string;
  now: string;
}

export interface HistoryEntry {
  version: number;
  validUntil: string;
  changedBy: string;
  data: Record<string, string | number>;
}

/** A search term that looks like the start of a code (USCC, certificate number, item code). */
export function isCodeSearch(q: string): boolean {
  return /^[0-9A-Z-]{4,}$/.test(q);
}

/**
 * Free-text search: a code-like term matches code prefixes; anything else is a name substring.
 * `broad` (the term matches many rows) keeps the planner off the code index: walking rows newest
 * first finds a page at once, where the index would fetch and sort every match.
 */
function searchClause(t: TableSpec, q: string, params: unknown[], broad: boolean): string {
  const keyCol = (broad ? '+' : '') + t.key.column;
  const nameCol = columnOf(t, t.search[0]!);
  if (isCodeSearch(q)) {
    params.push(q, q + '\uffff');
    return `(${keyCol} >= ? AND ${keyCol} < ?)`;
  }
  params.push('%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
  return `${nameCol} LIKE ? ESCAPE '\\'`;
}

/** Recomputes the filter counts of entities from scratch (see migration 0004). */
const ENTITY_FACETS_RECOMPUTE = `DELETE FROM entity_facet_counts;
  INSERT INTO entity_facet_counts SELECT region, industry, entity_type, credit_class, reg_state, active, count(*)
  FROM entities GROUP BY region, industry, entity_type, credit_class, reg_state, active`;

/** Fields of entity_facet_counts, in its column order (active aside). */
const FACET_FIELDS = ['region', 'industry', 'entityType', 'creditClass', 'regState'];

type Tree = Map<string, Tree | number>;

/** Counts rows per combination of some cells; nested maps keep it exact whatever the values hold. */
export class FacetTally {
  private readonly root: Tree = new Map();
  constructor(private readonly positions: number[]) {}

  add(cells: readonly string[]): void {
    const p = this.positions;
    let m = this.root;
    for (let i = 0; i < p.length - 1; i++) {
      const v = cells[p[i]!]!;
      let next = m.get(v) as Tree | undefined;
      if (!next) m.set(v, (next = new Map()));
      m = next;
    }
    const last = cells[p[p.length - 1]!]!;
    m.set(last, ((m.get(last) as number | undefined) ?? 0) + 1);
  }

  each(fn: (values: string[], n: number) => void): void {
    const walk = (m: Tree, prefix: string[]) => {
      for (const [v, x] of m) typeof x === 'number' ? fn([...prefix, v], x) : walk(x, [...prefix, v]);
    };
    walk(this.root, []);
  }
}

export class DirectoryStore {
  readonly t: TableSpec;
  private readonly cache = new Map<string, Statement>();
  /** Filter menus, by field, of the data's generation (store/derived.ts). */
  private readonly facetCache = new GenerationMemo<string[]>(32);
  private readonly names: NameIndex;

  constructor(
    private readonly db: Db,
    kind: DirectoryKind,
    private readonly nameIndexMinRows = NAME_INDEX_MIN_ROWS,
  ) {
    this.t = TABLES[kind];
    this.names = nameIndexOf(db, this.t.table, columnOf(this.t, this.t.search[0]!));
  }

  /** A prepared statement, kept per SQL text; its rows are directory rows unless the SQL says otherwise. */
  private stmt<R = DirectoryRow>(sql: string): Statement<unknown[], R> {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s as Statement<unknown[], R>;
  }

  get(id: number): DirectoryRow | undefined {
    return this.stmt('SELECT ' + selectList(this.t) + ' FROM ' + this.t.table + ' WHERE id = ?').get(id);
  }

  findByKey(key: string, departmentId?: number): DirectoryRow | undefined {
    if (this.t.table === 'items') {
      return this.stmt('SELECT ' + selectList(this.t) + ' FROM items WHERE code = ? AND department_id = ?').get(key, departmentId);
    }
    const sql = 'SELECT ' + selectList(this.t) + ' FROM ' + this.t.table + ' WHERE ' + this.t.key.column + ' = ?';
    return this.stmt(sql).get(key);
  }

  private where(f: ListFilter, params: unknown[], broad = false): string[] {
    const clauses: string[] = [];
    const active = f.active ?? 'active';
    if (active !== 'all') clauses.push(active === 'active' ? 'active = 1' : 'active = 0');
    if (f.departmentId !== undefined && this.t.scoped) {
      clauses.push('department_id = ?');
      params.push(f.departmentId);
    }
    for (const field of this.t.filters) {
      const v = f.eq?.[field];
      if (v !== undefined && v !== '') {
        clauses.push(columnOf(this.t, field) + ' = ?');
        params.push(v);
      }
    }
    if (f.q) clauses.push(searchClause(this.t, f.q, params, broad));
    return clauses;
  }

  /** Ids whose name contains the search term, from memory, or null where a scan answers (small tables, codes). */
  private nameMatches(f: ListFilter, dir: 'down' | 'up', from?: number): Iterable<number> | null {
    if (!f.q || isCodeSearch(f.q)) return null;
    return this.names.rows() >= this.nameIndexMinRows ? this.names.ids(f.q, dir, from) : null;
  }

  /**
   * The rows of some of `ids` that pass the filters other than the name, in the order asked, until
   * `want` are found; the ids go to SQL in growing batches.
   */
  private rowsOf(ids: Iterable<number>, f: ListFilter, order: 'ASC' | 'DESC', want: number): DirectoryRow[] {
    const params: unknown[] = [];
    const clauses = this.where({ ...f, q: undefined }, params);
    const sql = 'SELECT ' + selectList(this.t) + ' FROM ' + this.t.table + ' WHERE id IN (SELECT value FROM json_each(?))' +
      clauses.map((c) => ' AND ' + c).join('') + ' ORDER BY id ' + order;
    const rows: DirectoryRow[] = [];
    let batch: number[] = [];
    let size = 64;
    const flush = () => {
      rows.push(...this.stmt(sql).all(JSON.stringify(batch), ...params));
      batch = [];
      size = Math.min(size * 4, 16384);
    };
    for (const id of ids) {
      batch.push(id);
      if (batch.length === size) {
        flush();
        if (rows.length >= want) break;
      }
    }
    if (batch.length && rows.length < want) flush();
    return rows.slice(0, want);
  }

  /** Keyset paging, newest first: `after` continues below an id, `before` goes back above one. */
  list(f: ListFilter, cursor: { after?: number; before?: number }, limit: number, broad = false): Page {
    const back = cursor.before !== undefined;
    const matches = this.nameMatches(f, back ? 'up' : 'down', back ? cursor.before : cursor.after);
    let rows: DirectoryRow[];
    if (matches) rows = this.rowsOf(matches, f, back ? 'ASC' : 'DESC', limit + 1);
    else {
      const params: unknown[] = [];
      const clauses = this.where(f, params, broad);
      if (cursor.after !== undefined) clauses.push('id < ?'), params.push(cursor.after);
      if (back) clauses.push('id > ?'), params.push(cursor.before);
      const where = clauses.length ? ' WHERE ' + clauses.join(' AND ') : '';
      const sql = 'SELECT ' + selectList(this.t) + ' FROM ' + this.t.table + where + (back ? ' ORDER BY id ASC' : ' ORDER BY id DESC') + ' LIMIT ?';
      rows = this.stmt(sql).all(...params, limit + 1);
    }
    const more = rows.length > limit;
    if (more) rows.pop();
    if (back) rows.reverse();
    const first = rows[0]?.id ?? null;
    const last = rows[rows.length - 1]?.id ?? null;
    const startedMidway = cursor.after !== undefined || (back && more);
    const hasNext = back ? true : more;
    return { rows, next: hasNext && rows.length ? last : null, prev: startedMidway && rows.length ? first : null };
  }

  /**
   * Counts matching rows. Entity filters without a search term read the exact count from the
   * filter-count table (migration 0004); otherwise counting stops at cap + 1 matches.
   */
  count(f: ListFilter, cap: number): { count: number; capped: boolean } {
    const params: unknown[] = [];
    const clauses = this.where(f, params);
    const where = clauses.length ? ' WHERE ' + clauses.join(' AND ') : '';
    if (this.t.table === 'entities' && !f.q) {
      const n = this.stmt<{ n: number }>('SELECT coalesce(sum(n), 0) AS n FROM entity_facet_counts' + where).get(...params)!.n;
      return { count: n, capped: false };
    }
    const matches = this.nameMatches(f, 'down');
    if (matches) {
      const n = this.rowsOf(matches, f, 'DESC', cap + 1).length;
      return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
    }
    const sql = 'SELECT count(*) AS n FROM (SELECT 1 FROM ' + this.t.table + where + ' LIMIT ?)';
    const n = this.stmt<{ n: number }>(sql).get(...params, cap + 1)!.n;
    return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
  }

  /** Distinct values of a filter field, for the filter menus (kept for the data's generation). */
  facet(field: string): string[] {
    if (!this.t.filters.includes(field)) throw new Error(`not a filter: ${field}`);
    return this.facetCache.get(generation(this.db), field, () => {
      const col = columnOf(this.t, field);
      // Entities: from the filter counts (a few thousand rows) instead of the table (80 ms a field on a
      // million rows, again after every edit).
      const from = this.t.table === 'entities' && FACET_FIELDS.includes(field) ? 'entity_facet_counts WHERE n > 0 AND ' : this.t.table + ' WHERE ';
      const rows = this.stmt<{ v: string }>('SELECT ' + col + ' AS v FROM ' + from + col + " <> '' GROUP BY " + col + ' LIMIT 500').all();
      return rows.map((r) => r.v);
    });
  }

  /** After writes the store did not make itself (an import): menus and names are read again. */
  invalidate(): void {
    this.facetCache.clear();
    this.names.invalidate();
  }

  insert(record: DirectoryRecord, w: Writer, departmentId?: number): number {
    const info = this.stmt(insertSql(this.t)).run({ ...record, departmentId, now: w.now, actor: w.actor });
    const id = Number(info.lastInsertRowid);
    this.facetCache.clear();
    this.names.noteWrite(id);
    return id;
  }

  /** Returns false when the row changed since `version` was read (someone else saved first). */
  update(id: number, version: number, record: DirectoryRecord, w: Writer): boolean {
    const info = this.stmt(updateSql(this.t)).run({ ...record, id, version, now: w.now, actor: w.actor });
    this.facetCache.clear();
    if (info.changes === 1) this.names.noteWrite(id);
    return info.changes === 1;
  }

  setActive(id: number, active: boolean, w: Writer): boolean {
    const sql = 'UPDATE ' + this.t.table + ' SET active = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND active <> ?';
    const a = active ? 1 : 0;
    return this.stmt(sql).run(a, w.now, w.actor, id, a).changes === 1;
  }

  history(id: number): HistoryEntry[] {
    const rows = this.stmt<{ version: number; validUntil: string; changedBy: string; data: string }>(
      'SELECT version, valid_until AS validUntil, changed_by AS changedBy, data FROM record_history WHERE kind = ? AND record_id = ? ORDER BY version DESC',
    ).all(this.t.kind, id);
    return rows.map((r) => ({ ...r, data: parseColumn('record_history.data', r.data) }));
  }

  /** Every row in id order, for exports; streams without holding the table in memory. */
  iterate(f: ListFilter): IterableIterator<DirectoryRow> {
    const params: unknown[] = [];
    const clauses = this.where({ active: 'all', ...f }, params);
    const where = clauses.length ? ' WHERE ' + clauses.join(' AND ') : '';
    return this.db.prepare<unknown[], DirectoryRow>('SELECT ' + selectList(this.t) + ' FROM ' + this.t.table + where + ' ORDER BY id').iterate(...params);
  }

  /** Existing natural keys with their department, for scope checks before an import. */
  keyDepartments(): Map<string, number | null> {
    const dep = this.t.scoped ? 'department_id' : 'NULL';
    const rows = this.db.prepare<unknown[], [string, number | null]>('SELECT ' + this.t.key.column + ' AS k, ' + dep + ' AS d FROM ' + this.t.table).raw().all();
    return new Map(rows);
  }

  /**
   * What a bulk load takes down and puts back, inside its transaction: the secondary indexes (built
   * once afterwards by a sort instead of a million B-tree insertions each) and, for entities, the
   * per-row trigger of the filter counts, which are recomputed with one GROUP BY instead.
   */
  bulkLoadPlan(opts: { tallied?: boolean } = {}): { before: string[]; after: string[] } {
    const objects = this.stmt<{ type: string; name: string; sql: string }>(
      "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL AND (type = 'index' OR name LIKE '%_facet_insert') ORDER BY type, name",
    ).all(this.t.table);
    const before = objects.map((o) => (o.type === 'index' ? 'DROP INDEX ' : 'DROP TRIGGER ') + o.name);
    const after = objects.map((o) => o.sql);
    if (this.t.table === 'entities' && !opts.tallied) after.push(ENTITY_FACETS_RECOMPUTE);
    return { before, after };
  }

  /**
   * For a bulk load into an empty entity directory: counts the filter facets of the rows as they are
   * written (cells in field order), which costs a fraction of the GROUP BY over the table afterwards.
   * Null for the other directories, which keep no facet counts.
   */
  facetTally(): FacetTally | null {
    if (this.t.table !== 'entities') return null;
    return new FacetTally(FACET_FIELDS.map((f) => this.t.columns.findIndex((c) => c.field === f)));
  }

  /** Replaces the entity facet counts by a tally of the whole (freshly loaded, all active) table. */
  saveFacetTally(tally: FacetTally): void {
    this.db.exec('DELETE FROM entity_facet_counts');
    const ins = this.stmt('INSERT INTO entity_facet_counts VALUES (?, ?, ?, ?, ?, 1, ?)');
    tally.each((values, n) => ins.run(...values, n));
  }

  rowCount(): number {
    return this.stmt<{ n: number }>('SELECT count(*) AS n FROM ' + this.t.table).get()!.n;
  }
}

export function directoryStores(db: Db): Record<DirectoryKind, DirectoryStore> {
  return { items: new DirectoryStore(db, 'items'), entities: new DirectoryStore(db, 'entities'), inspectors: new DirectoryStore(db, 'inspectors') };
}
