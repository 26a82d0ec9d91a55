// Special lists (专项名录): made by a department, imported whole from the files staff have (xlsx or
// CSV, the directories' header matching and value checks), checked all or nothing: a member whose
// USCC is not in the entity directory is an error of its row, as are bad dates and repeated USCCs.
// And the targets of an item (检查对象范围): entity types, industries, special lists.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { listDepartments } from '../store/departments';
import { entityIdsByUscc } from '../store/draw-population';
import {
  getList, insertList, itemScope, listByName, listsOf, memberCounts, replaceMembers, setItemScope, type ItemScope, type Member, type SpecialList,
} from '../store/special-lists';
import { isListKind, LIST_KINDS, MEMBER_DEF, MEMBER_FIELDS } from '../domain/special-lists';
import { checkField, Invalid } from '../domain/fields';
import { columnLetter, mapHeaders } from '../import/headers';
import { openSource, SourceError } from '../import/sources';
import type { User } from '../store/users';
import { authorize } from './access';
import type { Result } from './draws';

/** A row's problem as staff see it: the row of the file, its column, what is wrong. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface MemberCheck {
  /** The members the file gives, when it has no error. */
  members: Member[];
  errors: RowError[];
  /** Columns that matched nothing (ignored). */
  ignored: string[];
  rows: number;
}

/** At most this many rows a list: a province's 高新技术企业 are some tens of thousands. */
export const MAX_LIST_ROWS = 200_000;
const MAX_ERRORS = 500;

export function createList(db: Db, by: Pick<User, 'username' | 'departmentId'>, input: { name: string; kind: string; notes: string; departmentId: number | null }, now: string): Result<number> {
  const departmentId = by.departmentId ?? input.departmentId;
  const name = input.name.trim();
  if (!name || name.length > 60) return { ok: false, message: '请填写名录名称（不超过60字）' };
  if (!isListKind(input.kind)) return { ok: false, message: '请选择名录类型' };
  if (departmentId === null || !listDepartments(db).some((d) => d.id === departmentId)) return { ok: false, message: '请选择所属部门' };
  if (listByName(db, departmentId, name)) return { ok: false, message: `本部门已有名为“${name}”的专项名录` };
  return inTransaction(db, () => {
    const id = insertList(db, { departmentId, name, kind: input.kind as keyof typeof LIST_KINDS, notes: input.notes.trim(), createdBy: by.username, createdAt: now });
    recordAudit(db, { at: now, actor: by.username, action: 'create', targetKind: 'lists', targetId: id, summary: `新建专项名录“${name}”（${LIST_KINDS[input.kind as keyof typeof LIST_KINDS].name}）` });
    return { ok: true as const, value: id };
  });
}

/** Reads and checks a member file; nothing is written. */
export async function checkMemberFile(db: Db, file: string): Promise<MemberCheck> {
  const errors: RowError[] = [];
  const add = (e: RowError) => void (errors.length < MAX_ERRORS && errors.push(e));
  let source;
  try {
    source = await openSource(file);
  } catch (e) {
    if (e instanceof SourceError) return { members: [], errors: [{ row: 0, column: '', message: e.message }], ignored: [], rows: 0 };
    throw e;
  }
  const parsed: { row: number; uscc: string; certNo: string; issued: string; validUntil: string; year: string; name: string }[] = [];
  let index: Record<string, number> | null = null;
  let ignored: string[] = [];
  let rows = 0;
  try {
    for await (const batch of source.batches()) {
      for (const r of batch) {
        if (index === null) {
          const h = mapHeaders(MEMBER_DEF, r.cells);
          if (h.missing.length) return { members: [], errors: [{ row: r.no, column: '', message: `表头缺少必填列：${h.missing.join('、')}` }], ignored: h.unknown, rows: 0 };
          if (h.duplicates.length) return { members: [], errors: [{ row: r.no, column: '', message: `表头有重复的列：${h.duplicates.join('、')}` }], ignored: h.unknown, rows: 0 };
          index = h.index;
          ignored = h.unknown;
          continue;
        }
        if (r.cells.every((c) => c.trim() === '')) continue;
        if (++rows > MAX_LIST_ROWS) return { members: [], errors: [{ row: r.no, column: '', message: `名录超过 ${MAX_LIST_ROWS.toLocaleString('en')} 行，请分成几个名录` }], ignored, rows };
        const values: Record<string, string> = {};
        for (const f of MEMBER_FIELDS) {
          const at = index[f.key]!;
          const v = checkField(f, at >= 0 ? (r.cells[at] ?? '') : '');
          if (v instanceof Invalid) add({ row: r.no, column: `${columnLetter(at)}列（${f.label}）`, message: v.reason });
          values[f.key] = v instanceof Invalid ? '' : v;
        }
        if (values.year && !/^\d{4}$/.test(values.year)) add({ row: r.no, column: `${columnLetter(index.year!)}列（年度）`, message: `年度应为四位数字，实际为“${values.year}”` });
        if (values.issued && values.validUntil && values.validUntil < values.issued) add({ row: r.no, column: `${columnLetter(index.validUntil!)}列（有效期至）`, message: `有效期至（${values.validUntil}）早于发证日期（${values.issued}）` });
        if (values.uscc) parsed.push({ row: r.no, uscc: values.uscc, certNo: values.certNo ?? '', issued: values.issued ?? '', validUntil: values.validUntil ?? '', year: values.year ?? '', name: values.name ?? '' });
      }
    }
  } catch (e) {
    if (e instanceof SourceError) return { members: [], errors: [{ row: 0, column: '', message: e.message }], ignored, rows };
    throw e;
  }
  if (index === null) return { members: [], errors: [{ row: 1, column: '', message: '文件没有表头行' }], ignored, rows: 0 };
  const usccColumn = `${columnLetter(index.uscc!)}列（统一社会信用代码）`;
  const ids = entityIdsByUscc(db, parsed.map((p) => p.uscc));
  const seen = new Map<string, number>();
  const members: Member[] = [];
  for (const p of parsed) {
    const first = seen.get(p.uscc);
    if (first !== undefined) add({ row: p.row, column: usccColumn, message: `统一社会信用代码 ${p.uscc} 与第${first}行重复` });
    else seen.set(p.uscc, p.row);
    const entityId = ids.get(p.uscc);
    if (entityId === undefined) add({ row: p.row, column: usccColumn, message: `统一社会信用代码 ${p.uscc}${p.name ? `（${p.name}）` : ''} 不在检查对象名录库中，请先导入或核对代码` });
    else members.push({ entityId, certNo: p.certNo, issued: p.issued, validUntil: p.validUntil, year: p.year });
  }
  if (rows === 0 && errors.length === 0) add({ row: 2, column: '', message: '文件只有表头，没有名录数据' });
  errors.sort((a, b) => a.row - b.row);
  return { members: errors.length ? [] : members, errors, ignored, rows };
}

/** Replaces a list's members with a checked file's, all or nothing; the file is checked again here. */
export async function importMembers(db: Db, by: Pick<User, 'username' | 'departmentId'>, listId: number, file: string, now: string): Promise<Result<{ members: number }> & { check?: MemberCheck }> {
  authorize(db, by, 'lists', listId, 'write');
  const check = await checkMemberFile(db, file);
  if (check.errors.length) return { ok: false, message: `文件有 ${check.errors.length} 处错误，未导入任何数据`, check };
  const list = getList(db, listId)!;
  return inTransaction(db, () => {
    const before = memberCounts(db, listId, now.slice(0, 10)).all;
    replaceMembers(db, listId, check.members, now);
    recordAudit(db, { at: now, actor: by.username, action: 'import', targetKind: 'lists', targetId: listId, summary: `导入专项名录“${list.name}”：${check.members.length} 户（原 ${before} 户）` });
    return { ok: true as const, value: { members: check.members.length } };
  });
}

/** Sets an item's targets; lists must be the item's department's. */
export function setScope(db: Db, by: Pick<User, 'username' | 'departmentId'>, itemId: number, scope: ItemScope, now: string): Result<null> {
  const owner = authorize(db, by, 'items', itemId, 'write');
  const bad = (xs: string[]) => xs.length > 200 || xs.some((x) => !x.trim() || x.length > 60);
  if (bad(scope.entityTypes) || bad(scope.industries)) return { ok: false, message: '企业类型或行业的选择无效' };
  const own = new Set(listsOf(db, owner.departmentId ?? undefined).map((l) => l.id));
  if (scope.listIds.some((id) => !own.has(id))) return { ok: false, message: '只能选择本部门的专项名录' };
  return inTransaction(db, () => {
    const before = itemScope(db, itemId);
    setItemScope(db, itemId, scope, by.username, now);
    recordAudit(db, { at: now, actor: by.username, action: 'update', targetKind: 'items', targetId: itemId, summary: '修改检查对象范围', before, after: scope });
    return { ok: true as const, value: null };
  });
}

export type { SpecialList };
