// Runs one import of a file into a directory: read, check every row, write, all in one transaction
// (the transaction and its SQL are the store's: store/register-load.ts).
// A preview is the same run rolled back, so its counts are exactly what the commit will do.
import { DIRECTORIES, type DirectoryKind } from '../domain/directories';
import { RegisterLoad } from '../store/register-load';
import type { Counts, ImportRowError } from '../store/imports';
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
  const load = new RegisterLoad(o.dbFile, o.kind, { departmentId: o.departmentId, now: o.now, actor: o.actor });
  const keyDept = load.keyDepartments();
  const timer = o.timer ?? NO_TIMER;
  const phase = (name: string) => timer.mark(name);
  try {
    const width = def.fields.length;
    const keyIndex = def.fields.findIndex((f) => f.key === def.key);
    let keyCol = '';
    let valid = 0;
    let extraInvalid = 0;
    let size = 0;
    // Row numbers of the written rows by rowid, to name the first row of a repeated key.
    let rowNos = new Int32Array(1 << 16);
    let firstRowid = 0;
    const refuse = (rowNo: number, column: string, value: string, reason: string) => {
      extraInvalid++;
      if (out.errors.length < maxErrors) out.errors.push({ rowNo, column, value, reason });
    };
    let row: unknown[] = new Array(width);
    const write = (cells: unknown[], rowNo: number) => {
      const key = cells[keyIndex] as string;
      if (keyDept) {
        const d = keyDept.get(key);
        if (d !== undefined && d !== o.departmentId) return refuse(rowNo, keyCol, key, '该执法证号已登记在其他部门，不能在本部门导入');
      }
      const r = load.write(cells, key);
      if (!r.ok) return refuse(rowNo, keyCol, key, `与第${rowNos[r.duplicateOfRowid! - firstRowid]}行重复`);
      if (valid === 0) firstRowid = r.rowid!;
      if (valid === rowNos.length) {
        const grown = new Int32Array(rowNos.length * 2);
        grown.set(rowNos);
        rowNos = grown;
      }
      rowNos[valid++] = rowNo;
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
        row = load.begin(o.commit, width);
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
    phase(load.writesDirect ? 'read+check+write' : 'read+check+stage');
    out.errors.sort((a, b) => a.rowNo - b.rowNo);
    const matched = load.matchedCount();
    out.newCount = valid - matched;
    const countChanged = () => {
      out.updatedCount = load.changedCount();
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
    if (!load.writesDirect) {
      out.updatedCount = load.merge(out.newCount, phase);
      out.unchangedCount = matched - out.updatedCount;
    }
    load.rebuild();
    phase('indexes');
    const summary = `导入${def.title}“${o.filename}”：新增${out.newCount}，更新${out.updatedCount}，未变${out.unchangedCount}` +
      (out.invalidCount ? `，跳过无效行${out.invalidCount}` : '');
    if (!(await load.commit({ kind: o.kind, filename: o.filename, sha256: o.sha256, jobId: o.jobId, summary, counts: countsOf(out) }))) {
      out.message = '这次导入已经处理过，未重复写入';
      return out;
    }
    phase('commit');
    load.analyze();
    phase('analyze');
    out.committed = true;
    out.message = summary;
    return out;
  } finally {
    load.close();
    await reader.close();
  }
}

export function countsOf(c: Counts): Counts {
  return { rowsTotal: c.rowsTotal, newCount: c.newCount, updatedCount: c.updatedCount, unchangedCount: c.unchangedCount, invalidCount: c.invalidCount };
}
