// Every URL of the site, named once.
import type { DirectoryKind } from '../domain/directories';

export const paths = {
  home: '/',
  login: '/login',
  logout: '/logout',
  admin: '/admin',
  directory: (k: DirectoryKind) => `/admin/${k}`,
  newRecord: (k: DirectoryKind) => `/admin/${k}/new`,
  record: (k: DirectoryKind, id: number) => `/admin/${k}/${id}`,
  editRecord: (k: DirectoryKind, id: number) => `/admin/${k}/${id}/edit`,
  deactivate: (k: DirectoryKind, id: number) => `/admin/${k}/${id}/deactivate`,
  reactivate: (k: DirectoryKind, id: number) => `/admin/${k}/${id}/reactivate`,
  importForm: (k: DirectoryKind) => `/admin/${k}/import`,
  exportFile: (k: DirectoryKind, ext: 'csv' | 'xlsx') => `/admin/${k}/export.${ext}`,
  importJob: (id: number) => `/admin/imports/${id}`,
  importCommit: (id: number) => `/admin/imports/${id}/commit`,
  importCancel: (id: number) => `/admin/imports/${id}/cancel`,
  importErrors: (id: number, ext: 'csv' | 'xlsx') => `/admin/imports/${id}/errors.${ext}`,
  tasks: '/admin/tasks',
  newTask: '/admin/tasks/new',
  task: (id: number) => `/admin/tasks/${id}`,
  taskSchedule: (id: number) => `/admin/tasks/${id}/schedule`,
  taskDraw: (id: number) => `/admin/tasks/${id}/draw`,
  taskExclusions: (id: number) => `/admin/tasks/${id}/exclusions`,
  drawVoid: (id: number) => `/admin/draws/${id}/void`,
  drawBundle: (id: number) => `/admin/draws/${id}/bundle.json`,
} as const;
