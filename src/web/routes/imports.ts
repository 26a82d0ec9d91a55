// Staff pages for imports (upload, preview, commit, error report) and exports of each register.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppDeps } from '../deps';
import { DIRECTORIES, type DirectoryKind } from '../../domain/directories';
import { writeCsv, writeXlsx } from '../../import/tabular-writer';
import { requireRole } from '../middleware/auth';
import { verifyCsrf } from '../middleware/csrf';
import { NotFound } from '../errors';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';
import { idParam, kindOf, listFilter } from '../requests';

/** The paths that take a file (multipart): each register's import form, and a special list's. */
export const UPLOAD_PATHS: readonly (string | RegExp)[] = [...(Object.keys(DIRECTORIES) as DirectoryKind[]).map((k) => paths.importForm(k)), /^\/admin\/lists\/\d{1,12}\/import$/, /^\/me\/assignments\/\d{1,12}\/\d{1,12}\/items\/\d{1,12}\/attachments$/];
const STATUS_TEXT: Record<string, string> = { previewed: '待确认', committed: '已导入', refused: '未导入', failed: '无法读取', cancelled: '已取消' };

/** Rows of the error list per page of an import preview. */
const ERROR_PAGE = 200;

const jobId = idParam;

export function importRoutes(deps: AppDeps): Router {
  const r = Router();
  const admin = requireRole('admin');
  const staff = requireRole('admin', 'auditor');
  fs.mkdirSync(deps.config.uploadsDir, { recursive: true });
  deps.services.pruneUploads(deps.config.uploadsDir, deps.clock.now());
  const upload = multer({
    storage: multer.diskStorage({
      destination: deps.config.uploadsDir,
      filename: (_req, file, cb) => cb(null, crypto.randomBytes(12).toString('hex') + (path.extname(file.originalname).toLowerCase().match(/^\.(csv|xlsx|txt|tsv|xls)$/)?.[0] ?? '')),
    }),
    limits: { fileSize: deps.config.importMaxMb * 1024 * 1024, files: 1, fields: 10 },
  });

  const loadJob = (req: Request) => {
    deps.services.authorize(req.user!, 'imports', jobId(req), req.method === 'GET' ? 'read' : 'write');
    return deps.services.getJob(jobId(req))!;
  };

  const importForm = (req: Request, res: Response, kind: DirectoryKind, error?: string, status = 200) => {
    const def = DIRECTORIES[kind];
    sendPage(deps, req, res, 'admin/import-form', {
      title: `导入 · ${def.title}`, kind, def, error,
      action: paths.importForm(kind),
      columns: def.fields.map((f) => ({ label: f.label, required: f.required, aliases: (f.aliases ?? []).join('、') })),
      chooseDepartment: kind !== 'entities' && req.user?.departmentId == null,
      departments: deps.services.listDepartments(),
      jobs: deps.services.recentJobs(kind).map((j) => ({ ...j, href: paths.importJob(j.id), statusText: STATUS_TEXT[j.status] })),
    }, status);
  };

  r.get(pattern('importForm', ':kind'), admin, (req, res) => importForm(req, res, kindOf(req)));

  r.post(pattern('importForm', ':kind'), admin, upload.single('file'), verifyCsrf, async (req, res) => {
    const kind = kindOf(req);
    const file = req.file;
    if (!file) return importForm(req, res, kind, '请选择要导入的文件（.xlsx 或 .csv）', 400);
    let departmentId: number | null = null;
    if (kind !== 'entities') {
      departmentId = req.user!.departmentId ?? (/^\d+$/.test(String(req.body.departmentId)) ? Number(req.body.departmentId) : null);
      if (departmentId === null || !deps.services.listDepartments().some((d) => d.id === departmentId)) {
        fs.rmSync(file.path, { force: true });
        return importForm(req, res, kind, '请选择所属部门', 400);
      }
    }
    // multer gives the original name as latin1 bytes; browsers send UTF-8.
    const filename = Buffer.from(file.originalname, 'latin1').toString('utf8');
    const { jobId: id } = await deps.services.previewImport({
      kind, departmentId, storedPath: file.path, filename, actor: req.user!.username, now: deps.clock.now().toISOString(),
    });
    res.redirect(303, paths.importJob(id));
  });

  r.get(pattern('importJob', ':id'), staff, (req, res) => {
    const job = loadJob(req);
    const def = DIRECTORIES[job.kind];
    // Errors a page at a time: a file with a hundred thousand bad rows makes a list nobody reads whole.
    const total = deps.services.jobErrorCount(job.id);
    const pages = Math.max(1, Math.ceil(total / ERROR_PAGE));
    const pageNo = Math.min(pages, /^\d{1,7}$/.test(String(req.query.page ?? '')) ? Math.max(1, Number(req.query.page)) : 1);
    const pageHref = (n: number) => (n === 1 ? paths.importJob(job.id) : `${paths.importJob(job.id)}?page=${n}`);
    sendPage(deps, req, res, 'admin/import-preview', {
      title: `导入预览 · ${def.title}`, job, def, kind: job.kind,
      statusText: STATUS_TEXT[job.status],
      errors: deps.services.jobErrors(job.id, ERROR_PAGE, (pageNo - 1) * ERROR_PAGE),
      errorPager: pages > 1
        ? { from: (pageNo - 1) * ERROR_PAGE + 1, to: Math.min(pageNo * ERROR_PAGE, total), total, prevHref: pageNo > 1 ? pageHref(pageNo - 1) : null, nextHref: pageNo < pages ? pageHref(pageNo + 1) : null }
        : null,
      moreErrors: job.invalidCount > 0,
      valid: job.rowsTotal - job.invalidCount,
      canCommit: job.status === 'previewed' && job.rowsTotal > 0,
      commitAction: paths.importCommit(job.id),
      cancelAction: paths.importCancel(job.id),
      errorsCsv: paths.importErrors(job.id, 'csv'),
      errorsXlsx: paths.importErrors(job.id, 'xlsx'),
      back: paths.directory(job.kind),
    });
  });

  r.post(pattern('importCommit', ':id'), admin, async (req, res) => {
    const job = loadJob(req);
    const result = await deps.services.commitImport(job.id, req.body.skipInvalid === '1', req.user!.username, deps.clock.now().toISOString());
    deps.services.registers[job.kind].invalidate();
    if (result.ok) {
      flash(req, 'ok', result.outcome.message);
      return res.redirect(303, paths.directory(job.kind));
    }
    flash(req, 'error', result.message);
    res.redirect(303, paths.importJob(job.id));
  });

  r.post(pattern('importCancel', ':id'), admin, (req, res) => {
    const job = loadJob(req);
    const done = deps.services.cancelImport(job.id, deps.clock.now().toISOString());
    flash(req, done ? 'ok' : 'error', done ? '已取消这次导入，文件已删除' : '这次导入已经处理过，无法取消');
    res.redirect(303, paths.importForm(job.kind));
  });

  r.get(pattern('importErrors', ':id', ':ext'), staff, async (req, res) => {
    const job = loadJob(req);
    const ext = req.params.ext;
    if (ext !== 'csv' && ext !== 'xlsx') throw new NotFound();
    const headers = ['行号', '列', '原值', '错误原因'];
    const rows = deps.services.jobErrors(job.id).map((e) => [String(e.rowNo), e.column, e.value, e.reason]);
    const name = encodeURIComponent(`导入错误报告-${job.id}.${ext}`);
    res.setHeader('Content-Disposition', `attachment; filename="import-errors-${job.id}.${ext}"; filename*=UTF-8''${name}`);
    if (ext === 'csv') {
      res.type('text/csv; charset=utf-8');
      await writeCsv(res, headers, rows);
    } else {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      await writeXlsx(res, '错误报告', headers, rows);
    }
  });

  r.get(pattern('exportFile', ':kind', ':ext'), staff, async (req, res) => {
    const kind = kindOf(req);
    const ext = req.params.ext;
    if (ext !== 'csv' && ext !== 'xlsx') throw new NotFound();
    const def = DIRECTORIES[kind];
    const f = listFilter(req, deps, kind);
    const rows = (function* () {
      for (const row of deps.services.registers[kind].iterate(f)) yield def.fields.map((x) => String(row[x.key] ?? ''));
    })();
    const headers = def.fields.map((x) => x.label);
    res.setHeader('Content-Disposition', `attachment; filename="${kind}.${ext}"; filename*=UTF-8''${encodeURIComponent(def.title + '.' + ext)}`);
    if (ext === 'csv') {
      res.type('text/csv; charset=utf-8');
      await writeCsv(res, headers, rows);
    } else {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      await writeXlsx(res, def.title, headers, rows);
    }
  });
  // An upload refused after it arrived (the CSRF check, an unknown register, a reader that failed)
  // leaves no file behind; the error then goes on to the app's handler.
  r.use((err: unknown, req: Request, _res: Response, next: NextFunction) => {
    if (req.file) fs.rmSync(req.file.path, { force: true });
    next(err);
  });
  return r;
}
