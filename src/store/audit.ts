// Audit events: who did what to which record, with the row before and after. Written inside the change's transaction.
import type { Db } from './db';
import { checkChain, entryHash, type ChainCheck, type ChainEntry } from '../domain/audit-chain';
import { auditDepartment } from './owners';
import type { AuditAction, AuditKind } from '../domain/audit-actions';

export interface AuditEvent {
  at: string;
  actor: string;
  action: AuditAction;
  targetKind: AuditKind;
  targetId: string | number;
  summary: string;
  before?: unknown;
  after?: unknown;
  /** The department the entry is filed under; by default the department of its record (store/owners.ts). */
  departmentId?: number | null;
}

/**
 * Appends an entry to the hash-chained log. Inside the caller's transaction when there is one (the
 * event then commits or rolls back with the change); otherwise in its own IMMEDIATE transaction, so
 * that reading the chain's head and appending cannot interleave with another connection.
 */
export function recordAudit(db: Db, e: AuditEvent): void {
  const append = () => {
    const head = db.prepare<unknown[], { id: number; hash: string | null }>('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get();
    const prev = head?.hash ?? '';
    const entry: ChainEntry = {
      id: (head?.id ?? 0) + 1,
      at: e.at,
      actor: e.actor,
      action: e.action,
      targetKind: e.targetKind,
      targetId: String(e.targetId),
      summary: e.summary,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    };
    db.prepare(
      `INSERT INTO audit_events (id, at, actor, action, target_kind, target_id, summary, before_json, after_json, prev_hash, hash, department_id)
       VALUES (@id, @at, @actor, @action, @targetKind, @targetId, @summary, @before, @after, @prev, @hash, @departmentId)`,
    ).run({ ...entry, prev, hash: entryHash(prev, entry), departmentId: e.departmentId !== undefined ? e.departmentId : auditDepartment(db, e.targetKind, e.targetId, e.actor) });
  };
  if (db.inTransaction) append();
  else db.transaction(append).immediate();
}

const CHAIN_COLS = `id, at, actor, action, target_kind AS targetKind, target_id AS targetId, summary,
  before_json AS before, after_json AS after, prev_hash AS prevHash, hash`;

/** Chains entries written before the chain existed (schema 6); a no-op once every entry has its hash. */
export function sealAuditLog(db: Db): number {
  return db.transaction(() => {
    const rows = db.prepare<unknown[], ChainEntry & { prevHash: string | null; hash: string | null }>('SELECT ' + CHAIN_COLS + ' FROM audit_events ORDER BY id').all();
    let prev = '';
    let sealed = 0;
    const upd = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?');
    for (const r of rows) {
      if (r.hash !== null) {
        prev = r.hash;
        continue;
      }
      const { prevHash: _p, hash: _h, ...content } = r;
      const hash = entryHash(prev, content);
      upd.run(prev, hash, r.id);
      prev = hash;
      sealed++;
    }
    return sealed;
  }).immediate();
}

/** Migration 0017's step: files the entries written before it under their records' departments. */
export function fileAuditByDepartment(db: Db): void {
  const rows = db.prepare<unknown[], { id: number; actor: string; action: string; kind: string; targetId: string; after: string | null }>('SELECT id, actor, action, target_kind AS kind, target_id AS targetId, after_json AS after FROM audit_events').all();
  const set = db.prepare('UPDATE audit_events SET department_id = ? WHERE id = ?');
  for (const r of rows) {
    // An import's target is its job; the job's department is in the entry itself.
    const imported = r.action === 'import' && r.after ? importDepartment(r.after) : undefined;
    const dept = imported ?? auditDepartment(db, r.kind, r.targetId, r.actor);
    if (dept !== null) set.run(dept, r.id);
  }
}

/** The department an import's entry names (its `after` holds the job), if it names one. */
function importDepartment(after: string): number | undefined {
  const job: unknown = JSON.parse(after);
  const d = job && typeof job === 'object' && 'departmentId' in job ? job.departmentId : undefined;
  return typeof d === 'number' ? d : undefined;
}

export function verifyAuditLog(db: Db): ChainCheck {
  return checkChain(db.prepare<unknown[], ChainEntry & { prevHash: string | null; hash: string | null }>('SELECT ' + CHAIN_COLS + ' FROM audit_events ORDER BY id').iterate());
}

export type AuditRow = Omit<ChainEntry, 'before' | 'after'>;

export function auditFor(db: Db, targetKind: string, targetId: string | number): AuditRow[] {
  return db
    .prepare<unknown[], AuditRow>(
      `SELECT id, at, actor, action, target_kind AS targetKind, target_id AS targetId, summary
       FROM audit_events WHERE target_kind = ? AND target_id = ? ORDER BY id DESC LIMIT 200`,
    )
    .all(targetKind, String(targetId));
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetKind?: string;
  /** Inclusive ISO date bounds (YYYY-MM-DD) on `at`. */
  from?: string;
  to?: string;
  /** Only entries filed under this department. */
  departmentId?: number;
}

export interface AuditListRow extends AuditRow {
  before: string | null;
  after: string | null;
  hash: string | null;
}

/** Newest first, keyset-paged by id. */
export function listAudit(db: Db, f: AuditFilter, beforeId: number | undefined, limit: number): AuditListRow[] {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (f.actor) clauses.push('actor = ?'), params.push(f.actor);
  if (f.action) clauses.push('action = ?'), params.push(f.action);
  if (f.targetKind) clauses.push('target_kind = ?'), params.push(f.targetKind);
  if (f.from) clauses.push('at >= ?'), params.push(f.from);
  if (f.to) clauses.push('at < ?'), params.push(f.to + '\uffff');
  if (f.departmentId !== undefined) clauses.push('department_id = ?'), params.push(f.departmentId);
  if (beforeId !== undefined) clauses.push('id < ?'), params.push(beforeId);
  const where = clauses.length ? ' WHERE ' + clauses.join(' AND ') : '';
  return db
    .prepare<unknown[], AuditListRow>(
      'SELECT id, at, actor, action, target_kind AS targetKind, target_id AS targetId, summary, before_json AS before, after_json AS after, hash FROM audit_events' +
        where +
        ' ORDER BY id DESC LIMIT ?',
    )
    .all(...params, limit);
}

const FACET_SQL = {
  actors: 'SELECT DISTINCT actor AS v FROM audit_events WHERE (@d IS NULL OR department_id = @d) ORDER BY 1 LIMIT 200',
  actions: 'SELECT DISTINCT action AS v FROM audit_events WHERE (@d IS NULL OR department_id = @d) ORDER BY 1',
  kinds: 'SELECT DISTINCT target_kind AS v FROM audit_events WHERE (@d IS NULL OR department_id = @d) ORDER BY 1',
} as const;

/** The actors, actions and kinds of record in the log (of one department, or all), for the filter menus. */
export function auditFacets(db: Db, departmentId?: number): { actors: string[]; actions: string[]; kinds: string[] } {
  const col = (sql: string) => db.prepare<unknown[], { v: string }>(sql).all({ d: departmentId ?? null }).map((r) => r.v);
  return { actors: col(FACET_SQL.actors), actions: col(FACET_SQL.actions), kinds: col(FACET_SQL.kinds) };
}
