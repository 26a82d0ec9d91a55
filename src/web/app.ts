// Builds the express app from its dependencies: no listen(), no module state.
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import session from 'express-session';
import type { AppDeps } from './deps';
import { projectRoot } from '../root';
import { loadUser, requireRole } from './middleware/auth';
import { csrfGuard } from './middleware/csrf';
import { waitForBackgroundWrites } from './middleware/writes';
import { HttpError } from './errors';
import { authRoutes } from './routes/auth';
import { directoryRoutes } from './routes/directories';
import { importRoutes, UPLOAD_PATHS } from './routes/imports';
import { adminHomeRoutes } from './routes/admin-home';
import { taskRoutes } from './routes/tasks';
import { recusalRoutes } from './routes/recusals';
import { auditRoutes } from './routes/audit';
import { planRoutes } from './routes/plans';
import { listRoutes } from './routes/lists';
import { accountRoutes, forcePasswordChange } from './routes/accounts';
import { inspectorRoutes } from './routes/inspector';
import { documentRoutes } from './routes/documents';
import { resultAdminRoutes } from './routes/results-admin';
import { publicRoutes } from './routes/public';
import { statisticsRoutes } from './routes/statistics';
import { calendarRoutes } from './routes/calendar';
import { sendPage } from './page';
import { paths } from './paths';

const SESSION_TTL_MS = 8 * 3600 * 1000;

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          // blob: the photos of drafts kept on the phone, shown before they are sent.
          imgSrc: ["'self'", 'data:', 'blob:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: deps.config.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: deps.config.secureCookies,
    }),
  );
  // The offline app's service worker, at the root so that its scope is the site (src/client/sw.ts).
  app.get(paths.serviceWorker, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Service-Worker-Allowed', '/');
    res.type('text/javascript').sendFile(path.join(projectRoot(), 'public', 'sw.js'));
  });
  app.use(paths.staticFiles, express.static(path.join(projectRoot(), 'public'), { maxAge: '1h', index: false }));
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 2000 }));
  // Public pages need no session: mounted before it, they neither read nor set cookies.
  app.use(publicRoutes(deps));
  const store = deps.services.sessions(SESSION_TTL_MS);
  store.prune();
  app.use(
    session({
      name: 'ssj.sid',
      store,
      secret: deps.services.sessionSecret(),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: SESSION_TTL_MS },
    }),
  );
  app.use(loadUser(deps.services.findUser));
  app.use(forcePasswordChange);
  app.use(csrfGuard(UPLOAD_PATHS));
  app.use(waitForBackgroundWrites(deps.services.backgroundSettled));
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.use(statisticsRoutes(deps));
  app.use(authRoutes(deps));
  app.use(accountRoutes(deps));
  app.use(inspectorRoutes(deps));
  app.use(documentRoutes(deps));
  app.use(resultAdminRoutes(deps));
  app.use(calendarRoutes(deps));
  app.get(paths.home, (req, res) => res.redirect(303, !req.user ? paths.login : req.user.role === 'inspector' ? paths.me : paths.admin));
  // Every staff page below is for staff; the routes spell their full paths (web/paths.ts).
  app.use(paths.admin, requireRole('admin', 'auditor'));
  app.use(adminHomeRoutes(deps), taskRoutes(deps), recusalRoutes(deps), auditRoutes(deps), planRoutes(deps), listRoutes(deps), importRoutes(deps), directoryRoutes(deps));

  app.use((req, res) => sendPage(deps, req, res, 'error', { title: '页面不存在', message: '页面不存在', status: 404 }, 404, req.user ? 'staff' : 'plain'));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof HttpError ? err.status : (err as { status?: number })?.status === 413 || (err as { code?: string })?.code === 'LIMIT_FILE_SIZE' ? 413 : 500;
    const message =
      err instanceof HttpError ? err.message : status === 413 ? `上传的文件过大：导入文件不超过 ${deps.config.importMaxMb} MB，专项名录不超过 ${Math.min(64, deps.config.importMaxMb)} MB` : (err as { code?: string })?.code === 'SQLITE_BUSY' ? '系统正忙（正在导入等），请稍后重试' : '服务器内部错误，请稍后重试';
    if (status >= 500) deps.logger.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return res.end();
    sendPage(deps, req, res, 'error', { title: message, message, status }, status, req.user ? 'staff' : 'plain');
  });
  return app;
}
