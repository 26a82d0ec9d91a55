// Reading a request: the register named in the URL, whole-number parameters, a list's filter.
import type { Request } from 'express';
import type { AppDeps } from './deps';
import { DIRECTORIES, isDirectoryKind, type DirectoryKind } from '../domain/directories';
import type { ListFilter } from '../services';
import { NotFound } from './errors';

export function kindOf(req: Request): DirectoryKind {
  const k = String(req.params.kind);
  if (!isDirectoryKind(k)) throw new NotFound();
  return k;
}

export function intParam(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) return undefined;
  return Number(v);
}

/** Department admins see and write only their own department's items and inspectors. */
export function departmentScope(req: Request, kind: DirectoryKind): number | undefined {
  if (!DIRECTORIES[kind] || kind === 'entities') return undefined;
  if (req.user?.departmentId != null) return req.user.departmentId;
  return intParam(req.query.department);
}

export function listFilter(req: Request, deps: AppDeps, kind: DirectoryKind): ListFilter {
  const store = deps.services.registers[kind];
  const eq: Record<string, string> = {};
  for (const f of store.t.filters) {
    const v = req.query[f];
    if (typeof v === 'string' && v !== '') eq[f] = v;
  }
  const active = req.query.active === 'inactive' || req.query.active === 'all' ? req.query.active : 'active';
  const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
  return { q: q || undefined, eq, active, departmentId: departmentScope(req, kind) };
}


/** The record id of a route's `:id` (digits only), or NotFound. */
export function idParam(req: Request): number {
  const id = String(req.params.id);
  if (!/^\d{1,12}$/.test(id)) throw new NotFound();
  return Number(id);
}

/** A form field that may come once, many times (checkboxes) or not at all, as its values. */
export function formList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
}

/** A form field of record ids (checkboxes), the ones that are ids. */
export function formIds(v: unknown): number[] {
  return formList(v).filter((x) => /^\d{1,12}$/.test(x)).map(Number);
}

/** The site's public address for links that leave the site (QR codes): configured, or the request's own. */
export function publicBase(req: Request, deps: AppDeps): string {
  return deps.config.publicUrl || `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
