// The services the web layer receives (createApp(deps).services): every use case and every read a
// page needs, bound to the database, so that no route holds a connection or imports the store.
// Built once in the composition root (main.ts) and by the tests' server.
import { openDb, type Db } from '../store/db';
import { SqliteSessionStore } from '../store/session-store';
import { getOrCreateSecret } from '../store/settings';
import type { Clock } from '../clock';
import * as audit from '../store/audit';
import * as bundlePieces from '../store/bundle-pieces';
import * as calendarStore from '../store/calendar';
import * as departments from '../store/departments';
import * as derived from '../store/derived';
import * as population from '../store/draw-population';
import * as importsStore from '../store/imports';
import * as publicStore from '../store/public';
import * as resultsStore from '../store/results';
import * as schedulesStore from '../store/schedules';
import * as statistics from '../store/statistics';
import * as tasksStore from '../store/tasks';
import * as users from '../store/users';
import * as access from './access';
import * as accounts from './accounts';
import * as calendar from './calendar';
import * as disclosure from './disclosure';
import * as draws from './draws';
import * as plans from './plans';
import * as recusals from './recusals';
import * as results from './results';
import * as scheduler from './scheduler';
import * as taskSettings from './task-settings';
import * as imports from './imports';
import * as statisticsService from './statistics';
import { backgroundSettled, commitInBackground, drawInBackground, previewInBackground, revealInBackground } from './background';
import * as drawsV2 from './draws-v2';
import * as register from './register';
import * as registerStore from '../store/register';
import { fetchBeaconOfTask } from './beacons';
import { DirectoryService } from './directory';
import type { DirectoryKind } from '../domain/directories';
import * as listsStore from '../store/special-lists';
import * as lists from './special-lists';
import * as tasks from './tasks';
import * as evidence from './evidence';
import * as caseFiles from './case-file';
import * as documents from './documents';
import * as departmentSettings from './department-settings';
import * as followUps from './follow-ups';
import * as followUpsStore from '../store/follow-ups';
import * as certificates from '../store/certificates';
import * as estimate from './estimate';
import type { DirectoryStore } from '../store/directory-store';

type Bound<F> = F extends (db: Db, ...args: infer A) => infer R ? (...args: A) => R : never;

function bind<T extends Record<string, (db: Db, ...args: never[]) => unknown>>(db: Db, fns: T): { [K in keyof T]: Bound<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fns)) out[k] = (...args: unknown[]) => (f as (db: Db, ...a: unknown[]) => unknown)(db, ...args);
  return out as { [K in keyof T]: Bound<T[K]> };
}

export function createServices(db: Db, dbFile: string, registers: Record<DirectoryKind, DirectoryStore>, clock: Clock) {
  return {
    /**
     * The session store, on a connection of its own without a busy timeout: its writes retry later
     * while a draw or an import holds the write lock, instead of stopping the server's thread.
     */
    sessions: (ttlMs: number) => new SqliteSessionStore(db.memory ? db : openDb(db.name, { busyTimeoutMs: 0 }), clock, ttlMs),
    sessionSecret: () => getOrCreateSecret(db, 'session-secret'),
    ...bind(db, {
      // reads
      assignmentsOf: resultsStore.assignmentsOf, resultsOf: resultsStore.resultsOf, resultsForReview: resultsStore.resultsForReview,
      unpublishedResults: resultsStore.unpublishedResults,
      auditFacets: audit.auditFacets, listAudit: audit.listAudit, verifyAuditLog: audit.verifyAuditLog, auditFor: audit.auditFor,
      calendarTokenOf: users.calendarTokenOf, findUserByCalendarToken: users.findUserByCalendarToken, listUsers: users.listUsers,
      calendarYear: calendarStore.calendarYear, yearKnown: calendarStore.yearKnown, loadCalendar: calendarStore.loadCalendar,
      committedTaskCount: tasksStore.committedTaskCount, drawsOfTask: tasksStore.drawsOfTask, getDraw: tasksStore.getDraw,
      publishedCommitment: tasksStore.publishedCommitment, taskItems: tasksStore.taskItems, teamInDraw: tasksStore.teamInDraw, getTask: tasksStore.getTask,
      listTasks: tasksStore.listTasks, itemChoices: tasksStore.itemChoices, drawLoads: tasksStore.drawLoads, drawSelectionsPage: tasksStore.drawSelectionsPage,
      taskHoldsList: tasksStore.taskHoldsList,
      coverage: statistics.coverage, inspectorLoads: statistics.inspectorLoads, inspectorNames: statistics.inspectorNames, summariesOfYear: statistics.summariesOfYear,
      generation: derived.generation,
      getJob: importsStore.getJob, jobErrorCount: importsStore.jobErrorCount, jobErrors: importsStore.jobErrors, recentJobs: importsStore.recentJobs,
      getSchedule: schedulesStore.getSchedule, listPlans: schedulesStore.listPlans, listSchedules: schedulesStore.listSchedules, occurrenceViews: schedulesStore.occurrenceViews,
      inspectorIdentities: population.inspectorIdentities, recusalsOf: population.recusalsOf, entityByUscc: population.entityByUscc,
      listDepartments: departments.listDepartments, keepsPhotoLocation: departments.keepsPhotoLocation, setPhotoLocation: departmentSettings.setPhotoLocation, findUser: users.findUser,
      certificatesEndingBefore: certificates.certificatesEndingBefore, expertFields: certificates.expertFields, inspectorFields: certificates.inspectorFields, teamCertificatesEndingBefore: certificates.teamCertificatesEndingBefore,
      publicItems: publicStore.publicItems, resultsForExport: publicStore.resultsForExport, publicInspectors: publicStore.publicInspectors, publicSelections: publicStore.publicSelections, publicTask: publicStore.publicTask, publicTasks: publicStore.publicTasks,
      publishedResults: publicStore.publishedResults, publishedResultsOfTask: publicStore.publishedResultsOfTask, searchPublic: publicStore.searchPublic,
      storedStratum: bundlePieces.storedStratum, bundleByteLength: bundlePieces.bundleByteLength, bundlePieces: bundlePieces.bundlePieces,
      listReleased: disclosure.listReleased,
      listsOf: listsStore.listsOf, getList: listsStore.getList, memberCounts: listsStore.memberCounts, memberPage: listsStore.memberPage, itemScope: listsStore.itemScope,
      // use cases
      authorize: access.authorize,
      addRecusalOf: recusals.addRecusalOf, removeRecusalOf: recusals.removeRecusalOf,
      authenticate: accounts.authenticate, recordLogin: accounts.recordLogin, changePassword: accounts.changePassword, createAccount: accounts.createAccount,
      resetPassword: accounts.resetPassword, setAccountActive: accounts.setAccountActive, renewCalendarToken: accounts.renewCalendarToken,
      clearCalendarDay: calendar.clearCalendarDay, setCalendarDays: calendar.setCalendarDays,
      correctApproved: results.correctApproved, reviewResult: results.reviewResult, myAssignment: results.myAssignment, submitResult: results.submitResult,
      createList: lists.createList, checkMemberFile: lists.checkMemberFile, importMembers: lists.importMembers, setScope: lists.setScope,
      takeFollowUpStep: followUps.takeFollowUpStep, getFollowUp: followUpsStore.getFollowUp, followUpSteps: followUpsStore.followUpSteps, openFollowUps: followUpsStore.openFollowUps,
      noticePdf: documents.noticePdf, recordPdf: documents.recordPdf, drawRecordPdf: documents.drawRecordPdf, drawNoticesPdf: documents.drawNoticesPdf, resultsNoticePdf: documents.resultsNoticePdf,
      caseFile: caseFiles.caseFile, attachmentFor: evidence.attachmentFor, withdrawEvidence: evidence.withdrawEvidence, attachmentsOf: evidence.attachmentsOf,
      createPlan: plans.createPlan, updatePlan: plans.updatePlan, movePlan: plans.movePlan,
      getPlan: schedulesStore.getPlan, planItems: schedulesStore.planItems, tasksOfPlan: schedulesStore.tasksOfPlan, setScheduleRunning: plans.setScheduleRunning, createSchedule: scheduler.createSchedule, upcomingOccurrences: scheduler.upcomingOccurrences,
      estimatePopulation: estimate.estimatePopulation, createTask: draws.createTask, updateTask: tasks.updateTask, cancelTask: tasks.cancelTask, commitTask: draws.commitTask, voidDraw: draws.voidDraw,
      setBeacon: drawsV2.setBeacon, withdrawCommitment: drawsV2.withdrawCommitment, voidDrawV2: drawsV2.voidDrawV2,
      openCommitmentV2: registerStore.openCommitmentV2, registerRowsOfTask: registerStore.registerRowsOfTask, registerRowsOfDepartment: registerStore.registerRows, registerDepartments: registerStore.registerDepartments,
      publishedRegister: register.publishedRegister, checkRegister: register.checkRegister,
      excludeEntity: taskSettings.excludeEntity, setHoldList: taskSettings.setHoldList, setPublishTeams: taskSettings.setPublishTeams,
      taskPublishesTeams: tasksStore.taskPublishesTeams, teamNames: tasksStore.teamNames,
      cancelImport: imports.cancelImport, pruneUploads: imports.pruneUploads,
      yearFigures: statisticsService.yearFigures, assignmentState: results.assignmentState,
    }),
    attachEvidence: (...a: Parameters<typeof evidence.attachEvidence> extends [Db, ...infer R] ? R : never) => evidence.attachEvidence(db, ...a),
    previewImport: (p: imports.PreviewInput) => imports.previewImport(db, dbFile, p),
    commitImport: (jobId: number, skipInvalid: boolean, actor: string, now: string) => imports.commitImport(db, dbFile, jobId, skipInvalid, actor, now),
    backgroundSettled,
    drawInBackground: (...a: Parameters<typeof drawInBackground> extends [string, ...infer R] ? R : never) => drawInBackground(dbFile, ...a),
    commitInBackground: (...a: Parameters<typeof commitInBackground> extends [string, ...infer R] ? R : never) => commitInBackground(dbFile, ...a),
    revealInBackground: (...a: Parameters<typeof revealInBackground> extends [string, ...infer R] ? R : never) => revealInBackground(dbFile, ...a),
    previewInBackground: (taskId: number, drawAt: Date) => previewInBackground(dbFile, taskId, drawAt),
    fetchBeaconOfTask: (taskId: number, relay: string, actor: string, now: Date) => fetchBeaconOfTask(db, taskId, relay, actor, now),
    /** The three registers (lists, records, filter menus), and their audited edits. */
    registers,
    directory: (kind: DirectoryKind) => new DirectoryService(db, registers[kind]),
  };
}

export type Services = ReturnType<typeof createServices>;

// What pages use that needs no database: rules, constants, and the types of what services return.
export { departmentScope } from './access';
export { dummyHash, MIN_PASSWORD, ROLE_TEXT } from './accounts';
export { DAY_KIND_TEXT } from './calendar';
export { dueDate } from './disclosure';
export { DEFAULT_CLASS_RULES } from './draws';
export { NOTICES_PER_FILE } from './documents';
export { beaconText, commitmentState, type BeaconChoice } from './draws-v2';
export { recordWords } from './register';
export { inspectionWindow, itemMethods } from './results';
export { parseCron } from './scheduler';
export { TASK_FILTERS } from '../store/draw-population';
export { isCodeSearch, type ListFilter } from '../store/directory-store';
export { GenerationMemo } from '../store/derived';
export { drawSummary, type DrawRow, type ClassRule, type NewTask, type TaskRow } from '../store/tasks';
export type { PublicResult, PublicTask } from '../store/public';
export type { Assignment } from '../store/results';
export type { AuditFilter } from '../store/audit';
export type { Dimension } from '../store/statistics';
export type { Role, User } from '../store/users';
