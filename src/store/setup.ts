// Brings a database up to date: forward-only migrations, then chaining any audit entries written before the chain existed.
import type { Db } from './db';
import { migrate } from './migrate';
import { sealAuditLog } from './audit';

export function setupDatabase(db: Db): { applied: string[]; sealed: number } {
  const applied = migrate(db);
  return { applied, sealed: sealAuditLog(db) };
}
