// Runs one import of a file into a directory: read, check every row, write, all in one transaction.
// A preview is the same run rolled back, so its counts are exactly what the commit will do.
import { openDb } from '../store/db';
import { DIRECTORIES, type DirectoryKind } from '../domain/directories';
import { CheckMemo, checkValues } from '../domain/records';
import { DirectoryStore } from '../store/directory-store';
import { changedCountSql, matchedCountSql, mergeInsertSql, mergeUpdateSql, stageCreateSql, stageInsertSql } from '../store/directory-sql';
import { recordAudit } from '../store/audit';
import { finishJob, type Counts, type ImportRowError } from '../store/imports';
import { openSource, SourceError } from './sources';
import { columnLetter, mapHeaders } from './headers';

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
}

export interface ImportOutcome extends Counts {
  format: string;
  encoding: string;
  errors: ImportRowError[];
  unknownColumns: string[];
  /** A problem with the whole file (unreadable, required columns missing): nothing was read. */
  fatal: string | null;
  committed: boolean;
  message: string;
  /** Seconds spent in each phase, for the benchmark: read+check+stage, merge, indexes, commit. */
  phases: Record<string, number>;
}

function emptyOutcome(fatal: string | null, format = '', encoding = ''): ImportOutcome {
  return {
    format, encoding, errors: [], unknownColumns: [], fatal, committed: false, message: fatal ?? '', phases: {},
    rowsTotal: 0, newCount: 0, updatedCount: 0, unchangedCount: 0, invalidCount: 0,
  };
}

export async function runImport(o: ImportOptions): Promise<ImportOutcome> {
  const def = DIRECTORIES[o.kind];
  if (o.kind !== 'entities' && o.departmentId === null) return emptyOutcome('请选择所属部门');
  let source;
  try {
    source = await openSource(o.file);
  } catch (e) {
    if (e instanceof SourceError) return emptyOutcome(e.message);
    throw e;
  }
  const out = emptyOutcome(null, source.format, source.encoding);
  const maxErrors = o.maxErrors ?? 100000;
  const db = openDb(o.dbFile);
  const store = new DirectoryStore(db, o.kind);
  const keyDept = o.kind === 'inspectors' ? store.keyDepartments() : null;
  const seen = new Map<string, number>();
  let index: Record<string, number> | null = null;
  let keyCol = '';
  const invalidRows = new Set<number>();
  const addError = (rowNo: number, column: string, value: string, reason: string) => {
    invalidRows.add(rowNo);
    if (out.errors.length < maxErrors) out.errors.push({ rowNo, column, value, reason });
  };
  let open = false;
  let mark = process.hrtime.bigint();
  const phase = (name: string) => {
    const t = process.hrtime.bigint();
    out.phases[name] = Number(t - mark) / 1e9;
    mark = t;
  };
  try {
    const fields = def.fields;
    const cells: string[] = new Array(fields.length);
    const memo = new CheckMemo(def);
    const keyIndex = fields.findIndex((f) => f.key === def.key);
    let columns: number[] = [];
    let stageInsert: ReturnType<typeof db.prepare> | null = null;
    let staged = 0;
    for await (const batch of source.batches()) {
      let start = 0;
      if (!index) {
        const header = mapHeaders(def, batch[0]!.cells);
        out.unknownColumns = header.unknown;
        const problem = header.missing.length
          ? `缺少必填列：${header.missing.join('、')}（第1行应为表头）`
          : header.duplicates.length
            ? `表头有重复的列：${header.duplicates.join('、')}`
            : null;
        if (problem) {
          out.fatal = problem;
          out.message = problem;
          return out;
        }
        index = header.index;
        columns = fields.map((f) => header.index[f.key]!);
        keyCol = `${columnLetter(index[def.key]!)}列（${fields.find((f) => f.key === def.key)!.label}）`;
        // A preview only reads the directory (the stage is in the temp schema); a commit takes the write lock now.
        db.exec(o.commit ? 'BEGIN IMMEDIATE' : 'BEGIN');
        open = true;
        db.exec(stageCreateSql(store.t));
        stageInsert = db.prepare(stageInsertSql(store.t));
        start = 1;
      }
      for (let b = start; b < batch.length; b++) {
        const row = batch[b]!;
        out.rowsTotal++;
        for (let k = 0; k < fields.length; k++) {
          const i = columns[k]!;
          cells[k] = i >= 0 ? (row.cells[i] ?? '') : '';
        }
        const errors = checkValues(def, cells, memo);
        if (errors) {
          for (const e of errors) addError(row.no, `${columnLetter(index[e.field]!)}列（${e.label}）`, e.value, e.reason);
          continue;
        }
        const key = cells[keyIndex]!;
        const first = seen.get(key);
        if (first !== undefined) {
          addError(row.no, keyCol, key, `与第${first}行重复`);
          continue;
        }
        seen.set(key, row.no);
        if (keyDept) {
          const d = keyDept.get(key);
          if (d !== undefined && d !== o.departmentId) {
            addError(row.no, keyCol, key, '该执法证号已登记在其他部门，不能在本部门导入');
            continue;
          }
        }
        stageInsert!.run(cells);
        staged++;
      }
      o.onProgress?.({ bytes: source.bytesRead(), size: source.size, rows: out.rowsTotal });
    }
    out.invalidCount = invalidRows.size;
    phase('read+check+stage');
    if (!index) {
      out.fatal = '文件中没有表头和数据';
      out.message = out.fatal;
      return out;
    }
    const scope = { departmentId: o.departmentId };
    const matched = (db.prepare(matchedCountSql(store.t)).get(store.t.scoped ? scope : {}) as { n: number }).n;
    out.newCount = staged - matched;
    if (!o.commit) {
      out.updatedCount = (db.prepare(changedCountSql(store.t)).get(store.t.scoped ? scope : {}) as { n: number }).n;
      out.unchangedCount = matched - out.updatedCount;
      out.message = '预览完成，尚未写入';
      return out;
    }
    if (out.rowsTotal === 0) {
      out.message = '文件没有数据行，未导入';
      return out;
    }
    if (out.invalidCount > 0 && !o.skipInvalid) {
      out.updatedCount = (db.prepare(changedCountSql(store.t)).get(store.t.scoped ? scope : {}) as { n: number }).n;
      out.unchangedCount = matched - out.updatedCount;
      out.message = `有${out.invalidCount}行无效，整份文件未导入；请按错误报告修改后重新导入`;
      return out;
    }
    const w = { ...(store.t.scoped ? scope : {}), now: o.now, actor: o.actor };
    out.updatedCount = db.prepare(mergeUpdateSql(store.t)).run(w).changes;
    out.unchangedCount = matched - out.updatedCount;
    phase('update');
    // A bulk load into a table it at least doubles takes the derived structures down and rebuilds them.
    const bulk = out.newCount >= 50000 && out.newCount >= store.rowCount() ? store.bulkLoadPlan() : { before: [], after: [] };
    for (const sql of bulk.before) db.exec(sql);
    db.prepare(mergeInsertSql(store.t)).run(w);
    phase('insert');
    for (const sql of bulk.after) db.exec(sql);
    phase('indexes');
    const summary = `导入${def.title}“${o.filename}”：新增${out.newCount}，更新${out.updatedCount}，未变${out.unchangedCount}` +
      (out.invalidCount ? `，跳过无效行${out.invalidCount}` : '');
    recordAudit(db, {
      at: o.now, actor: o.actor, action: 'import', targetKind: o.kind, targetId: o.jobId ?? 0, summary,
      after: { filename: o.filename, sha256: o.sha256, departmentId: o.departmentId, ...countsOf(out) },
    });
    if (o.jobId !== undefined && !finishJob(db, o.jobId, 'committed', countsOf(out), summary, o.now)) {
      out.message = '这次导入已经处理过，未重复写入';
      return out;
    }
    db.exec('DROP TABLE temp.stage');
    db.exec('COMMIT');
    phase('commit');
    // Fresh statistics let the planner pick the most selective index for combined list filters.
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize = 0x10002');
    phase('analyze');
    open = false;
    out.committed = true;
    out.message = summary;
    return out;
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    return { ...emptyOutcome(e.message, source.format, source.encoding), rowsTotal: out.rowsTotal };
  } finally {
    if (open) db.exec('ROLLBACK');
    db.close();
  }
}

export function countsOf(c: Counts): Counts {
  return { rowsTotal: c.rowsTotal, newCount: c.newCount, updatedCount: c.updatedCount, unchangedCount: c.unchangedCount, invalidCount: c.invalidCount };
}
