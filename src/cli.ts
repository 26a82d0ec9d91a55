// One command line over the services: import, export, backup. `node dist/src/cli.js help` lists them.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from './config';
import { systemClock } from './clock';
import { openDb, type Db } from './store/db';
import { setupDatabase } from './store/setup';
import { isDirectoryKind, DIRECTORIES, type DirectoryKind } from './domain/directories';
import { listDepartments } from './store/departments';
import { DirectoryStore } from './store/directory-store';
import { runImport } from './import/runner';
import { sha256File } from './services/imports';
import { writeCsv, writeXlsx } from './import/tabular-writer';
import { verifyAuditLog } from './store/audit';
import { checkRegister } from './services/register';
import { verifyFiles } from './verify';

const HELP = `shuangsuiji command line

  import <items|entities|inspectors> <file> [--department CODE] [--commit] [--skip-invalid] [--errors REPORT.csv|.xlsx]
      Checks every row of a .csv or .xlsx file and shows what it would change. Nothing is written
      without --commit; with --commit the whole file goes in, or nothing does (unless --skip-invalid).
  export <items|entities|inspectors> --out FILE.csv|.xlsx [--department CODE] [--all]
      Writes the register in the import format (re-imports unchanged). --all includes deactivated rows.
  backup [--out FILE.db]
      A consistent copy of the database, safe while the server runs (SQLite online backup);
      default data/backups/shuangsuiji-YYYYMMDD-HHMMSS.db.
  audit-verify
      Recomputes the audit log's hash chain; names the first edited, deleted or reordered entry.
  register-verify [--department CODE] [register.json bundle.json ...]
      Checks each department's register as ssj-draw/2 §6 says: every record linked to the one before,
      every draw and failure recomputed (ssj-draw/1 bundles too), at most one outcome per commitment,
      withdrawals before their beacons, times in order; lists what is open and what is overdue.
      Given files, checks those instead (a published register and the bundles beside it), offline.

Database: $SSJ_DB_FILE, default data/shuangsuiji.db`;

function fail(msg: string): never {
  console.error(msg);
  process.exit(2);
}

function departmentId(db: Db, kind: DirectoryKind, code: string | undefined): number | null {
  if (kind === 'entities') return null;
  const depts = listDepartments(db);
  const d = code ? depts.find((x) => x.code === code) : depts.length === 1 ? depts[0] : undefined;
  if (!d) fail(`--department is required for ${kind}: one of ${depts.map((x) => x.code).join(', ') || '(no departments yet)'}`);
  return d.id;
}

async function importCmd(db: Db, dbFile: string, args: string[], opts: Record<string, string | boolean | undefined>): Promise<number> {
  const [kind, file] = args;
  if (!kind || !isDirectoryKind(kind) || !file) fail(HELP);
  if (!fs.existsSync(file)) fail(`no such file: ${file}`);
  const dept = departmentId(db, kind, opts.department as string | undefined);
  const tty = process.stderr.isTTY;
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {percentage}% | {rows} 行 | {eta_formatted}', stream: process.stderr, noTTYOutput: !tty, notTTYSchedule: 2000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const size = fs.statSync(file).size;
  bar.start(size, 0, { rows: 0 });
  const started = process.hrtime.bigint();
  const r = await runImport({
    dbFile, kind, departmentId: dept, file, filename: path.basename(file), sha256: await sha256File(file),
    commit: opts.commit === true, skipInvalid: opts['skip-invalid'] === true, actor: 'cli:' + (process.env.USER ?? 'unknown'),
    now: systemClock.now().toISOString(),
    onProgress: (p) => bar.update(p.bytes, { rows: p.rows }),
  });
  bar.update(size);
  bar.stop();
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.fatal) fail(`无法导入：${r.fatal}`);
  console.log(`${DIRECTORIES[kind].title} · ${r.format} ${r.encoding}`);
  console.log(`数据行 ${r.rowsTotal}  新增 ${r.newCount}  更新 ${r.updatedCount}  未变 ${r.unchangedCount}  无效 ${r.invalidCount}  (${secs.toFixed(1)} s)`);
  if (r.unknownColumns.length) console.log(`未识别的列（已忽略）：${r.unknownColumns.join('、')}`);
  for (const e of r.errors.slice(0, 20)) console.log(`  第${e.rowNo}行 ${e.column}：${e.reason}`);
  if (r.errors.length > 20) console.log(`  …… 共 ${r.errors.length} 条错误`);
  if (opts.errors && r.errors.length) {
    const out = fs.createWriteStream(String(opts.errors));
    const rows = r.errors.map((e) => [String(e.rowNo), e.column, e.value, e.reason]);
    await (String(opts.errors).endsWith('.xlsx') ? writeXlsx(out, '错误报告', ['行号', '列', '原值', '错误原因'], rows) : writeCsv(out, ['行号', '列', '原值', '错误原因'], rows));
    console.log(`错误报告：${opts.errors}`);
  }
  console.log(r.message);
  return r.committed || !opts.commit ? (r.invalidCount && !r.committed ? 1 : 0) : 1;
}

async function exportCmd(db: Db, args: string[], opts: Record<string, string | boolean | undefined>): Promise<number> {
  const [kind] = args;
  const out = opts.out as string | undefined;
  if (!kind || !isDirectoryKind(kind) || !out) fail(HELP);
  const def = DIRECTORIES[kind];
  const dept = kind === 'entities' ? undefined : (departmentId(db, kind, opts.department as string | undefined) ?? undefined);
  const store = new DirectoryStore(db, kind);
  const rows = (function* () {
    for (const row of store.iterate({ departmentId: dept, active: opts.all ? 'all' : 'active' })) yield def.fields.map((f) => String(row[f.key] ?? ''));
  })();
  const stream = fs.createWriteStream(out);
  const headers = def.fields.map((f) => f.label);
  await (out.endsWith('.xlsx') ? writeXlsx(stream, def.title, headers, rows) : writeCsv(stream, headers, rows));
  console.log(`${def.title} → ${out}`);
  return 0;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      department: { type: 'string' }, commit: { type: 'boolean' }, 'skip-invalid': { type: 'boolean' },
      errors: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  const [cmd, ...args] = positionals;
  if (!cmd || cmd === 'help' || values.help) {
    console.log(HELP);
    return 0;
  }
  if (cmd === 'register-verify' && args.length > 0) {
    // Published files, offline: no database needed.
    const r = verifyFiles(args);
    for (const l of r.lines) console.log(l);
    return r.code;
  }
  const config = loadConfig();
  const db = openDb(config.dbFile);
  try {
    setupDatabase(db);
    if (cmd === 'import') return await importCmd(db, config.dbFile, args, values);
    if (cmd === 'export') return await exportCmd(db, args, values);
    if (cmd === 'backup') {
      const stamp = systemClock.now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      const out = values.out ?? path.join(config.dataDir, 'backups', `shuangsuiji-${stamp}.db`);
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      await db.backup(out);
      console.log(`backup written to ${out}`);
      return 0;
    }
    if (cmd === 'audit-verify') {
      const r = verifyAuditLog(db);
      if (r.ok) console.log(`audit log OK: ${r.count} entries, head ${r.head}`);
      else console.log(`audit log BROKEN at entry ${r.id}: ${r.problem}`);
      return r.ok ? 0 : 1;
    }
    if (cmd === 'register-verify') {
      let code = 0;
      for (const d of listDepartments(db)) {
        if (values.department && d.code !== values.department) continue;
        const r = checkRegister(db, d.id, new Date());
        console.log(`${d.code} ${d.name}: ${r.records} records, ${r.ok ? 'register OK' : 'FAILED'}; ${r.open.length} open commitments, ${r.overdue.length} overdue`);
        for (const p of r.problems) console.log(`  ${p}`);
        for (const h of r.overdue) console.log(`  overdue (逾期未揭示): commitment ${h}`);
        if (!r.ok) code = 1;
      }
      return code;
    }
    fail(`unknown command ${cmd}\n\n${HELP}`);
  } finally {
    db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
