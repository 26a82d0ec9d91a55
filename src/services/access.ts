// Who may see or change a record: the one check every staff action on a record goes through.
//
// An account with a department sees and changes only that department's records. A joint task's
// partner departments may read the task and its draws and results; only the lead department changes
// them. The shared entity directory belongs to no department: every staff account may read it and
// every admin maintain it. Accounts of all departments (departmentId null) reach everything, and only
// they may manage such accounts. Records that do not exist and records of another department answer
// differently (404, 403) only to staff, never to the public, which reaches none of this.
import type { Db } from '../store/db';
import { ownerOf, type OwnedKind, type Owner } from '../store/owners';
import type { User } from '../store/users';
import { Forbidden, NotFound } from './errors';

export type Access = 'read' | 'write';

const MISSING: Record<OwnedKind, string> = {
  tasks: '抽查任务不存在', draws: '抽取记录不存在', results: '结果不存在', schedules: '定期抽取不存在', plans: '年度抽查计划不存在',
  items: '抽查事项不存在', inspectors: '执法人员不存在', entities: '检查对象不存在', users: '账号不存在', imports: '导入记录不存在', lists: '专项名录不存在',
};

/** Whether this account may read or change a record with this owner. */
export function mayAccess(user: Pick<User, 'departmentId'>, owner: Owner, access: Access): boolean {
  if (user.departmentId === null) return true;
  if (owner.shared) return true;
  if (owner.departmentId === user.departmentId) return true;
  return access === 'read' && owner.joint.includes(user.departmentId);
}

/** The record's owner if this account may act on it; NotFound or Forbidden otherwise. */
export function authorize(db: Db, user: Pick<User, 'departmentId'>, kind: OwnedKind, id: number, access: Access): Owner {
  const owner = ownerOf(db, kind, id);
  if (!owner) throw new NotFound(MISSING[kind]);
  if (!mayAccess(user, owner, access)) throw new Forbidden('这条记录属于其他部门');
  return owner;
}

/** The department filter of an account's lists: its own department, or undefined for all. */
export function departmentScope(user: Pick<User, 'departmentId'> | undefined): number | undefined {
  return user?.departmentId ?? undefined;
}

/** An account may change a department's own settings: its admins, and admins of all departments. */
export function authorizeDepartment(user: Pick<User, 'departmentId'>, departmentId: number): void {
  if (user.departmentId !== null && user.departmentId !== departmentId) throw new Forbidden('这是其他部门的设置');
}
