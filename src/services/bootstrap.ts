// First start: the admin account, and the demo departments with their registers (through the real importer).
import { itemIdByCode } from '../store/items';
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
import { DEMO_DEPARTMENTS, writeDemoFiles, type DemoFiles } from '../../scripts/demo-data';
import { LIST_KINDS } from '../domain/special-lists';
import { createList, importMembers, setScope } from './special-lists';
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
    await loadDemoLists(db, ids.kjj!, files, now);
    return true;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The 科技局's special lists through the real importer, and its items' targets: 高新 checks draw 高新技术企业 only. */
async function loadDemoLists(db: Db, kjj: number, files: DemoFiles, now: string): Promise<void> {
  const by = { username: 'demo', departmentId: null };
  const targets: Record<'high-tech' | 'tech-sme', string> = { 'high-tech': 'KJ-002', 'tech-sme': 'KJ-006' };
  for (const kind of ['high-tech', 'tech-sme'] as const) {
    const list = createList(db, by, { name: LIST_KINDS[kind].name, kind, notes: '演示数据', departmentId: kjj }, now);
    if (!list.ok) throw new Error(list.message);
    const r = await importMembers(db, by, list.value, files.lists[kind], now);
    if (!r.ok) throw new Error(`demo list ${kind}: ${r.message} ${JSON.stringify(r.check?.errors.slice(0, 3))}`);
    const item = itemIdByCode(db, kjj, targets[kind])!;
    const scoped = setScope(db, by, item, { entityTypes: [], industries: [], listIds: [list.value] }, now);
    if (!scoped.ok) throw new Error(scoped.message);
  }
}

export async function bootstrap(db: Db, config: Config, clock: Clock): Promise<BootstrapReport> {
  const admin = await ensureAdmin(db, config, clock);
  // The package's holidays for the years the calendar does not hold yet (a new package brings a new year).
  seedCalendar(db, clock.now().toISOString());
  const demoLoaded = config.loadDemo ? await loadDemo(db, config.dbFile, clock) : false;
  return { adminCreated: admin.created, generatedPassword: admin.generated, demoLoaded };
}
