// Sign in and out. Login attempts are rate-limited per client address.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../deps';
import { dummyHash } from '../../services';
import { sendPage } from '../page';
import { paths } from '../paths';

/** Only same-site paths may be returned to after login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) ? next : paths.home;
}

export function authRoutes(deps: AppDeps): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: deps.config.loginLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      sendPage(deps, req, res, 'auth/login', { title: '登录', error: '登录尝试过于频繁，请15分钟后再试', next: safeNext(req.body?.next) }, 429, 'plain');
    },
  });

  // Made now, so that the first login with an unknown name does not take the time of making it.
  void dummyHash(deps.config.scryptLogN);

  r.get(paths.login, (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    sendPage(deps, req, res, 'auth/login', { title: '登录', next: safeNext(req.query.next) }, 200, 'plain');
  });

  r.post(paths.login, limiter, async (req, res, next) => {
    const username = String(req.body.username ?? '').trim();
    const password = String(req.body.password ?? '');
    const user = await deps.services.authenticate(username, password, deps.config.scryptLogN);
    if (!user) {
      return sendPage(deps, req, res, 'auth/login', { title: '登录', error: '用户名或密码错误', username, next: safeNext(req.body.next) }, 401, 'plain');
    }
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = user.id;
      deps.services.recordLogin(user, deps.clock.now().toISOString());
      req.session.save((e) => (e ? next(e) : res.redirect(303, safeNext(req.body.next))));
    });
  });

  r.post(paths.logout, (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.clearCookie('ssj.sid').redirect(303, paths.login)));
  });
  return r;
}
