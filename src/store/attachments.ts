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
}

const COLS = 'id, draw_id AS drawId, entity_id AS entityId, item_id AS itemId, filename, mime, size, sha256, uploaded_by AS uploadedBy, uploaded_at AS uploadedAt';

export function insertAttachment(db: Db, a: Omit<AttachmentRow, 'id'> & { bytes: Buffer }): number {
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
