// Benchmarks (`npm run bench`): prints figures, each next to a baseline measured in the same run.
//   1. Import of a generated 1,000,000-row entity CSV end to end (parse, check, write), in a child
//      process for an honest peak RSS; baseline: the sqlite3 CLI's .import of the same file into a bare table.
//   2. The filtered entity list on that 1,000,000-row directory, over HTTP, as staff use it;
//      baseline: the bare SQL of the same page.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from '../src/root';
import { ENTITY_FIELDS } from '../src/domain/directories';
import { generateEntities, writeCsv } from './demo-data';
import { openDb } from '../src/store/db';
import { loadConfig } from '../src/config';
import { fixedClock } from '../src/clock';
import { createLogger } from '../src/logger';
import { isCodeSearch } from '../src/store/directory-store';
import { appDeps } from '../src/compose';
import { createApp } from '../src/web/app';
import { ensureAdmin } from '../src/services/bootstrap';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.join(projectRoot(), 'data', 'bench');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

function timeFloor(csv: string): number | null {
  const which = spawnSync('sqlite3', ['-version']);
  if (which.status !== 0) return null;
  const db = path.join(dir, 'floor.db');
  fs.rmSync(db, { force: true });
  const t0 = process.hrtime.bigint();
  execFileSync('sqlite3', [db, '.import --csv ' + csv + ' t']);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(db, { force: true });
  return secs;
}

async function benchList(dbFile: string): Promise<void> {
  const dataDir = path.join(dir, 'server');
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ NODE_ENV: 'test', SSJ_DATA_DIR: dataDir, SSJ_DB_FILE: dbFile, SSJ_ADMIN_PASSWORD: 'bench-password', SSJ_DEMO: '0', SSJ_SCRYPT_LOG_N: '12' });
  const clock = fixedClock('2026-11-23T00:00:00Z');
  const db = openDb(dbFile);
  await ensureAdmin(db, config, clock);
  const deps = appDeps(db, config, clock, createLogger('silent'));
  const stores = deps.services.registers;
  const app = createApp(deps);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let cookie = '';
  const get = async (p: string) => {
    const res = await fetch(base + p, { headers: { cookie }, redirect: 'manual' });
    const sc = res.headers.getSetCookie()[0];
    if (sc) cookie = sc.split(';')[0]!;
    return res;
  };
  const loginPage = await (await get('/login')).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(loginPage)![1]!;
  const login = await fetch(base + '/login', {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: 'admin', password: 'bench-password' }),
  });
  cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const e = encodeURIComponent;
  const cases: [string, string, Parameters<typeof stores.entities.list>[0]][] = [
    ['no filter', '', {}],
    ['region', `region=${e('江滨区')}`, { eq: { region: '江滨区' } }],
    ['region + class D + 吊销', `region=${e('江滨区')}&creditClass=D&regState=${e('吊销')}`, { eq: { region: '江滨区', creditClass: 'D', regState: '吊销' } }],
    ['industry + type + class', `industry=${e('制造业')}&entityType=${e('股份有限公司')}&creditClass=C`, { eq: { industry: '制造业', entityType: '股份有限公司', creditClass: 'C' } }],
    // A term in many names finds its page at once; one in a couple of names (a firm's 字号 and trade)
    // is searched for in memory (name-index.ts): SQLite's scan of every row took 170-180 ms.
    ['name contains, common (科技)', `q=${e('科技')}`, { q: '科技' }],
    ['name contains, rare (宏远科技)', `q=${e('宏远科技')}`, { q: '宏远科技' }],
    ['name contains, rare, total', `q=${e('宏远科技')}&count=1`, { q: '宏远科技' }],
    ['USCC prefix', 'q=91350102', { q: '91350102' }],
    ['whole USCC', 'q=USCC', { q: 'USCC' }],
  ];
  await get('/admin/entities'); // warm the facet cache and the page cache, as a running server has them
  // The first name search after a start or an import reads the names into memory (name-index.ts).
  const cold = process.hrtime.bigint();
  await (await get('/admin/entities?q=' + e('宏远科技'))).text();
  const coldMs = Number(process.hrtime.bigint() - cold) / 1e6;
  console.log('\nfiltered entity list, 1,000,000-row directory (median / p95 of 15 runs)');
  console.log(`  (the first name search after start, which reads the names into memory: ${coldMs.toFixed(0)} ms)`);
  console.log('case                          HTTP page         bare SQL of the page   ratio');
  const someUscc = (db.prepare('SELECT uscc FROM entities WHERE id = 123456').get() as { uscc: string }).uscc;
  for (const c of cases) if (c[2].q === 'USCC') (c[1] = 'q=' + someUscc), (c[2] = { q: someUscc });
  for (const [label, qs, filter] of cases) {
    const http: number[] = [];
    const sql: number[] = [];
    for (let i = 0; i < 15; i++) {
      let t = process.hrtime.bigint();
      const res = await get('/admin/entities?' + qs);
      await res.text();
      if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
      http.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      // What the page does: count, then the page of rows; for a name search the page first, and the
      // count only when asked for and the page does not hold every match.
      const f = { active: 'active' as const, ...filter };
      const nameSearch = !!f.q && !isCodeSearch(f.q);
      const c = nameSearch ? null : stores.entities.count(f, 10000);
      const p = stores.entities.list(f, {}, 50, c?.capped ?? false);
      if (nameSearch && p.next !== null && qs.includes('count=1')) stores.entities.count(f, 10000);
      sql.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(
      `${label.padEnd(28)} ${median(http).toFixed(1).padStart(6)} / ${pct(http, 0.95).toFixed(1).padStart(6)} ms   ${median(sql).toFixed(1).padStart(6)} ms`.padEnd(72) +
        `${(median(http) / Math.max(median(sql), 0.01)).toFixed(2)}x`,
    );
  }
  await new Promise((ok) => server.close(ok));
  db.close();
}

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `entities-${N}.csv`);
  if (!fs.existsSync(csv)) {
    process.stdout.write(`generating ${N} rows (fixed seed) … `);
    writeCsv(csv, ENTITY_FIELDS, generateEntities(N));
    console.log('done');
  }
  const mb = fs.statSync(csv).size / 1048576;
  console.log(`file: ${csv} (${mb.toFixed(0)} MiB, ${N} rows)`);
  const floor = timeFloor(csv);
  const dbFile = path.join(dir, 'bench.db');
  const runChild = (mode: string) => {
    const child = spawnSync(process.execPath, [path.join(__dirname, 'bench-import.js'), csv, dbFile, mode], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as { secs: number; rows: number; unchanged: number; maxRssMb: number; phases: Record<string, number> };
  };
  const show = (label: string, r: ReturnType<typeof runChild>) => {
    console.log(`  ${label.padEnd(19)}: ${r.secs.toFixed(2)} s, ${Math.round(r.rows / r.secs).toLocaleString('en')} rows/s, peak RSS ${r.maxRssMb.toFixed(0)} MB` +
      (floor !== null ? `, ${(r.secs / floor).toFixed(2)}x the floor` : ''));
    console.log('  ' + ' '.repeat(19) + '  ' + Object.entries(r.phases).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', '));
  };
  console.log('\nimport of the entity CSV, end to end (parse, check, write, commit), main thread writing while a worker reads and checks');
  if (floor !== null) console.log(`  sqlite3 .import    : ${floor.toFixed(2)} s, ${Math.round(N / floor).toLocaleString('en')} rows/s (floor: bare table, no checks, no indexes)`);
  else console.log('  sqlite3 CLI not installed: no floor measured (apt-get install sqlite3)');
  show('into empty directory', runChild('fresh'));
  const again = runChild('again');
  show('same file again', again);
  console.log(`  ${' '.repeat(19)}  (${again.unchanged.toLocaleString('en')} rows matched and compared, unchanged)`);
  await benchList(dbFile);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
