// Staff pages of the three registers: list with search, filters and keyset paging; view, create, edit, (de)activate.
import { Router, type Request } from 'express';
import type { AppDeps } from '../deps';
import { isCodeSearch, type ListFilter } from '../../services';
import { CREDIT_CLASS_NAMES, DIRECTORIES, type DirectoryKind } from '../../domain/directories';
import { addDays, chinaDate } from '../../domain/dates';
import { intParam, kindOf, listFilter } from '../requests';
import { requireRole } from '../middleware/auth';
import { BadRequest, NotFound } from '../errors';
import { fieldViews, formValues } from '../forms/record-form';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';

export const LIST_COLUMNS: Record<DirectoryKind, string[]> = {
  items: ['code', 'name', 'category', 'itemType', 'methods', 'target'],
  entities: ['uscc', 'name', 'entityType', 'industry', 'region', 'regState', 'creditClass'],
  inspectors: ['certNo', 'name', 'unit', 'certExpiry', 'region', 'specialties', 'isExpert', 'status'],
};
const PAGE_SIZE = 50;
/** Lists count matches up to here and say "more than" beyond: a broad filter never counts a million rows. */
const COUNT_CAP = 10000;

function filterMenus(deps: AppDeps, kind: DirectoryKind, f: ListFilter) {
  const def = DIRECTORIES[kind];
  return deps.services.registers[kind].t.filters.map((key) => {
    const field = def.fields.find((x) => x.key === key)!;
    const values = field.type === 'enum' ? [...field.values!] : field.type === 'bool' ? ['是', '否'] : deps.services.registers[kind].facet(key);
    return {
      key,
      label: field.label,
      options: values.map((v) => ({ value: v, label: key === 'creditClass' ? (CREDIT_CLASS_NAMES[v] ?? v) : v, selected: f.eq?.[key] === v })),
    };
  });
}

/** The current query string without the paging cursor, to build next/prev links. */
function queryWithout(req: Request, ...drop: string[]): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (!drop.includes(k) && typeof v === 'string' && v !== '') u.set(k, v);
  return u.toString();
}

export function directoryRoutes(deps: AppDeps): Router {
  const r = Router();
  const staff = requireRole('admin', 'auditor');
  const admin = requireRole('admin');
  const services = (kind: DirectoryKind) => deps.services.directory(kind);
  const now = () => deps.clock.now().toISOString();
  const departments = () => deps.services.listDepartments();

  const loadRow = (req: Request, kind: DirectoryKind) => {
    const id = intParam(req.params.id) ?? -1;
    deps.services.authorize(req.user!, kind, id, req.method === 'GET' ? 'read' : 'write');
    const row = deps.services.registers[kind].get(id);
    if (!row) throw new NotFound('记录不存在');
    return row;
  };

  r.get(pattern('directory', ':kind'), staff, (req, res) => {
    const kind = kindOf(req);
    const def = DIRECTORIES[kind];
    const store = deps.services.registers[kind];
    const f = listFilter(req, deps, kind);
    // A name substring is found by a scan, or from memory on a large register (name-index.ts): the
    // page comes at once, the exact total only when asked for, or free when the first page holds
    // every match.
    const nameSearch = !!f.q && !isCodeSearch(f.q);
    const cursor = { after: intParam(req.query.after), before: intParam(req.query.before) };
    let count = nameSearch ? null : store.count(f, COUNT_CAP);
    const page = store.list(f, cursor, PAGE_SIZE, count?.capped ?? false);
    if (nameSearch) {
      if (cursor.after === undefined && cursor.before === undefined && page.next === null) count = { count: page.rows.length, capped: false };
      else if (req.query.count === '1') count = store.count(f, COUNT_CAP);
    }
    const cols = LIST_COLUMNS[kind].map((k) => def.fields.find((x) => x.key === k)!);
    const base = queryWithout(req, 'after', 'before');
    const depts = departments();
    sendPage(deps, req, res, 'admin/directory-list', {
      title: def.title,
      kind,
      def,
      columns: cols.map((c) => ({ key: c.key, label: c.label })),
      rows: page.rows.map((row) => ({ id: row.id, active: row.active, href: paths.record(kind, row.id), cells: cols.map((c) => row[c.key]) })),
      filters: filterMenus(deps, kind, f),
      q: f.q ?? '',
      active: f.active,
      count: count?.count,
      capped: count?.capped,
      countHref: count ? null : `${paths.directory(kind)}?${base}&count=1`,
      nextHref: page.next !== null ? `${paths.directory(kind)}?${base ? base + '&' : ''}after=${page.next}` : null,
      prevHref: page.prev !== null ? `${paths.directory(kind)}?${base ? base + '&' : ''}before=${page.prev}` : null,
      firstHref: page.prev !== null ? `${paths.directory(kind)}${base ? '?' + base : ''}` : null,
      exportCsv: `${paths.exportFile(kind, 'csv')}${base ? '?' + base : ''}`,
      exportXlsx: `${paths.exportFile(kind, 'xlsx')}${base ? '?' + base : ''}`,
      departments: kind !== 'entities' && req.user?.departmentId == null ? depts.map((d) => ({ ...d, selected: d.id === f.departmentId })) : null,
      certificates: kind === 'inspectors' ? certificateWarnings(req) : null,
    });
  });

  /** Certificates ended, or ending within 90 days (Beijing dates), of the account's department. */
  const certificateWarnings = (req: Request) => {
    const today = chinaDate(deps.clock.now());
    const scope = req.user?.departmentId == null ? undefined : [req.user.departmentId];
    const rows = deps.services.certificatesEndingBefore(addDays(today, 90), scope).map((c) => ({ ...c, href: paths.record('inspectors', c.inspectorId), ended: c.certExpiry < today }));
    return rows.length ? { today, ended: rows.filter((r) => r.ended), soon: rows.filter((r) => !r.ended) } : null;
  };

  r.get(pattern('newRecord', ':kind'), admin, (req, res) => {
    const kind = kindOf(req);
    sendPage(deps, req, res, 'admin/record-form', formModel(req, kind, {}, [], null));
  });

  const formModel = (req: Request, kind: DirectoryKind, values: Record<string, unknown>, errors: import('../../domain/records').FieldError[], id: number | null, extra: Record<string, unknown> = {}) => {
    const def = DIRECTORIES[kind];
    const depts = departments();
    const chosenDept = req.user?.departmentId ?? intParam(String(values.departmentId ?? '')) ?? null;
    return {
      title: id ? `编辑 · ${def.title}` : `新增 · ${def.title}`,
      kind,
      def,
      id,
      action: id ? paths.editRecord(kind, id) : paths.newRecord(kind),
      cancel: id ? paths.record(kind, id) : paths.directory(kind),
      fields: fieldViews(def.fields, values, errors, id ? def.key : undefined, pickLists(kind)),
      version: values.version,
      chooseDepartment: kind !== 'entities' && !id && req.user?.departmentId == null,
      departments: depts.map((d) => ({ ...d, selected: d.id === chosenDept })),
      departmentError: errors.find((e) => e.field === 'departmentId')?.reason,
      ...extra,
    };
  };

  r.post(pattern('newRecord', ':kind'), admin, (req, res) => {
    const kind = kindOf(req);
    const def = DIRECTORIES[kind];
    const input = formValues(def.fields, req.body);
    const dept = kind === 'entities' ? undefined : (req.user!.departmentId ?? intParam(String(req.body.departmentId ?? '')));
    if (dept !== undefined && !departments().some((d) => d.id === dept)) throw new BadRequest('所属部门无效');
    const result = services(kind).create(input, req.user!.username, now(), dept);
    if (!result.ok) {
      return sendPage(deps, req, res, 'admin/record-form', formModel(req, kind, { ...input, departmentId: dept }, result.errors, null), 422);
    }
    flash(req, 'ok', '已保存');
    res.redirect(303, paths.record(kind, result.id));
  });

  r.get(pattern('record', ':kind', ':id'), staff, (req, res) => {
    const kind = kindOf(req);
    const def = DIRECTORIES[kind];
    const row = loadRow(req, kind);
    const history = deps.services.registers[kind].history(row.id).map((h, i, all) => {
      const newer = i === 0 ? row : all[i - 1]!.data;
      const changes = def.fields
        .filter((f) => String(h.data[f.key] ?? '') !== String(newer[f.key] ?? ''))
        .map((f) => ({ label: f.label, from: h.data[f.key], to: newer[f.key] }));
      if (String(h.data.active) !== String(newer.active)) changes.push({ label: '状态', from: h.data.active ? '启用' : '停用', to: newer.active ? '启用' : '停用' });
      return { version: h.version, until: h.validUntil, by: h.changedBy, changes };
    });
    sendPage(deps, req, res, 'admin/record-view', {
      title: `${String(row.name ?? row[def.key])} · ${def.title}`,
      kind,
      def,
      row,
      fields: def.fields.map((f) => ({ label: f.label, value: row[f.key], private: f.private })),
      department: departments().find((d) => d.id === row.departmentId)?.name,
      history,
      audit: deps.services.auditFor(kind, row.id),
      recusals: kind === 'inspectors' ? deps.services.recusalsOf(row.id) : null,
      scope: kind === 'items' ? scopeWords(row.id) : null,
      fieldWarning: kind === 'items' ? fieldWarning(row) : null,
    });
  });

  /** What a field must match in another register, offered as a pick list (a typo there makes a draw fail). */
  const pickLists = (kind: DirectoryKind): Record<string, string[]> =>
    kind === 'items' ? { specialty: deps.services.inspectorFields({ experts: false }) }
      : kind === 'inspectors' ? { region: deps.services.registers.entities.facet('region') }
        : {};

  /** An item whose field (所需专业领域) no inspector of its department has: its draws cannot staff a team. */
  const fieldWarning = (row: { specialty?: unknown; departmentId?: number }) => {
    const field = String(row.specialty ?? '');
    if (!field || row.departmentId === undefined) return null;
    return deps.services.inspectorFields({ experts: false, departmentId: row.departmentId }).includes(field) ? null : field;
  };

  /** An item's targets in words, for its page. */
  const scopeWords = (itemId: number) => {
    const sc = deps.services.itemScope(itemId);
    const names = new Map(deps.services.listsOf().map((l) => [l.id, l.name]));
    const parts = [
      ...(sc.listIds.length ? [`专项名录：${sc.listIds.map((id) => names.get(id) ?? '').join('、')}`] : []),
      ...(sc.entityTypes.length ? [`企业类型：${sc.entityTypes.join('、')}`] : []),
      ...(sc.industries.length ? [`行业：${sc.industries.join('、')}`] : []),
    ];
    return { text: parts.length ? parts.join('；') : '不限（名录库中全部存续对象）', href: paths.itemScope(itemId) };
  };

  r.get(pattern('editRecord', ':kind', ':id'), admin, (req, res) => {
    const kind = kindOf(req);
    const row = loadRow(req, kind);
    sendPage(deps, req, res, 'admin/record-form', formModel(req, kind, row, [], row.id));
  });

  r.post(pattern('editRecord', ':kind', ':id'), admin, (req, res) => {
    const kind = kindOf(req);
    const def = DIRECTORIES[kind];
    const row = loadRow(req, kind);
    const input = formValues(def.fields, req.body);
    const version = intParam(String(req.body.version ?? ''));
    if (version === undefined) throw new BadRequest('缺少版本号');
    const result = services(kind).update(row.id, version, input, req.user!.username, now());
    if (!result) throw new NotFound();
    if (!result.ok) {
      const values = { ...input, [def.key]: row[def.key], version: result.conflict ? row.version : version };
      return sendPage(deps, req, res, 'admin/record-form', formModel(req, kind, values, result.errors, row.id, { conflict: result.conflict }), result.conflict ? 409 : 422);
    }
    flash(req, 'ok', result.changed ? '已保存修改' : '内容没有变化');
    res.redirect(303, paths.record(kind, row.id));
  });

  for (const [action, active] of [['deactivate', false], ['reactivate', true]] as const) {
    r.post(pattern(action, ':kind', ':id'), admin, (req, res) => {
      const kind = kindOf(req);
      const row = loadRow(req, kind);
      const changed = services(kind).setActive(row.id, active, req.user!.username, now());
      flash(req, 'ok', changed ? (active ? '已恢复启用' : '已停用（记录保留，不会删除）') : '状态没有变化');
      res.redirect(303, paths.record(kind, row.id));
    });
  }
  return r;
}
