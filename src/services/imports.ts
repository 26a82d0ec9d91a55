// Import use cases for the web: keep the upload, preview it, commit it once; the reading and writing run
// on a worker thread (services/background.ts), so the server answers meanwhile.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db';
import type { DirectoryKind } from '../domain/directories';
import { createJob, finishJob, getJob, pendingUploads, saveErrors, type ImportJob } from '../store/imports';
import { countsOf, type ImportOutcome } from '../import/runner';
import { importInBackground } from './background';

export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface PreviewInput {
  kind: DirectoryKind;
  departmentId: number | null;
  storedPath: string;
  filename: string;
  actor: string;
  now: string;
}

/** What the preview says of the file as a whole: which row was the header, which columns were ignored. */
export function describeOutcome(o: ImportOutcome): string {
  if (o.fatal) return o.fatal;
  const parts: string[] = [];
  if (o.headerRow !== null) parts.push(o.headerRow === 1 ? '表头：第1行' : `表头：第${o.headerRow}行（其上${o.headerRow - 1}行为标题或说明，未导入）`);
  if (o.unknownColumns.length) parts.push(`以下列未识别，已忽略：${o.unknownColumns.join('、')}`);
  return parts.join('；');
}

/** Reads the whole file without writing, records the job with its counts and errors. */
export async function previewImport(db: Db, dbFile: string, p: PreviewInput): Promise<{ jobId: number; outcome: ImportOutcome }> {
  const sha256 = await sha256File(p.storedPath);
  const size = fs.statSync(p.storedPath).size;
  const outcome = await importInBackground({ dbFile, kind: p.kind, departmentId: p.departmentId, file: p.storedPath, filename: p.filename, sha256, commit: false, actor: p.actor, now: p.now });
  const jobId = db.transaction(() => {
    const id = createJob(db, {
      kind: p.kind, departmentId: p.departmentId, filename: p.filename, sha256, size, storedPath: p.storedPath,
      format: outcome.format || 'unknown', encoding: outcome.encoding || 'unknown', status: outcome.fatal ? 'failed' : 'previewed',
      message: describeOutcome(outcome), createdBy: p.actor, createdAt: p.now, ...countsOf(outcome),
    });
    saveErrors(db, id, outcome.errors);
    return id;
  })();
  if (outcome.fatal) fs.rmSync(p.storedPath, { force: true });
  return { jobId, outcome };
}

export type CommitResult = { ok: true; job: ImportJob; outcome: ImportOutcome } | { ok: false; message: string };

export async function commitImport(db: Db, dbFile: string, jobId: number, skipInvalid: boolean, actor: string, now: string): Promise<CommitResult> {
  const job = getJob(db, jobId);
  if (!job) return { ok: false, message: '导入记录不存在' };
  if (job.status !== 'previewed') return { ok: false, message: '这次导入已经处理过' };
  if (!fs.existsSync(job.storedPath) || (await sha256File(job.storedPath)) !== job.sha256) {
    return { ok: false, message: '上传的文件已不存在或被改动，请重新上传' };
  }
  const outcome = await importInBackground({
    dbFile, kind: job.kind, departmentId: job.departmentId, file: job.storedPath, filename: job.filename, sha256: job.sha256,
    commit: true, skipInvalid, actor, now, jobId,
  });
  if (!outcome.committed) return { ok: false, message: outcome.message };
  fs.rmSync(job.storedPath, { force: true });
  return { ok: true, job: getJob(db, jobId)!, outcome };
}

export function cancelImport(db: Db, jobId: number, now: string): boolean {
  const job = getJob(db, jobId);
  if (!job || job.status !== 'previewed') return false;
  const done = finishJob(db, jobId, 'cancelled', job, '已取消', now);
  fs.rmSync(job.storedPath, { force: true });
  return done;
}

/**
 * Removes uploads no import needs: files that belong to no job awaiting commit (left by a crash or a
 * kill in the middle of a preview). Files younger than a day are left alone, as they may be an upload
 * still being read. Returns the names removed.
 */
export function pruneUploads(db: Db, dir: string, now: Date): string[] {
  if (!fs.existsSync(dir)) return [];
  const kept = new Set(pendingUploads(db).map((p) => path.resolve(p)));
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.resolve(dir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || kept.has(file) || now.getTime() - st.mtimeMs < 86400000) continue;
    fs.rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}
