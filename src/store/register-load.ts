// One load of rows into a register (an import), as the store does it: its own connection, one
// transaction, the SQL of staging and merging, or of writing straight into an empty register with its
// secondary indexes down. The importer (import/runner.ts) reads and checks the rows and decides; what
// touches the database is here.
import type { Statement } from 'better-sqlite3';
import { checkpointInBackground, openDb, type Db } from './db';
import { DirectoryStore, type FacetTally } from './directory-store';
import { changedCountSql, directInsertSql, keyRowidSql, matchedCountSql, mergeInsertSql, mergeUpdateSql, stageCreateSql, stageInsertSql } from './directory-sql';
import { recordAudit } from './audit';
import { finishJob, type Counts } from './imports';
import type { DirectoryKind } from '../domain/directories';

/** A load that at least doubles the register (and this many rows) takes its indexes down and rebuilds them. */
const BULK_MIN_ROWS = 50000;

export type WriteOutcome = { ok: true } | { ok: false; duplicateOfRowid: number | null };

export class RegisterLoad {
  private readonly db: Db;
  private readonly store: DirectoryStore;
  private readonly scope: { departmentId: number | null };
  private open = false;
  private direct = false;
  private bulk: { before: string[]; after: string[] } = { before: [], after: [] };
  private insert: Statement<unknown[]> | null = null;
  private firstRow: Statement<unknown[], { r: number }> | null = null;
  private tally: FacetTally | null = null;
  /** The values of one row: the cells, and for a direct insert the department and stamps after them. */
  private row: unknown[] = [];

  constructor(
    private readonly dbFile: string,
    kind: DirectoryKind,
    private readonly w: { departmentId: number | null; now: string; actor: string },
  ) {
    this.db = openDb(dbFile);
    this.store = new DirectoryStore(this.db, kind);
    this.scope = { departmentId: w.departmentId };
  }

  /** Certificate number → department, for refusing another department's inspector (inspectors only). */
  keyDepartments(): Map<string, number | null> | null {
    return this.store.t.kind === 'inspectors' ? this.store.keyDepartments() : null;
  }

  /**
   * Starts the transaction: a preview only reads (the stage is in the temp schema); a commit takes the
   * write lock now. A commit into an empty register writes straight into the table; otherwise rows
   * are staged and merged by key. Returns the array that write() takes: its first `width` places are
   * the cells.
   */
  begin(commit: boolean, width: number): unknown[] {
    this.db.exec(commit ? 'BEGIN IMMEDIATE' : 'BEGIN');
    this.open = true;
    this.direct = commit && this.store.rowCount() === 0;
    this.row = new Array(width);
    if (this.direct) {
      this.tally = this.store.facetTally();
      this.bulk = this.store.bulkLoadPlan({ tallied: this.tally !== null });
      for (const sql of this.bulk.before) this.db.exec(sql);
      this.insert = this.db.prepare<unknown[]>(directInsertSql(this.store.t));
      this.row = [...this.row, ...(this.store.t.scoped ? [this.w.departmentId] : []), this.w.now, this.w.now, this.w.actor];
    } else {
      this.db.exec(stageCreateSql(this.store.t));
      this.insert = this.db.prepare<unknown[]>(stageInsertSql(this.store.t));
    }
    this.firstRow = this.db.prepare<unknown[], { r: number }>(keyRowidSql(this.store.t, !this.direct));
    return this.row;
  }

  get writesDirect(): boolean {
    return this.direct;
  }

  /** Writes one row; a key already written in this load answers with the rowid that holds it. */
  write(cells: unknown[], key: string): WriteOutcome & { rowid?: number } {
    try {
      const r = this.insert!.run(cells);
      this.tally?.add(cells as string[]);
      return { ok: true, rowid: Number(r.lastInsertRowid) };
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
      const held = this.firstRow!.get(key);
      if (!held) throw e;
      return { ok: false, duplicateOfRowid: held.r };
    }
  }

  /** Rows of the load whose key the register holds already (0 for a direct load). */
  matchedCount(): number {
    return this.direct ? 0 : this.db.prepare<unknown[], { n: number }>(matchedCountSql(this.store.t)).get(this.store.t.scoped ? this.scope : {})!.n;
  }

  /** Of those, the rows that would change. */
  changedCount(): number {
    return this.direct ? 0 : this.db.prepare<unknown[], { n: number }>(changedCountSql(this.store.t)).get(this.store.t.scoped ? this.scope : {})!.n;
  }

  /** Merges the stage into the register: updates, then new rows; returns the rows updated. */
  merge(newCount: number, mark: (phase: string) => void): number {
    if (this.direct) return 0;
    const w = { ...(this.store.t.scoped ? this.scope : {}), now: this.w.now, actor: this.w.actor };
    const updated = this.db.prepare(mergeUpdateSql(this.store.t)).run(w).changes;
    mark('update');
    if (newCount >= BULK_MIN_ROWS && newCount >= this.store.rowCount()) this.bulk = this.store.bulkLoadPlan();
    for (const sql of this.bulk.before) this.db.exec(sql);
    if (newCount > 0) this.db.prepare(mergeInsertSql(this.store.t)).run(w);
    mark('insert');
    return updated;
  }

  /** Puts back what the load took down (indexes, triggers) and the facet counts it tallied. */
  rebuild(): void {
    for (const sql of this.bulk.after) this.db.exec(sql);
    if (this.tally) this.store.saveFacetTally(this.tally);
  }

  /**
   * Records the load in the audit log and marks its job committed, then commits; false (and nothing
   * committed) when the job had been handled already. A large load leaves folding the log into the
   * database file to a background checkpoint.
   */
  async commit(a: { kind: DirectoryKind; filename: string; sha256: string; jobId?: number; summary: string; counts: Counts }): Promise<boolean> {
    recordAudit(this.db, {
      at: this.w.now, actor: this.w.actor, action: 'import', targetKind: a.kind, targetId: a.jobId ?? 0, summary: a.summary,
      after: { filename: a.filename, sha256: a.sha256, departmentId: this.w.departmentId, ...a.counts },
      // The target is the import job, not a record of the register: file it under the register's department.
      departmentId: this.w.departmentId ?? undefined,
    });
    if (a.jobId !== undefined && !finishJob(this.db, a.jobId, 'committed', a.counts, a.summary, this.w.now)) return false;
    if (!this.direct) this.db.exec('DROP TABLE temp.stage');
    const large = a.counts.newCount + a.counts.updatedCount >= BULK_MIN_ROWS;
    if (large) this.db.pragma('wal_autocheckpoint = 0');
    this.db.exec('COMMIT');
    this.open = false;
    if (large) await checkpointInBackground(this.dbFile);
    return true;
  }

  /** Fresh statistics let the planner pick the most selective index for combined list filters. */
  analyze(): void {
    this.db.pragma('analysis_limit = 1000');
    this.db.pragma('optimize = 0x10002');
  }

  /** Rolls back whatever is not committed, and closes the connection. */
  close(): void {
    if (this.open) this.db.exec('ROLLBACK');
    this.open = false;
    this.db.close();
  }
}
