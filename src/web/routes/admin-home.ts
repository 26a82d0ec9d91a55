// The staff start page: the registers at a glance.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { DIRECTORIES } from '../../domain/directories';
import { sendPage } from '../page';
import { paths } from '../paths';
import { departmentScope } from './directories';

export function adminHomeRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const cards = (['items', 'entities', 'inspectors'] as const).map((kind) => {
      const c = deps.stores[kind].count({ active: 'active', departmentId: departmentScope(req, kind) }, 10_000_000);
      return { kind, title: DIRECTORIES[kind].title, count: c.count, href: paths.directory(kind), importHref: paths.importForm(kind) };
    });
    sendPage(deps, req, res, 'admin/home', { title: '工作台', cards });
  });
  return r;
}
