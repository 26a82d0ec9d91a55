// The SQL of evidence attachments (migration 0031).
import type { Db } from './db';

export interface AttachmentRow {
  id: number;
  drawId: number;
  entityId: number;
  itemId: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  /** Withdrawn (uploaded by mistake): when, by whom, why; null and '' while it stands. */
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawnReason: string;
}

const COLS = `id, draw_id AS drawId, entity_id AS entityId, item_id AS itemId, filename, mime, size, sha256, uploaded_by AS uploadedBy, uploaded_at AS uploadedAt,
  withdrawn_at AS withdrawnAt, withdrawn_by AS withdrawnBy, withdrawn_reason AS withdrawnReason`;

export function insertAttachment(db: Db, a: Omit<AttachmentRow, 'id' | 'withdrawnAt' | 'withdrawnBy' | 'withdrawnReason'> & { bytes: Buffer }): number {
  return Number(
    db.prepare('INSERT INTO attachments (draw_id, entity_id, item_id, filename, mime, size, sha256, bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.drawId, a.entityId, a.itemId, a.filename, a.mime, a.size, a.sha256, a.bytes, a.uploadedBy, a.uploadedAt).lastInsertRowid,
  );
}

export function attachmentsOf(db: Db, drawId: number, entityId: number): AttachmentRow[] {
  return db.prepare<[number, number], AttachmentRow>(`SELECT ${COLS} FROM attachments WHERE draw_id = ? AND entity_id = ? ORDER BY id`).all(drawId, entityId);
}

export function getAttachment(db: Db, id: number): (AttachmentRow & { bytes: Buffer }) | undefined {
  return db.prepare<[number], AttachmentRow & { bytes: Buffer }>(`SELECT ${COLS}, bytes FROM attachments WHERE id = ?`).get(id);
}

/** Marks an attachment withdrawn (its bytes stay); false when it already was. */
export function withdrawAttachmentRow(db: Db, id: number, by: string, reason: string, now: string): boolean {
  return db.prepare('UPDATE attachments SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ? AND withdrawn_at IS NULL').run(now, by, reason, id).changes === 1;
}
