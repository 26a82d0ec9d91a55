// Evidence attached to an inspection: photos (the phone's camera), PDF documents and audio, checked by
// their bytes (kind, size, an image that decodes), photos re-encoded without their EXIF data (GPS
// included), and each file's SHA-256 written in the audit chain as it is attached.
import crypto from 'node:crypto';
import sharp from 'sharp';
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { attachmentsOf, getAttachment, insertAttachment, withdrawAttachmentRow, type AttachmentRow } from '../store/attachments';
import { chinaDateTime } from '../domain/dates';
import { resultsOf } from '../store/results';
import { getTask, taskItems } from '../store/tasks';
import { keepsPhotoLocation } from '../store/departments';
import { KIND_TEXT, MAX_BYTES, sniff } from '../domain/evidence';
import type { User } from '../store/users';
import { authorize } from './access';
import { NotFound } from './errors';
import { myAssignment } from './results';
import type { Result } from './draws';

/**
 * A photo decoded (a broken one fails), turned upright and encoded again in its format: without its
 * metadata, or, where the department keeps location on purpose, with its EXIF data (GPS included).
 */
async function cleanImage(bytes: Buffer, keepExif: boolean): Promise<Buffer | null> {
  try {
    const img = sharp(bytes, { failOn: 'error' }).rotate();
    return await (keepExif ? img.keepExif() : img).toBuffer();
  } catch {
    return null;
  }
}

export async function attachEvidence(
  db: Db, u: User, k: { drawId: number; entityId: number; itemId: number }, file: { name: string; bytes: Buffer }, now: string,
): Promise<Result<{ id: number; sha256: string }>> {
  const a = myAssignment(db, u, k.drawId, k.entityId);
  if (!a) throw new NotFound('没有这项检查任务，或它不是分配给您的');
  if (!a.inspectorIds.includes(u.inspectorId!)) return { ok: false, message: '检查材料由检查组的执法人员上传' };
  const item = taskItems(db, a.taskId).find((i) => i.id === k.itemId);
  if (!item) return { ok: false, message: '该事项不属于本次抽查任务' };
  const status = resultsOf(db, k.drawId, k.entityId).find((r) => r.itemId === k.itemId)?.status;
  if (status === '已通过' || status === '已公示') return { ok: false, message: `结果已${status === '已通过' ? '审核通过' : '公示'}，不能再添加材料` };
  if (file.bytes.length === 0) return { ok: false, message: '文件为空' };
  const kind = sniff(file.bytes);
  if (!kind) return { ok: false, message: `“${file.name}”不是支持的文件：请上传 JPEG/PNG/WebP 照片、PDF 文件或 M4A/MP3/AMR 录音` };
  if (file.bytes.length > MAX_BYTES[kind.kind]) return { ok: false, message: `${KIND_TEXT[kind.kind]}不能超过 ${MAX_BYTES[kind.kind] >> 20} MB（“${file.name}”有 ${(file.bytes.length / 1048576).toFixed(1)} MB）` };
  let bytes = file.bytes;
  if (kind.kind === 'image') {
    const clean = await cleanImage(file.bytes, keepsPhotoLocation(db, getTask(db, a.taskId)!.departmentId));
    if (!clean) return { ok: false, message: `照片“${file.name}”已损坏或无法读取` };
    bytes = clean;
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const name = file.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 120) || '材料';
  return inTransaction(db, () => {
    const id = insertAttachment(db, { ...k, filename: name, mime: kind.mime, size: bytes.length, sha256, bytes, uploadedBy: u.username, uploadedAt: now });
    recordAudit(db, {
      at: now, actor: u.username, action: 'attach', targetKind: 'results', targetId: `${k.drawId}/${k.entityId}/${k.itemId}`,
      summary: `上传检查材料：${name}（${KIND_TEXT[kind.kind]}，SHA-256 ${sha256}）`, after: { attachment: id, sha256, size: bytes.length, mime: kind.mime },
    });
    return { ok: true as const, value: { id, sha256 } };
  });
}

/** An attachment for its team, or for staff who may read the draw; NotFound otherwise. */
export function attachmentFor(db: Db, u: User, id: number): AttachmentRow & { bytes: Buffer } {
  const a = getAttachment(db, id);
  if (!a) throw new NotFound('材料不存在');
  if (u.role === 'inspector') {
    if (!myAssignment(db, u, a.drawId, a.entityId)) throw new NotFound('材料不存在');
  } else authorize(db, u, 'draws', a.drawId, 'read');
  return a;
}

/**
 * Withdraws an attachment uploaded by mistake (a wrong photo): an inspector of its team, before its
 * item's result is approved, with a reason. Nothing is deleted: the file stays, marked, in the case
 * file too; the audit chain records the withdrawal beside the upload.
 */
export function withdrawEvidence(db: Db, u: User, id: number, reason: string, now: string): Result<{ drawId: number; entityId: number }> {
  const a = getAttachment(db, id);
  const mine = a && u.role === 'inspector' ? myAssignment(db, u, a.drawId, a.entityId) : undefined;
  if (!a || !mine) throw new NotFound('材料不存在');
  if (!mine.inspectorIds.includes(u.inspectorId!)) return { ok: false, message: '检查材料由检查组的执法人员管理' };
  if (a.withdrawnAt) return { ok: false, message: `“${a.filename}”已于${chinaDateTime(a.withdrawnAt)}作废` };
  const status = resultsOf(db, a.drawId, a.entityId).find((r) => r.itemId === a.itemId)?.status;
  if (status === '已通过' || status === '已公示') return { ok: false, message: `结果已${status === '已通过' ? '审核通过' : '公示'}，材料不能再作废` };
  const why = reason.trim();
  if (why.length < 2) return { ok: false, message: '作废材料请写明原因（如：拍错对象）' };
  if (why.length > 200) return { ok: false, message: '作废原因最多200字' };
  return inTransaction(db, () => {
    if (!withdrawAttachmentRow(db, id, u.username, why, now)) return { ok: false as const, message: '材料已作废' };
    recordAudit(db, {
      at: now, actor: u.username, action: 'attach-withdraw', targetKind: 'results', targetId: `${a.drawId}/${a.entityId}/${a.itemId}`,
      summary: `作废检查材料：${a.filename}（SHA-256 ${a.sha256}）：${why}`, after: { attachment: id, reason: why },
    });
    return { ok: true as const, value: { drawId: a.drawId, entityId: a.entityId } };
  });
}

export { attachmentsOf };
