// Renders a page with what every page needs: the account, the CSRF token, the flash message.
import type { Request, Response } from 'express';
import type { AppDeps } from './deps';
import { csrfToken } from './middleware/csrf';
import { paths } from './paths';

export function flash(req: Request, kind: 'ok' | 'error', text: string): void {
  req.session.flash = { kind, text };
}

export function sendPage(deps: AppDeps, req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200, layout = 'staff'): void {
  const message = req.session?.flash;
  if (message) delete req.session.flash;
  const html = deps.render(
    view,
    // Public pages have no forms that change anything and run without sessions: no token, no cookie.
    { ...data, user: req.user, csrf: req.session && layout !== 'public' ? csrfToken(req) : '', flash: message, paths, isAdmin: req.user?.role === 'admin' },
    layout,
  );
  res.status(status).type('html').send(html);
}
