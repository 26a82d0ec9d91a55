// SQL of the electronic case file (services/case-file.ts): the audit entries of one inspection.
import type { Db } from './db';
import type { ChainEntry } from '../domain/audit-chain';

/** An audit entry as the case file lists it: the chain's fields without before/after, with its hash. */
export type CaseAuditEntry = Omit<ChainEntry, 'before' | 'after'> & { hash: string };

/** The audit entries on results whose target is one of `targets` (result ids, or draw/entity/item keys), oldest first. */
export function resultAuditEntries(db: Db, targets: string[]): CaseAuditEntry[] {
  return db
    .prepare<[string], CaseAuditEntry>(
      `SELECT id, at, actor, action, target_kind AS targetKind, target_id AS targetId, summary, hash FROM audit_events
       WHERE target_kind = 'results' AND target_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify([...new Set(targets)]));
}
