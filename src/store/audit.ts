// Audit events: who did what to which record, with the row before and after. Written inside the change's transaction.
import type { Db } from './db';

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  targetKind: string;
  targetId: string | number;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export function recordAudit(db: Db, e: AuditEvent): void {
  db.prepare(
    `INSERT INTO audit_events (at, actor, action, target_kind, target_id, summary, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.at,
    e.actor,
    e.action,
    e.targetKind,
    String(e.targetId),
    e.summary,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetKind: string;
  targetId: string;
  summary: string;
}

export function auditFor(db: Db, targetKind: string, targetId: string | number): AuditRow[] {
  return db
    .prepare(
      `SELECT id, at, actor, action, target_kind AS targetKind, target_id AS targetId, summary
       FROM audit_events WHERE target_kind = ? AND target_id = ? ORDER BY id DESC LIMIT 200`,
    )
    .all(targetKind, String(targetId)) as AuditRow[];
}
