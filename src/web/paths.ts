// Every URL of the site that a page links to, a form posts to, or a route redirects to, named once.
// Views reach them through the `path` helper ({{path "task" id}}); routes through `paths`.
import type { DirectoryKind } from '../domain/directories';

type Id = number | string;

export const paths = {
  home: '/',
  login: '/login',
  logout: '/logout',
  password: '/account/password',
  staticFiles: '/static',
  stylesheet: '/static/style.css',
  verifier: '/static/verifier/index.html',
  // staff
  admin: '/admin',
  directory: (k: DirectoryKind) => `/admin/${k}`,
  newRecord: (k: DirectoryKind) => `/admin/${k}/new`,
  record: (k: DirectoryKind, id: Id) => `/admin/${k}/${id}`,
  editRecord: (k: DirectoryKind, id: Id) => `/admin/${k}/${id}/edit`,
  deactivate: (k: DirectoryKind, id: Id) => `/admin/${k}/${id}/deactivate`,
  reactivate: (k: DirectoryKind, id: Id) => `/admin/${k}/${id}/reactivate`,
  recusals: (inspectorId: Id) => `/admin/inspectors/${inspectorId}/recusals`,
  recusalRemove: (inspectorId: Id, entityId: Id) => `/admin/inspectors/${inspectorId}/recusals/${entityId}/remove`,
  importForm: (k: DirectoryKind) => `/admin/${k}/import`,
  exportFile: (k: DirectoryKind, ext: 'csv' | 'xlsx') => `/admin/${k}/export.${ext}`,
  importJob: (id: Id) => `/admin/imports/${id}`,
  importCommit: (id: Id) => `/admin/imports/${id}/commit`,
  importCancel: (id: Id) => `/admin/imports/${id}/cancel`,
  importErrors: (id: Id, ext: 'csv' | 'xlsx') => `/admin/imports/${id}/errors.${ext}`,
  tasks: '/admin/tasks',
  newTask: '/admin/tasks/new',
  task: (id: Id) => `/admin/tasks/${id}`,
  editTask: (id: Id) => `/admin/tasks/${id}/edit`,
  copyTask: (id: Id) => `/admin/tasks/new?copy=${id}`,
  taskCancel: (id: Id) => `/admin/tasks/${id}/cancel`,
  taskSchedule: (id: Id) => `/admin/tasks/${id}/schedule`,
  taskDraw: (id: Id) => `/admin/tasks/${id}/draw`,
  taskExclusions: (id: Id) => `/admin/tasks/${id}/exclusions`,
  taskHold: (id: Id) => `/admin/tasks/${id}/hold`,
  taskPublishTeams: (id: Id) => `/admin/tasks/${id}/publish-teams`,
  taskRecurring: (id: Id) => `/admin/tasks/${id}/recurring`,
  taskBeacon: (id: Id) => `/admin/tasks/${id}/beacon`,
  taskWithdraw: (id: Id) => `/admin/tasks/${id}/withdraw`,
  taskPreview: (id: Id) => `/admin/tasks/${id}/preview`,
  drawVoid: (id: Id) => `/admin/draws/${id}/void`,
  drawBundle: (id: Id) => `/admin/draws/${id}/bundle.json`,
  lists: '/admin/lists',
  list: (id: Id) => `/admin/lists/${id}`,
  listImport: (id: Id) => `/admin/lists/${id}/import`,
  listImportCommit: (id: Id, token: string) => `/admin/lists/${id}/import/${token}`,
  itemScope: (id: Id) => `/admin/items/${id}/scope`,
  plans: '/admin/plans',
  newPlan: '/admin/plans/new',
  plan: (id: Id) => `/admin/plans/${id}`,
  planMove: (id: Id, event: string) => `/admin/plans/${id}/${event}`,
  schedule: (id: Id) => `/admin/schedules/${id}`,
  scheduleActive: (id: Id, active: boolean) => `/admin/schedules/${id}/${active ? 'reactivate' : 'deactivate'}`,
  results: '/admin/results',
  resultsIn: (status: string) => `/admin/results?status=${encodeURIComponent(status)}`,
  resultAction: (id: Id, action: 'approve' | 'return' | 'publish' | 'correct') => `/admin/results/${id}/${action}`,
  resultsBulk: '/admin/results/bulk',
  resultFollowUp: (id: Id) => `/admin/results/${id}/follow-up`,
  followUps: '/admin/follow-ups',
  caseFile: (drawId: Id, entityId: Id) => `/admin/cases/${drawId}/${entityId}.zip`,
  drawRecordPdf: (drawId: Id) => `/admin/draws/${drawId}/record.pdf`,
  // printed documents of an inspection, for its team and for staff
  noticePdf: (drawId: Id, entityId: Id) => `/documents/${drawId}/${entityId}/notice.pdf`,
  recordPdf: (drawId: Id, entityId: Id) => `/documents/${drawId}/${entityId}/record.pdf`,
  resultsExport: (ext: 'csv' | 'xlsx', year?: string) => `/admin/results/export.${ext}${year ? `?year=${year}` : ''}`,
  deadlines: '/admin/results/deadlines',
  statistics: '/admin/statistics',
  audit: '/admin/audit',
  users: '/admin/users',
  newUser: '/admin/users/new',
  userReset: (id: Id) => `/admin/users/${id}/reset`,
  userActive: (id: Id, active: boolean) => `/admin/users/${id}/${active ? 'reactivate' : 'deactivate'}`,
  calendar: '/admin/calendar',
  calendarYear: (year: Id) => `/admin/calendar?year=${year}`,
  calendarClear: (day: string) => `/admin/calendar/${day}/clear`,
  // inspectors
  me: '/me',
  meCalendar: '/me/calendar',
  assignment: (drawId: Id, entityId: Id) => `/me/assignments/${drawId}/${entityId}`,
  assignmentSheet: (drawId: Id, entityId: Id) => `/me/assignments/${drawId}/${entityId}/sheet`,
  assignmentItem: (drawId: Id, entityId: Id, itemId: Id) => `/me/assignments/${drawId}/${entityId}/items/${itemId}`,
  assignmentAttach: (drawId: Id, entityId: Id, itemId: Id) => `/me/assignments/${drawId}/${entityId}/items/${itemId}/attachments`,
  attachment: (id: Id) => `/attachments/${id}`,
  calendarFeed: (token: string) => `/calendar/${token}.ics`,
  // the public
  publicHome: '/public',
  publicItems: '/public/items',
  publicInspectors: '/public/inspectors',
  publicPlans: '/public/plans',
  publicTasks: '/public/tasks',
  publicTask: (id: Id) => `/public/tasks/${id}`,
  publicTaskPage: (id: Id, page: number) => (page <= 1 ? `/public/tasks/${id}` : `/public/tasks/${id}/p/${page}`),
  publicBundle: (drawId: Id) => `/public/draws/${drawId}/bundle.json`,
  publicListCsv: (drawId: Id) => `/public/draws/${drawId}/list.csv`,
  publicResultsPdf: (taskId: Id) => `/public/tasks/${taskId}/results.pdf`,
  publicResults: '/public/results',
  publicSearch: '/public/search',
  publicCheck: '/public/check',
  publicStatistics: '/public/statistics',
  publicRegister: (dept: string) => `/public/register/${dept}`,
  publicRegisterJson: (dept: string) => `/public/register/${dept}.json`,
  publicProjector: (taskId: Id) => `/public/tasks/${taskId}/projector`,
} as const;

export type PathName = keyof typeof paths;

/**
 * The route pattern of a named path, for the route that answers it: its builder called with Express
 * placeholders (`pattern('task', ':id')` is '/admin/tasks/:id'), so a URL is spelt once, here.
 */
export function pattern(name: PathName, ...params: unknown[]): string {
  const p: unknown = paths[name];
  return typeof p === 'function' ? String(p(...params)) : String(p);
}
