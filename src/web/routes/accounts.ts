// Accounts: admins create and reset them (the one-time password is shown on the response page only);
// everyone changes their own password; a forced change comes before any other page.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../deps';
import { MIN_PASSWORD, ROLE_TEXT, type Role } from '../../services';
import { requireRole } from '../middleware/auth';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';

export const PASSWORD_PATH = paths.password;

/** With a one-time password, every page but the change form (and logout) waits until it is changed. */
export function forcePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || req.path === PASSWORD_PATH || req.path === paths.logout || req.path.startsWith(paths.staticFiles + '/')) return next();
  if (req.method === 'GET') return res.redirect(303, PASSWORD_PATH);
  res.status(403).type('text/plain; charset=utf-8').send('请先修改初始密码');
}

export function accountRoutes(deps: AppDeps): Router {
  const r = Router();
  const admin = requireRole('admin');
  const anyone = requireRole('admin', 'inspector', 'auditor');
  const now = () => deps.clock.now().toISOString();

  const listPage = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const depts = deps.services.listDepartments();
    const users = deps.services.listUsers(req.user!.departmentId ?? undefined).map((u) => ({
      ...u, roleText: ROLE_TEXT[u.role], department: depts.find((d) => d.id === u.departmentId)?.name ?? '全部部门', self: u.id === req.user!.id,
    }));
    sendPage(deps, req, res, 'admin/users', { title: '账号管理', users, roles: Object.entries(ROLE_TEXT).map(([v, label]) => ({ v, label })), departments: depts, chooseDepartment: req.user!.departmentId == null, ...extra }, status);
  };

  r.get(pattern('users'), admin, (req, res) => listPage(req, res));

  r.post(pattern('newUser'), admin, async (req, res) => {
    const b = req.body as Record<string, string>;
    const departmentId = req.user!.departmentId ?? (/^\d+$/.test(b.departmentId ?? '') ? Number(b.departmentId) : null);
    const result = await deps.services.createAccount({ username: b.username ?? '', displayName: b.displayName ?? '', role: b.role as Role, departmentId, certNo: b.certNo }, req.user!, deps.config.scryptLogN, now());
    if (!result.ok) return listPage(req, res, { error: result.message, values: b }, 422);
    sendPage(deps, req, res, 'admin/one-time-password', { title: '账号已创建', who: (b.username ?? '').trim().toLowerCase(), password: result.value.password });
  });

  r.post(pattern('userReset', ':id'), admin, async (req, res) => {
    const result = await deps.services.resetPassword(Number(req.params.id), req.user!, deps.config.scryptLogN, now());
    if (!result.ok) return listPage(req, res, { error: result.message }, 422);
    sendPage(deps, req, res, 'admin/one-time-password', { title: '密码已重置', who: `#${req.params.id}`, password: result.value });
  });

  for (const active of [false, true]) {
    r.post(pattern('userActive', ':id', active), admin, (req, res) => {
      const result = deps.services.setAccountActive(Number(req.params.id), active, req.user!, now());
      flash(req, result.ok ? 'ok' : 'error', result.ok ? (active ? '已启用' : '已停用，该账号已被登出') : result.message);
      res.redirect(303, paths.users);
    });
  }

  r.get(PASSWORD_PATH, anyone, (req, res) => sendPage(deps, req, res, 'account/password', { title: '修改密码', forced: !!req.user!.mustChangePassword, min: MIN_PASSWORD }));

  r.post(PASSWORD_PATH, anyone, async (req, res, next) => {
    const b = req.body as Record<string, string>;
    const result = await deps.services.changePassword(req.user!, b.current ?? '', b.next ?? '', b.repeat ?? '', deps.config.scryptLogN, now());
    if (!result.ok) return sendPage(deps, req, res, 'account/password', { title: '修改密码', error: result.message, forced: !!req.user!.mustChangePassword, min: MIN_PASSWORD }, 422);
    // The service ended every session of the account; this one continues under a new id.
    const { id, role } = req.user!;
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = id;
      flash(req, 'ok', '密码已修改，其他设备上的登录已全部退出');
      req.session.save((e) => (e ? next(e) : res.redirect(303, role === 'inspector' ? paths.me : paths.admin)));
    });
  });
  return r;
}
