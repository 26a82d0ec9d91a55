// Forward-only numbered migrations: each file NNNN-name.sql runs once, in order, in a transaction.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db';
import { projectRoot } from '../root';
import { splitStoredBundles } from './bundle-pieces';
import { fileAuditByDepartment } from './audit';

export const MIGRATIONS_DIR = path.join(projectRoot(), 'src', 'store', 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL alone does badly, run after the SQL in the same transaction. */
  step?: (db: Db) => void;
}

/** Code steps by migration name. */
const STEPS: Record<string, (db: Db) => void> = {
  'bundle-pieces': splitStoredBundles,
  'audit-department': fileAuditByDepartment,
};

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f)).sort();
  return files.map((f, i) => {
    const version = Number(f.slice(0, 4));
    if (version !== i + 1) throw new Error(`migration ${f}: expected number ${String(i + 1).padStart(4, '0')}`);
    const name = f.slice(5, -4);
    return { version, name, sql: fs.readFileSync(path.join(dir, f), 'utf8'), step: STEPS[name] };
  });
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the pending migrations; returns the names applied. The schema version is PRAGMA user_version. */
export function migrate(db: Db, migrations = loadMigrations()): string[] {
  const applied: string[] = [];
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this program (${migrations.length})`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // SQLite's table-rebuild procedure: foreign keys off (outside any transaction) while a table is
  // replaced, checked before each migration commits, and on again afterwards.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of migrations.slice(current)) {
      db.transaction(() => {
        db.exec(m.sql);
        m.step?.(db);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new Error(`migration ${m.name} leaves ${broken.length} broken foreign keys, e.g. ${JSON.stringify(broken[0])}`);
        record.run(m.version, m.name, new Date().toISOString());
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
      applied.push(m.name);
    }
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
  return applied;
}
