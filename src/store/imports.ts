// Import jobs and their row errors.
import type { Db } from './db';
import type { DirectoryKind } from '../domain/directories';

export interface ImportJob {
  id: number;
  kind: DirectoryKind;
  departmentId: number | null;
  filename: string;
  sha256: string;
  size: number;
  storedPath: string;
  format: string;
  encoding: string;
  status: 'previewed' | 'committed' | 'refused' | 'failed' | 'cancelled';
  rowsTotal: number;
  newCount: number;
  updatedCount: number;
  unchangedCount: number;
  invalidCount: number;
  message: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportRowError {
  rowNo: number;
  column: string;
  value: string;
  reason: string;
}

const JOB_COLUMNS = `id, kind, department_id AS departmentId, filename, sha256, size, stored_path AS storedPath, format, encoding,
  status, rows_total AS rowsTotal, new_count AS newCount, updated_count AS updatedCount, unchanged_count AS unchangedCount,
  invalid_count AS invalidCount, message, created_by AS createdBy, created_at AS createdAt, finished_at AS finishedAt`;

export interface Counts {
  rowsTotal: number;
  newCount: number;
  updatedCount: number;
  unchangedCount: number;
  invalidCount: number;
}

export function createJob(
  db: Db,
  j: Pick<ImportJob, 'kind' | 'departmentId' | 'filename' | 'sha256' | 'size' | 'storedPath' | 'format' | 'encoding' | 'status' | 'message' | 'createdBy' | 'createdAt'> &
    Counts,
): number {
  const info = db
    .prepare(
      `INSERT INTO import_jobs (kind, department_id, filename, sha256, size, stored_path, format, encoding, status,
         rows_total, new_count, updated_count, unchanged_count, invalid_count, message, created_by, created_at)
       VALUES (@kind, @departmentId, @filename, @sha256, @size, @storedPath, @format, @encoding, @status,
         @rowsTotal, @newCount, @updatedCount, @unchangedCount, @invalidCount, @message, @createdBy, @createdAt)`,
    )
    .run(j);
  return Number(info.lastInsertRowid);
}

/** Moves a job on from 'previewed'; false when it had already moved (a second commit of the same job). */
export function finishJob(db: Db, id: number, status: ImportJob['status'], counts: Counts, message: string, at: string): boolean {
  return db.prepare(
    `UPDATE import_jobs SET status = @status, rows_total = @rowsTotal, new_count = @newCount, updated_count = @updatedCount,
       unchanged_count = @unchangedCount, invalid_count = @invalidCount, message = @message, finished_at = @at WHERE id = @id AND status = 'previewed'`,
  ).run({ rowsTotal: counts.rowsTotal, newCount: counts.newCount, updatedCount: counts.updatedCount, unchangedCount: counts.unchangedCount, invalidCount: counts.invalidCount, id, status, message, at }).changes === 1;
}

export function getJob(db: Db, id: number): ImportJob | undefined {
  return db.prepare<unknown[], ImportJob>('SELECT ' + JOB_COLUMNS + ' FROM import_jobs WHERE id = ?').get(id);
}

export function recentJobs(db: Db, kind: DirectoryKind, limit = 20): ImportJob[] {
  return db.prepare<unknown[], ImportJob>('SELECT ' + JOB_COLUMNS + ' FROM import_jobs WHERE kind = ? ORDER BY id DESC LIMIT ?').all(kind, limit);
}

export function saveErrors(db: Db, jobId: number, errors: ImportRowError[]): void {
  db.prepare('DELETE FROM import_errors WHERE job_id = ?').run(jobId);
  const ins = db.prepare('INSERT INTO import_errors (job_id, row_no, column_label, value, reason) VALUES (?, ?, ?, ?, ?)');
  for (const e of errors) ins.run(jobId, e.rowNo, e.column, e.value, e.reason);
}

export function jobErrors(db: Db, jobId: number, limit = -1, offset = 0): ImportRowError[] {
  return db
    .prepare<unknown[], ImportRowError>('SELECT row_no AS rowNo, column_label AS "column", value, reason FROM import_errors WHERE job_id = ? ORDER BY id LIMIT ? OFFSET ?')
    .all(jobId, limit, offset);
}

export function jobErrorCount(db: Db, jobId: number): number {
  return db.prepare<unknown[], { n: number }>('SELECT count(*) AS n FROM import_errors WHERE job_id = ?').get(jobId)!.n;
}

/** The stored files of jobs still awaiting commit or cancellation. */
export function pendingUploads(db: Db): string[] {
  return db.prepare<unknown[], { p: string }>("SELECT stored_path AS p FROM import_jobs WHERE status = 'previewed'").all().map((r) => r.p);
}
