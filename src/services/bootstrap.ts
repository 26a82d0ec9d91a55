// First start: the admin account, and the demo departments with their registers (through the real importer).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../store/db';
import type { Config } from '../config';
import type { Clock } from '../clock';
import { countUsers, createUser } from '../store/users';
import { createDepartment, listDepartments } from '../store/departments';
import { generatePassword, hashPassword } from './passwords';
import { runImport } from '../import/runner';
import { DEMO_DEPARTMENTS, writeDemoFiles } from '../../scripts/demo-data';
import { recordAudit } from '../store/audit';
import { seedCalendar } from '../store/calendar';

export interface BootstrapReport {
  adminCreated: boolean;
  /** Set only when the password was generated here: shown once, never stored in clear. */
  generatedPassword: string | null;
  demoLoaded: boolean;
}

export async function ensureAdmin(db: Db, config: Config, clock: Clock): Promise<{ created: boolean; generated: string | null }> {
  if (countUsers(db) > 0) return { created: false, generated: null };
  const generated = config.adminPassword ? null : generatePassword();
  const passwordHash = await hashPassword(config.adminPassword ?? generated!, config.scryptLogN);
  const now = clock.now().toISOString();
  db.transaction(() => {
    if (countUsers(db) > 0) return;
    const id = createUser(db, { username: 'admin', displayName: '系统管理员', passwordHash, role: 'admin', departmentId: null, mustChangePassword: generated !== null, now });
    recordAudit(db, { at: now, actor: 'system', action: 'create', targetKind: 'users', targetId: id, summary: '首次启动创建管理员账号 admin' });
  }).immediate();
  return { created: true, generated };
}

/** Loads the demo only into a database without departments. Returns false when there was nothing to do. */
export async function loadDemo(db: Db, dbFile: string, clock: Clock): Promise<boolean> {
  if (listDepartments(db).length > 0) return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssj-demo-'));
  try {
    const files = writeDemoFiles(dir);
    const ids: Record<string, number> = {};
    db.transaction(() => {
      for (const d of DEMO_DEPARTMENTS) ids[d.code] = createDepartment(db, d);
    })();
    const now = clock.now().toISOString();
    const base = { dbFile, commit: true, actor: 'demo', now, sha256: '' };
    const jobs = [
      ...DEMO_DEPARTMENTS.flatMap((d) => [
        { kind: 'items' as const, departmentId: ids[d.code]!, file: files.items[d.code]! },
        { kind: 'inspectors' as const, departmentId: ids[d.code]!, file: files.inspectors[d.code]! },
      ]),
      { kind: 'entities' as const, departmentId: null, file: files.entities },
    ];
    for (const j of jobs) {
      const r = await runImport({ ...base, ...j, filename: path.basename(j.file) });
      if (!r.committed) throw new Error(`demo ${j.kind} import failed: ${r.message} ${JSON.stringify(r.errors.slice(0, 3))}`);
    }
    return true;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function bootstrap(db: Db, config: Config, clock: Clock): Promise<BootstrapReport> {
  const admin = await ensureAdmin(db, config, clock);
  // The package's holidays for the years the calendar does not hold yet (a new package brings a new year).
  seedCalendar(db, clock.now().toISOString());
  const demoLoaded = config.loadDemo ? await loadDemo(db, config.dbFile, clock) : false;
  return { adminCreated: admin.created, generatedPassword: admin.generated, demoLoaded };
}
