// The PDFs of an inspection and of a draw (src/documents), for those who may have them: the team of
// the inspection (inspectors and its experts) and staff who may read the draw. `base` is the site's
// public address the QR codes point to (config.publicUrl, or the address the request came to).
import type { Db } from '../store/db';
import type { User } from '../store/users';
import { assignment, resultsOf, type Assignment } from '../store/results';
import { getDraw, getTask, drawSelectionEntityIds, drawSelectionsPage, drawSummary, taskItems, type TaskRow } from '../store/tasks';
import { inspectorIdentities } from '../store/draw-population';
import { listDepartments } from '../store/departments';
import { getFollowUp } from '../store/follow-ups';
import { drawRecord, inspectionNotice, inspectionNotices, inspectionRecord, resultsNotice, type InspectionDoc, type RecordedResult, type ResultsNoticeDoc } from '../documents/documents';
import { parseCheckpoints } from '../domain/checklist';
import { outcomeText } from '../domain/follow-up';
import { chinaDateTime, chinaDay } from '../domain/dates';
import { CREDIT_CLASS_NAMES } from '../domain/directories';
import { WHOLE_POPULATION } from '../domain/strata';
import { authorize } from './access';
import { dueDate } from './disclosure';
import { myAssignment } from './results';
import { BadRequest, NotFound } from './errors';

/** How many of a draw's selections its printed record lists (the rest are on the public page). */
export const DRAW_RECORD_ROWS = 2000;

/** The task's departments, the lead first (落款 and credits). */
export function departmentsOf(db: Db, t: Pick<TaskRow, 'departmentId' | 'jointDepartments'>): string[] {
  const names = new Map(listDepartments(db).map((d) => [d.id, d.name]));
  return [t.departmentId, ...t.jointDepartments].map((id) => names.get(id) ?? '');
}

/**
 * The inspection for this account: an inspector (or expert) of its team, or staff who may read its
 * draw (authorize). Anyone else gets NotFound, as on the portal.
 */
export function inspectionFor(db: Db, by: User, drawId: number, entityId: number): Assignment {
  if (by.role === 'inspector') {
    const a = myAssignment(db, by, drawId, entityId);
    if (!a) throw new NotFound('没有这项检查任务，或它不是分配给您的');
    return a;
  }
  authorize(db, by, 'draws', drawId, 'read');
  const a = assignment(db, drawId, entityId);
  if (!a) throw new NotFound('该企业不在这次抽取中');
  return a;
}

/** What the documents of one task share: its departments and items (read once for a whole draw's notices). */
type TaskPart = Pick<InspectionDoc, 'departments' | 'items'>;

/** The task's part of its documents, and its items' codes by id (to place each result under its item). */
function taskPart(db: Db, taskId: number): { shared: TaskPart; codes: Map<number, string> } {
  const items = taskItems(db, taskId);
  return {
    shared: {
      departments: departmentsOf(db, getTask(db, taskId)!),
      items: items.map((i) => ({ code: i.code, name: i.name, methods: i.methods, basis: i.basis, checkpoints: parseCheckpoints(i.checkpoints) })),
    },
    codes: new Map(items.map((i) => [i.id, i.code])),
  };
}

function inspectionDoc(db: Db, a: Assignment, base: string, today: string, shared: TaskPart): InspectionDoc {
  const ids = inspectorIdentities(db, [...a.inspectorIds, ...a.expertIds]);
  return {
    ...shared, taskNumber: a.taskNumber, taskTitle: a.taskTitle,
    entity: { name: a.entityName, uscc: a.uscc, address: a.address, legalRep: a.legalRep, liaison: a.liaison, liaisonPhone: a.liaisonPhone },
    from: chinaDay(a.drawnAt), due: dueDate(a),
    // 组长: the first inspector picked (docs/draw-protocol.md).
    team: a.inspectorIds.map((id, k) => ({ ...ids.get(id)!, leader: k === 0 })), experts: a.expertIds.map((id) => ids.get(id)!),
    issuedOn: today, publicUrl: base + `/public/tasks/${a.taskId}`,
  };
}

function recordedResults(db: Db, a: Assignment, codes: Map<number, string>): RecordedResult[] {
  return resultsOf(db, a.drawId, a.entityId).map((r) => {
    const f = getFollowUp(db, r.id);
    return {
      itemCode: codes.get(r.itemId) ?? '', category: r.category, inspectedOn: r.inspectedOn, method: r.method, findings: r.findings, followUp: r.followUp, status: r.status,
      answers: JSON.parse(r.answers) as { answer: string; note: string }[],
      outcome: f ? outcomeText(f) || `${f.state}（整改期限 ${f.deadline}）` : '',
    };
  });
}

export type PdfFile = { name: string; pdf: Buffer };

const noticeFile = async (d: InspectionDoc): Promise<PdfFile> => ({ name: `检查通知书-${d.taskNumber}-${d.entity.uscc}.pdf`, pdf: await inspectionNotice(d) });

async function recordFile(db: Db, a: Assignment, d: InspectionDoc, codes: Map<number, string>): Promise<PdfFile> {
  return { name: `检查记录表-${d.taskNumber}-${d.entity.uscc}.pdf`, pdf: await inspectionRecord(d, recordedResults(db, a, codes)) };
}

export async function noticePdf(db: Db, by: User, drawId: number, entityId: number, base: string, today: string): Promise<PdfFile> {
  const a = inspectionFor(db, by, drawId, entityId);
  return noticeFile(inspectionDoc(db, a, base, today, taskPart(db, a.taskId).shared));
}

export async function recordPdf(db: Db, by: User, drawId: number, entityId: number, base: string, today: string): Promise<PdfFile> {
  const a = inspectionFor(db, by, drawId, entityId);
  const { shared, codes } = taskPart(db, a.taskId);
  return recordFile(db, a, inspectionDoc(db, a, base, today, shared), codes);
}

/** The three documents of an inspection that go into its case file (the caller has checked access). */
export async function caseDocuments(db: Db, a: Assignment, base: string, today: string): Promise<{ path: string; bytes: Buffer }[]> {
  const { shared, codes } = taskPart(db, a.taskId);
  const d = inspectionDoc(db, a, base, today, shared);
  return [
    { path: 'documents/检查通知书.pdf', bytes: (await noticeFile(d)).pdf },
    { path: 'documents/检查记录表.pdf', bytes: (await recordFile(db, a, d, codes)).pdf },
    { path: 'documents/随机抽取记录.pdf', bytes: (await drawRecordFile(db, a.drawId, base, today)).pdf },
  ];
}

/** How many notices one file of a draw's notices holds (a larger draw is printed from each inspection). */
export const NOTICES_PER_FILE = 500;

/** Every 检查通知书 of a draw in one file, in draw order, for staff who may read the draw. */
export async function drawNoticesPdf(db: Db, by: Pick<User, 'departmentId'>, drawId: number, base: string, today: string): Promise<PdfFile> {
  authorize(db, by, 'draws', drawId, 'read');
  const d = getDraw(db, drawId)!;
  const t = getTask(db, d.taskId)!;
  const total = drawSummary(d).selected;
  if (total > NOTICES_PER_FILE) throw new BadRequest(`本次抽取了 ${total} 户，超过一次打印的上限（${NOTICES_PER_FILE} 份）；请从检查结果或检查人员的任务页面逐户打印`);
  const { shared } = taskPart(db, t.id);
  const docs = drawSelectionEntityIds(db, drawId).map((entityId) => inspectionDoc(db, assignment(db, drawId, entityId)!, base, today, shared));
  return { name: `检查通知书-${t.number}-全部${docs.length}份.pdf`, pdf: await inspectionNotices(docs) };
}

/** The 摇号记录 of a draw, for staff who may read it. */
export async function drawRecordPdf(db: Db, by: Pick<User, 'departmentId'>, drawId: number, base: string, today: string): Promise<PdfFile> {
  authorize(db, by, 'draws', drawId, 'read');
  return drawRecordFile(db, drawId, base, today);
}

async function drawRecordFile(db: Db, drawId: number, base: string, today: string): Promise<PdfFile> {
  const d = getDraw(db, drawId)!;
  const t = getTask(db, d.taskId)!;
  const s = drawSummary(d);
  const rows = drawSelectionsPage(db, drawId, DRAW_RECORD_ROWS);
  const people = inspectorIdentities(db, [...new Set(rows.flatMap((r) => [...r.inspectorIds, ...r.expertIds]))]);
  const who = (id: number) => `${people.get(id)?.name ?? ''}（${people.get(id)?.certNo ?? ''}）`;
  const pdf = await drawRecord({
    departments: departmentsOf(db, t), taskNumber: t.number, taskTitle: t.title, items: taskItems(db, t.id).map((i) => `${i.name}（${i.code}）`),
    protocol: s.beacon ? 'ssj-draw/2' : 'ssj-draw/1', commitment: s.seed.commitment, committedAt: chinaDateTime(s.seed.committedAt),
    beacon: s.beacon ?? null, entropy: s.seed.entropy, seed: s.seed.value, drawnAt: chinaDateTime(d.drawnAt), drawnBy: d.drawnBy,
    inputsHash: s.inputsHash, bundleHash: d.bundleHash, eligible: s.eligible, pool: s.pool,
    strata: s.strata.map((x) => ({ label: CREDIT_CLASS_NAMES[x.key] ?? (x.key === WHOLE_POPULATION ? '全部' : x.key), population: x.eligible, selected: x.selected })),
    witnesses: d.witnesses.map((w) => w.name),
    selected: rows.map((r) => ({
      uscc: r.uscc, name: r.name,
      team: r.inspectorIds.map((id, k) => who(id) + (k === 0 ? '组长' : '')).join('、') + (r.expertIds.length ? `；专家 ${r.expertIds.map(who).join('、')}` : ''),
    })),
    total: s.selected, issuedOn: today, publicUrl: base + `/public/tasks/${t.id}`,
    voided: d.voidReason,
  });
  return { name: `随机抽取记录-${t.number}-${drawId}.pdf`, pdf };
}

/** The 抽查结果公告 of a task; `rows` are the published results as the public pages show them. */
export async function resultsNoticePdf(db: Db, taskId: number, rows: ResultsNoticeDoc['rows'], base: string, today: string): Promise<PdfFile> {
  const t = getTask(db, taskId);
  if (!t) throw new NotFound('抽查任务不存在');
  const pdf = await resultsNotice({ departments: departmentsOf(db, t), taskNumber: t.number, taskTitle: t.title, rows, issuedOn: today, publicUrl: base + `/public/tasks/${t.id}` });
  return { name: `抽查结果公告-${t.number}.pdf`, pdf };
}
