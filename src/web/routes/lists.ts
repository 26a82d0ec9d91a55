// Staff pages of special lists (专项名录): the department's lists, one list's members and its import
// (upload, check, confirm: all or nothing), and an item's targets (检查对象范围).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import multer from 'multer';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../deps';
import { LIST_KINDS, MEMBER_FIELDS } from '../../domain/special-lists';
import { chinaDate } from '../../domain/dates';
import { requireRole } from '../middleware/auth';
import { verifyCsrf } from '../middleware/csrf';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';
import { NotFound } from '../errors';
import { formIds, formList, idParam } from '../requests';

const PAGE = 200;

const idOf = idParam;

export function listRoutes(deps: AppDeps): Router {
  const r = Router();
  const staff = requireRole('admin', 'auditor');
  const admin = requireRole('admin');
  const s = deps.services;
  const today = () => chinaDate(deps.clock.now());
  const upload = multer({
    storage: multer.diskStorage({
      destination: deps.config.uploadsDir,
      filename: (_req, file, cb) => cb(null, 'list-' + crypto.randomBytes(12).toString('hex') + (path.extname(file.originalname).toLowerCase().match(/^\.(csv|xlsx|txt|tsv|xls)$/)?.[0] ?? '')),
    }),
    limits: { fileSize: Math.min(64, deps.config.importMaxMb) * 1024 * 1024, files: 1, fields: 5 },
  });
  /** An upload waiting for its confirmation, by the token in its name (nothing else reaches a file). */
  const pending = (token: string) => {
    if (!/^[0-9a-f]{24}(\.(csv|xlsx|txt|tsv|xls))?$/.test(token)) throw new NotFound('上传的文件已失效，请重新上传');
    const file = path.join(deps.config.uploadsDir, 'list-' + token);
    if (!fs.existsSync(file)) throw new NotFound('上传的文件已失效，请重新上传');
    return file;
  };

  r.get(pattern('lists'), staff, (req, res) => {
    const depts = s.listDepartments();
    const lists = s.listsOf(req.user!.departmentId ?? undefined).map((l) => ({
      ...l, href: paths.list(l.id), kindText: LIST_KINDS[l.kind].name, department: depts.find((d) => d.id === l.departmentId)?.shortName, counts: s.memberCounts(l.id, today()),
    }));
    sendPage(deps, req, res, 'admin/lists', {
      title: '专项名录', lists, kinds: Object.entries(LIST_KINDS).map(([value, k]) => ({ value, name: k.name })),
      departments: depts, chooseDepartment: req.user!.departmentId == null, today: today(),
    });
  });

  r.post(pattern('lists'), admin, (req, res) => {
    const b = req.body as Record<string, string>;
    const r2 = s.createList(req.user!, { name: b.name ?? '', kind: b.kind ?? '', notes: b.notes ?? '', departmentId: /^\d+$/.test(b.departmentId ?? '') ? Number(b.departmentId) : null }, deps.clock.now().toISOString());
    if (!r2.ok) {
      flash(req, 'error', r2.message);
      return res.redirect(303, paths.lists);
    }
    flash(req, 'ok', '已新建专项名录，请导入名单');
    res.redirect(303, paths.list(r2.value));
  });

  const showList = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const id = idOf(req);
    s.authorize(req.user!, 'lists', id, 'read');
    const list = s.getList(id)!;
    const pageNo = /^\d{1,7}$/.test(String(req.query.page ?? '')) ? Math.max(1, Number(req.query.page)) : 1;
    const counts = s.memberCounts(id, today());
    const pages = Math.max(1, Math.ceil(counts.all / PAGE));
    sendPage(deps, req, res, 'admin/list', {
      title: `专项名录 · ${list.name}`, list, kindText: LIST_KINDS[list.kind].name, counts, today: today(),
      members: s.memberPage(id, today(), (Math.min(pageNo, pages) - 1) * PAGE, PAGE),
      prevHref: pageNo > 1 ? `${paths.list(id)}?page=${pageNo - 1}` : null, nextHref: pageNo < pages ? `${paths.list(id)}?page=${pageNo + 1}` : null,
      importAction: paths.listImport(id), columns: MEMBER_FIELDS.map((f) => ({ label: f.label, required: f.required, aliases: (f.aliases ?? []).join('、') })),
      ...extra,
    }, status);
  };

  r.get(pattern('list', ':id'), staff, (req, res) => showList(req, res));

  // Upload: checked at once; with errors nothing is kept, without them staff confirm.
  r.post(pattern('listImport', ':id'), admin, upload.single('file'), verifyCsrf, async (req, res) => {
    const id = idOf(req);
    s.authorize(req.user!, 'lists', id, 'write');
    const file = req.file;
    if (!file) return showList(req, res, { error: '请选择要导入的文件（.xlsx 或 .csv）' }, 400);
    const check = await s.checkMemberFile(file.path);
    if (check.errors.length) {
      fs.rmSync(file.path, { force: true });
      return showList(req, res, { error: `文件有 ${check.errors.length} 处错误，未导入任何数据。请改正后重新上传。`, check }, 400);
    }
    const current = check.members.length;
    showList(req, res, { check, confirm: { action: paths.listImportCommit(id, path.basename(file.path).slice('list-'.length)), members: current } });
  });

  r.post(pattern('listImportCommit', ':id', ':token'), admin, async (req, res) => {
    const id = idOf(req);
    s.authorize(req.user!, 'lists', id, 'write');
    const file = pending(String(req.params.token));
    try {
      const r2 = await s.importMembers(req.user!, id, file, deps.clock.now().toISOString());
      if (!r2.ok) return showList(req, res, { error: r2.message, check: r2.check }, 400);
      flash(req, 'ok', `已导入 ${r2.value.members} 户，名录已替换为本次上传的名单`);
      res.redirect(303, paths.list(id));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  const showScope = (req: Request, res: Response, error?: string, status = 200) => {
    const id = idOf(req);
    const owner = s.authorize(req.user!, 'items', id, 'read');
    const item = s.registers.items.get(id)!;
    const scope = s.itemScope(id);
    const entities = s.registers.entities;
    const pick = (values: string[], chosen: string[]) => values.map((value) => ({ value, checked: chosen.includes(value) }));
    sendPage(deps, req, res, 'admin/item-scope', {
      title: `检查对象范围 · ${item.name}`, item, error, back: paths.record('items', id), action: paths.itemScope(id),
      entityTypes: pick(entities.facet('entityType'), scope.entityTypes), industries: pick(entities.facet('industry'), scope.industries),
      lists: s.listsOf(owner.departmentId ?? undefined).map((l) => ({ id: l.id, name: l.name, checked: scope.listIds.includes(l.id), counts: s.memberCounts(l.id, today()) })),
    }, status);
  };

  r.get(pattern('itemScope', ':id'), staff, (req, res) => showScope(req, res));

  r.post(pattern('itemScope', ':id'), admin, (req, res) => {
    const id = idOf(req);
    const b = req.body as Record<string, unknown>;
    const r2 = s.setScope(req.user!, id, { entityTypes: formList(b.entityTypes), industries: formList(b.industries), listIds: formIds(b.listIds) }, deps.clock.now().toISOString());
    if (!r2.ok) return showScope(req, res, r2.message, 400);
    flash(req, 'ok', '已保存检查对象范围');
    res.redirect(303, paths.record('items', id));
  });

  r.use((err: unknown, req: Request, _res: Response, next: NextFunction) => {
    if (req.file) fs.rmSync(req.file.path, { force: true });
    next(err);
  });
  return r;
}
