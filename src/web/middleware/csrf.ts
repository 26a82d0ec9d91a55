// CSRF protection: a per-session secret token, required in every form that changes anything.
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Forbidden } from '../errors';

declare module 'express-session' {
  interface SessionData {
    csrf?: string;
    userId?: number;
    flash?: { kind: 'ok' | 'error'; text: string };
  }
}

export function csrfToken(req: Request): string {
  if (!req.session.csrf) req.session.csrf = crypto.randomBytes(24).toString('base64url');
  return req.session.csrf;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Checks the token of a request that has a parsed body (urlencoded, or multipart after its parser ran). */
export function verifyCsrf(req: Request, _res: Response, next: NextFunction): void {
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  const expected = req.session?.csrf;
  if (typeof sent !== 'string' || !expected || !same(sent, expected)) {
    return next(new Forbidden('表单已过期或来源无效（CSRF 校验失败），请返回刷新页面后重试'));
  }
  next();
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every unsafe request is checked here, except multipart uploads on the routes listed in
 * `uploadPaths`, which check the token themselves right after their body parser. A multipart
 * request to any other path is refused, so no route can be reached without a token.
 */
export function csrfGuard(uploadPaths: readonly (string | RegExp)[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) return next();
    if (req.is('multipart/form-data')) {
      if (uploadPaths.some((p) => (typeof p === 'string' ? p === req.path : p.test(req.path)))) return next();
      return next(new Forbidden('不接受此上传'));
    }
    verifyCsrf(req, res, next);
  };
}
