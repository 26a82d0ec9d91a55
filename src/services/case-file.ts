// The electronic case file (电子案卷) of one inspection, for staff who may read its draw (the route lets staff only): the printed
// documents (检查通知书, 检查记录表, 随机抽取记录), the results with their checklists and follow-ups, the attachments, the audit entries of the inspection, and a manifest of
// SHA-256 (domain/case-file.ts), in one zip.
import AdmZip from 'adm-zip';
import type { Db } from '../store/db';
import { attachmentsOf, getAttachment } from '../store/attachments';
import { resultsOf } from '../store/results';
import { followUpSteps, getFollowUp } from '../store/follow-ups';
import { getDraw, getTask, taskItems } from '../store/tasks';
import { resultAuditEntries } from '../store/case-file';
import { MANIFEST, manifestOf } from '../domain/case-file';
import { beijingTime } from '../domain/draw-v2';
import type { User } from '../store/users';
import { caseDocuments, inspectionFor } from './documents';

/** `base` is the public address the documents' QR codes point to; `today` their date (Beijing). */
export async function caseFile(db: Db, by: User, drawId: number, entityId: number, base: string, today: string): Promise<{ name: string; zip: Buffer }> {
  const a = inspectionFor(db, by, drawId, entityId);
  const draw = getDraw(db, drawId)!;
  const entity = { name: a.entityName, uscc: a.uscc };
  const task = getTask(db, a.taskId)!;
  const attachments = attachmentsOf(db, drawId, entityId);
  // Times as people read them: Beijing time, with its offset (the audit log stores the same instants in UTC).
  const bj = (iso: string | null) => (iso ? beijingTime(Date.parse(iso)) : iso);
  const results = resultsOf(db, drawId, entityId).map((r) => ({
    ...r, recordedAt: bj(r.recordedAt), reviewedAt: bj(r.reviewedAt), answers: JSON.parse(r.answers) as unknown,
    followUp: getFollowUp(db, r.id) ?? null, followUpSteps: followUpSteps(db, r.id).map((x) => ({ ...x, at: bj(x.at) })),
  }));
  const targets = [...results.map((r) => String(r.id)), ...results.map((r) => `${drawId}/${entityId}/${r.itemId}`)];
  for (const i of taskItems(db, task.id)) targets.push(`${drawId}/${entityId}/${i.id}`);
  const audit = resultAuditEntries(db, targets).map((e) => ({ ...e, at: bj(e.at)! }));
  const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');
  const files: { path: string; bytes: Buffer }[] = [
    { path: 'results.json', bytes: json({ task: { number: task.number, title: task.title }, entity, results }) },
    { path: 'audit.json', bytes: json(audit) },
    // Every attachment as it stands: withdrawn ones (uploaded by mistake) stay in the file, marked.
    {
      path: 'attachments.json',
      bytes: json(attachments.map((a) => ({
        file: `attachments/${a.id}-${a.filename}`, itemId: a.itemId, mime: a.mime, size: a.size, sha256: a.sha256, uploadedBy: a.uploadedBy, uploadedAt: bj(a.uploadedAt),
        withdrawn: a.withdrawnAt ? { at: bj(a.withdrawnAt), by: a.withdrawnBy, reason: a.withdrawnReason } : null,
      }))),
    },
    ...(await caseDocuments(db, a, base, today)),
  ];
  for (const x of attachments) files.push({ path: `attachments/${x.id}-${x.filename}`, bytes: getAttachment(db, x.id)!.bytes });
  const attached = audit.filter((e) => e.action === 'attach').map((e) => /SHA-256 ([0-9a-f]{64})/.exec(e.summary)?.[1]).filter((h): h is string => !!h);
  const manifest = manifestOf({ task: task.number, taskTitle: task.title, entity: entity.name, uscc: entity.uscc, drawId, bundleHash: draw.bundleHash }, files, attached);
  const zip = new AdmZip();
  for (const f of files) zip.addFile(f.path, f.bytes);
  zip.addFile(MANIFEST, json(manifest));
  return { name: `电子案卷-${task.number}-${entity.uscc}.zip`, zip: zip.toBuffer() };
}
