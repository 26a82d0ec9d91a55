// Runs one import of a file into a directory: read, check every row, write, all in one transaction.
// A preview is the same run rolled back, so its counts are exactly what the commit will do.
import type { Statement } from 'better-sqlite3';
import { checkpointInBackground, openDb } from '../store/db';
import { DIRECTORIES, type DirectoryKind } from '../domain/directories';
import { DirectoryStore, type FacetTally } from '../store/directory-store';
import { changedCountSql, directInsertSql, keyRowidSql, matchedCountSql, mergeInsertSql, mergeUpdateSql, stageCreateSql, stageInsertSql } from '../store/directory-sql';
import { recordAudit } from '../store/audit';
import { finishJob, type Counts, type ImportRowError } from '../store/imports';
import { CheckedRows, eachRow } from './checked-rows';
import { NO_TIMER, type PhaseTimer } from '../phases';

export interface ImportOptions {
  dbFile: string;
  kind: DirectoryKind;
  /** Department the items or inspectors belong to (required for those two). */
  departmentId: number | null;
  file: string;
  /** Display name of the file, for messages and the audit log. */
  filename: string;
  sha256: string;
  commit: boolean;
  /** Commit the valid rows of a file that also has invalid ones. */
  skipInvalid?: boolean;
  actor: string;
  now: string;
  /** The job row to mark committed in the same transaction. */
  jobId?: number;
  maxErrors?: number;
  onProgress?: (p: { bytes: number; size: number; rows: number }) => void;
  /** For the benchmark: marks the end of each phase (read+check+stage, merge, indexes, commit). */
  timer?: PhaseTimer;
}

export interface ImportOutcome extends Counts {
  format: string;
  encoding: string;
  errors: ImportRowError[];
  unknownColumns: string[];
  /** The row taken as the header (rows above it are titles or notes), once found. */
  headerRow: number | null;
  /** A problem with the whole file (unreadable, required columns missing): nothing was read. */
  fatal: string | null;
  committed: boolean;
  message: string;
}

function emptyOutcome(fatal: string | null, format = '', encoding = ''): ImportOutcome {
  return {
    format, encoding, errors: [], unknownColumns: [], headerRow: null, fatal, committed: false, message: fatal ?? '',
    rowsTotal: 0, newCount: 0, updatedCount: 0, unchangedCount: 0, invalidCount: 0,
  };
}

export async function runImport(o: ImportOptions): Promise<ImportOutcome> {
  const def = DIRECTORIES[o.kind];
  if (o.kind !== 'entities' && o.departmentId === null) return emptyOutcome('请选择所属部门');
  const out = emptyOutcome(null);
  const maxErrors = o.maxErrors ?? 100000;
  const reader = new CheckedRows(o.file, o.kind, maxErrors);
  const db = openDb(o.dbFile);
  const store = new DirectoryStore(db, o.kind);
  const keyDept = o.kind === 'inspectors' ? store.keyDepartments() : null;
  const scope = { departmentId: o.departmentId };
  const w = { ...(store.t.scoped ? scope : {}), now: o.now, actor: o.actor };
  let open = false;
  const timer = o.timer ?? NO_TIMER;
  const phase = (name: string) => timer.mark(name);
  try {
    const width = def.fields.length;
    const keyIndex = def.fields.findIndex((f) => f.key === def.key);
    let keyCol = '';
    // A commit into an empty directory writes every valid row straight into the table, its secondary
    // indexes down (there is nothing to match). Otherwise rows are staged and merged by key.
    let direct = false;
    let bulk: { before: string[]; after: string[] } = { before: [], after: [] };
    let insert: Statement<unknown[]> | null = null;
    let valid = 0;
    let extraInvalid = 0;
    let size = 0;
    // Row numbers of the written rows by rowid, to name the first row of a repeated key.
    let rowNos = new Int32Array(1 << 16);
    let firstRowid = 0;
    let firstRow: Statement<unknown[]> | null = null;
    let tally: FacetTally | null = null;
    const refuse = (rowNo: number, column: string, value: string, reason: string) => {
      extraInvalid++;
      if (out.errors.length < maxErrors) out.errors.push({ rowNo, column, value, reason });
    };
    // The values of one row: the cells, and for a direct insert the department and stamps after them.
    let row: unknown[] = new Array(width);
    const write = (cells: unknown[], rowNo: number) => {
      const key = cells[keyIndex] as string;
      if (keyDept) {
        const d = keyDept.get(key);
        if (d !== undefined && d !== o.departmentId) return refuse(rowNo, keyCol, key, '该执法证号已登记在其他部门，不能在本部门导入');
      }
      try {
        const r = insert!.run(cells);
        if (valid === 0) firstRowid = Number(r.lastInsertRowid);
      } catch (e) {
        const held = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? (firstRow!.get(key) as { r: number } | undefined) : undefined;
        if (!held) throw e;
        return refuse(rowNo, keyCol, key, `与第${rowNos[held.r - firstRowid]}行重复`);
      }
      if (valid === rowNos.length) {
        const grown = new Int32Array(rowNos.length * 2);
        grown.set(rowNos);
        rowNos = grown;
      }
      rowNos[valid++] = rowNo;
      tally?.add(cells as string[]);
    };
    for await (const m of reader.messages()) {
      if (m.t === 'open') {
        out.format = m.format;
        out.encoding = m.encoding;
        size = m.size;
      } else if (m.t === 'fatal') {
        return { ...emptyOutcome(m.message, m.format || out.format, m.encoding || out.encoding), rowsTotal: m.rowsTotal };
      } else if (m.t === 'header') {
        out.unknownColumns = m.unknownColumns;
        out.headerRow = m.headerRow;
        keyCol = m.keyColumn;
        // A preview only reads the directory (the stage is in the temp schema); a commit takes the write lock now.
        db.exec(o.commit ? 'BEGIN IMMEDIATE' : 'BEGIN');
        open = true;
        direct = o.commit && store.rowCount() === 0;
        if (direct) {
          tally = store.facetTally();
          bulk = store.bulkLoadPlan({ tallied: tally !== null });
          for (const sql of bulk.before) db.exec(sql);
          insert = db.prepare<unknown[]>(directInsertSql(store.t));
          row = [...row, ...(store.t.scoped ? [o.departmentId] : []), o.now, o.now, o.actor];
        } else {
          db.exec(stageCreateSql(store.t));
          insert = db.prepare<unknown[]>(stageInsertSql(store.t));
        }
        firstRow = db.prepare<unknown[]>(keyRowidSql(store.t, !direct));
      } else if (m.t === 'batch') {
        for (const e of m.errors) if (out.errors.length < maxErrors) out.errors.push(e);
        eachRow(m, width, row, write);
        reader.written();
        o.onProgress?.({ bytes: m.bytes, size, rows: m.rowsTotal });
      } else {
        out.rowsTotal = m.rowsTotal;
        out.invalidCount = m.invalid + extraInvalid;
      }
    }
    phase(direct ? 'read+check+write' : 'read+check+stage');
    out.errors.sort((a, b) => a.rowNo - b.rowNo);
    const matched = direct ? 0 : (db.prepare(matchedCountSql(store.t)).get(store.t.scoped ? scope : {}) as { n: number }).n;
    out.newCount = valid - matched;
    const countChanged = () => {
      out.updatedCount = direct ? 0 : (db.prepare(changedCountSql(store.t)).get(store.t.scoped ? scope : {}) as { n: number }).n;
      out.unchangedCount = matched - out.updatedCount;
    };
    if (!o.commit) {
      countChanged();
      out.message = '预览完成，尚未写入';
      return out;
    }
    if (out.rowsTotal === 0) {
      out.message = '文件没有数据行，未导入';
      return out;
    }
    if (out.invalidCount > 0 && !o.skipInvalid) {
      countChanged();
      out.message = `有${out.invalidCount}行无效，整份文件未导入；请按错误报告修改后重新导入`;
      return out;
    }
    if (!direct) {
      out.updatedCount = db.prepare(mergeUpdateSql(store.t)).run(w).changes;
      out.unchangedCount = matched - out.updatedCount;
      phase('update');
      // A bulk load into a table it at least doubles takes the derived structures down and rebuilds them.
      if (out.newCount >= 50000 && out.newCount >= store.rowCount()) bulk = store.bulkLoadPlan();
      for (const sql of bulk.before) db.exec(sql);
      if (out.newCount > 0) db.prepare(mergeInsertSql(store.t)).run(w);
      phase('insert');
    }
    for (const sql of bulk.after) db.exec(sql);
    if (tally) store.saveFacetTally(tally);
    phase('indexes');
    const summary = `导入${def.title}“${o.filename}”：新增${out.newCount}，更新${out.updatedCount}，未变${out.unchangedCount}` +
      (out.invalidCount ? `，跳过无效行${out.invalidCount}` : '');
    recordAudit(db, {
      at: o.now, actor: o.actor, action: 'import', targetKind: o.kind, targetId: o.jobId ?? 0, summary,
      after: { filename: o.filename, sha256: o.sha256, departmentId: o.departmentId, ...countsOf(out) },
      // The target is the import job, not a record of the register: file it under the register's department.
      departmentId: o.departmentId ?? undefined,
    });
    if (o.jobId !== undefined && !finishJob(db, o.jobId, 'committed', countsOf(out), summary, o.now)) {
      out.message = '这次导入已经处理过，未重复写入';
      return out;
    }
    if (!direct) db.exec('DROP TABLE temp.stage');
    // A large commit leaves folding its log into the database file to a background checkpoint,
    // instead of copying the whole load a second time before staff see the result.
    const large = out.newCount + out.updatedCount >= 50000;
    if (large) db.pragma('wal_autocheckpoint = 0');
    db.exec('COMMIT');
    phase('commit');
    if (large) await checkpointInBackground(o.dbFile);
    // Fresh statistics let the planner pick the most selective index for combined list filters.
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize = 0x10002');
    phase('analyze');
    open = false;
    out.committed = true;
    out.message = summary;
    return out;
  } finally {
    if (open) db.exec('ROLLBACK');
    db.close();
    await reader.close();
  }
}

export function countsOf(c: Counts): Counts {
  return { rowsTotal: c.rowsTotal, newCount: c.newCount, updatedCount: c.updatedCount, unchangedCount: c.unchangedCount, invalidCount: c.invalidCount };
}
