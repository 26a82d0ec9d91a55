// Who may use a route: loads the signed-in account and guards routes by role.
import type { NextFunction, Request, Response } from 'express';
import type { Role, User } from '../../services';
import { Forbidden } from '../errors';
import { paths } from '../paths';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export function loadUser(findUser: (id: number) => User | undefined) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = req.session?.userId;
    if (id !== undefined) {
      const u = findUser(id);
      if (u && u.active) req.user = u;
      else delete req.session.userId;
    }
    next();
  };
}

/** Signed-out visitors go to the login page (GET) or are refused (anything else). */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      if (req.method === 'GET') return res.redirect(303, paths.login + '?next=' + encodeURIComponent(req.originalUrl));
      return res.status(401).type('text/plain; charset=utf-8').send('请先登录');
    }
    if (!roles.includes(req.user.role)) return next(new Forbidden());
    next();
  };
}
