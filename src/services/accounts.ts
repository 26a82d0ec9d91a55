// Accounts: created by an admin with a one-time password, changed by their owner, reset by an admin.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import crypto from 'node:crypto';
import { activeInspectorByCert, setCalendarToken, createUser, endSessions, findUser, findUserByName, inspectorHasAccount, setPassword, setUserActive, type Role, type User } from '../store/users';
import { generatePassword, hashPassword, verifyPassword } from './passwords';
import { recordAudit } from '../store/audit';
import type { Result } from './draws';
import { authorize } from './access';

export const ROLE_TEXT: Record<Role, string> = { admin: '管理员', inspector: '执法检查人员', auditor: '审计（只读）' };
export const MIN_PASSWORD = 10;

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  /** For inspectors: their certificate number in the inspector directory. */
  certNo?: string;
}

export async function createAccount(db: Db, a: NewAccount, creator: User, logN: number, now: string): Promise<Result<{ id: number; password: string }>> {
  const username = a.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,32}$/.test(username)) return { ok: false, message: '用户名为3–32位小写字母、数字或 . _ -' };
  if (!a.displayName.trim()) return { ok: false, message: '请填写姓名' };
  if (!(a.role in ROLE_TEXT)) return { ok: false, message: '角色无效' };
  if (creator.departmentId !== null && a.departmentId !== creator.departmentId) return { ok: false, message: '只能为本部门创建账号' };
  if (findUserByName(db, username)) return { ok: false, message: `用户名“${username}”已被使用` };
  let inspector: { id: number; departmentId: number } | null = null;
  if (a.role === 'inspector') {
    const p = activeInspectorByCert(db, (a.certNo ?? '').trim().toUpperCase());
    if (!p) return { ok: false, message: '执法检查人员账号须关联名录库中的执法证号' };
    if (a.departmentId !== null && p.departmentId !== a.departmentId) return { ok: false, message: '该执法证号属于其他部门' };
    if (inspectorHasAccount(db, p.id)) return { ok: false, message: '这名执法人员已有账号' };
    inspector = p;
  }
  const inspectorId = inspector?.id ?? null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password, logN);
  return inTransaction(db, () => {
    if (findUserByName(db, username)) return { ok: false as const, message: `用户名“${username}”已被使用` };
    const id = createUser(db, { username, displayName: a.displayName.trim(), passwordHash, role: a.role, departmentId: inspector ? inspector.departmentId : a.departmentId, mustChangePassword: true, now, inspectorId });
    recordAudit(db, { at: now, actor: creator.username, action: 'create', targetKind: 'users', targetId: id, summary: `新建账号 ${username}（${ROLE_TEXT[a.role]}）`, after: { username, role: a.role, departmentId: a.departmentId, inspectorId } });
    return { ok: true as const, value: { id, password } };
  });
}

export async function resetPassword(db: Db, id: number, by: User, logN: number, now: string): Promise<Result<string>> {
  authorize(db, by, 'users', id, 'write');
  const u = findUser(db, id)!;
  const password = generatePassword();
  const hash = await hashPassword(password, logN);
  inTransaction(db, () => {
    setPassword(db, id, hash, true, now);
    endSessions(db, id);
    recordAudit(db, { at: now, actor: by.username, action: 'password-reset', targetKind: 'users', targetId: id, summary: `重置 ${u.username} 的密码` });
  });
  return { ok: true, value: password };
}

export async function changePassword(db: Db, u: User, current: string, next: string, repeat: string, logN: number, now: string): Promise<Result<null>> {
  if (!(await verifyPassword(current, u.passwordHash))) return { ok: false, message: '当前密码不正确' };
  if (next.length < MIN_PASSWORD) return { ok: false, message: `新密码至少${MIN_PASSWORD}位` };
  if (next !== repeat) return { ok: false, message: '两次输入的新密码不一致' };
  if (next === current) return { ok: false, message: '新密码不能与当前密码相同' };
  const hash = await hashPassword(next, logN);
  inTransaction(db, () => {
    setPassword(db, u.id, hash, false, now);
    // Every session of the account ends, this one included: the caller signs it in again under a new id,
    // so a stolen cookie dies when its owner changes the password.
    endSessions(db, u.id);
    recordAudit(db, { at: now, actor: u.username, action: 'password-change', targetKind: 'users', targetId: u.id, summary: '修改密码' });
  });
  return { ok: true, value: null };
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * A hash of a random password at the configured cost, made once per cost: verified in place of an
 * unknown account's hash, so that a login with an unknown name takes as long as one with a known name.
 */
export function dummyHash(logN: number): Promise<string> {
  let h = dummyHashes.get(logN);
  if (!h) dummyHashes.set(logN, (h = hashPassword(generatePassword(), logN)));
  return h;
}

/** The active account with this name and password, or undefined; the same work whether the name exists or not. */
export async function authenticate(db: Db, username: string, password: string, logN: number): Promise<User | undefined> {
  const user = username ? findUserByName(db, username) : undefined;
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash(logN)));
  return user && user.active && ok ? user : undefined;
}

export function setAccountActive(db: Db, id: number, active: boolean, by: User, now: string): Result<null> {
  authorize(db, by, 'users', id, 'write');
  const u = findUser(db, id)!;
  if (u.id === by.id) return { ok: false, message: '不能停用自己的账号' };
  inTransaction(db, () => {
    setUserActive(db, id, active);
    if (!active) endSessions(db, id);
    recordAudit(db, { at: now, actor: by.username, action: active ? 'reactivate' : 'deactivate', targetKind: 'users', targetId: id, summary: `${active ? '启用' : '停用'}账号 ${u.username}` });
  });
  return { ok: true, value: null };
}

/** A new private calendar address for an inspector; the old one stops working. */
export function renewCalendarToken(db: Db, u: User, now: string): string {
  const token = crypto.randomBytes(24).toString('base64url');
  inTransaction(db, () => {
    setCalendarToken(db, u.id, token);
    recordAudit(db, { at: now, actor: u.username, action: 'calendar-token', targetKind: 'users', targetId: u.id, summary: '生成日历订阅地址（旧地址失效）' });
  });
  return token;
}

export function recordLogin(db: Db, u: User, now: string): void {
  recordAudit(db, { at: now, actor: u.username, action: 'login', targetKind: 'users', targetId: u.id, summary: '登录' });
}
