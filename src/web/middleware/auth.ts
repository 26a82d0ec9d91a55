// Who may use a route: loads the signed-in account and guards routes by role.
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../store/db';
import { findUser, type Role, type User } from '../../store/users';
import { Forbidden } from '../errors';
import { paths } from '../paths';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export function loadUser(db: Db) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = req.session?.userId;
    if (id !== undefined) {
      const u = findUser(db, id);
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
