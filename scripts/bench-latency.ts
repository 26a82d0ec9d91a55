// Does the server keep answering during long work? Public page latency under load (50 connections)
// while nothing else runs (baseline), during an import of 1,000,000 entities, and during a draw of
// that directory on a worker thread; and the draw's own time there against the same draw on the
// server's thread, in the same run. `npm run bench:latency` (part of `npm run bench`).
import { appDeps } from '../src/compose';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from '../src/root';
import { ENTITY_FIELDS } from '../src/domain/directories';
import { generateEntities, writeCsv } from './demo-data';
import { loadConfig } from '../src/config';
import { fixedClock } from '../src/clock';
import { openDb } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { createLogger } from '../src/logger';
import { createApp } from '../src/web/app';
import { commitTask, drawTask } from '../src/services/draws';
import { benchDepartment, benchTask } from './bench-setup';
import { drawInBackground, importInBackground } from '../src/services/background';
import { startLoad, type LoadStats } from './load';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.join(projectRoot(), 'data', 'bench');
const line = (label: string, l: LoadStats, extra = '') =>
  console.log(`  ${label.padEnd(34)} p50 ${String(l.p50).padStart(4)} ms, p99 ${String(l.p99).padStart(4)} ms, max ${String(l.max).padStart(5)} ms, ${l.rps.toFixed(0).padStart(5)} req/s, errors ${l.errors + l.non2xx}${extra}`);

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `entities-${N}.csv`);
  if (!fs.existsSync(csv)) writeCsv(csv, ENTITY_FIELDS, generateEntities(N));
  const dbFile = path.join(dir, 'latency.db');
  for (const x of ['', '-wal', '-shm']) fs.rmSync(dbFile + x, { force: true });
  const config = { ...loadConfig({ NODE_ENV: 'production', SSJ_DATA_DIR: dir, SSJ_DB_FILE: dbFile, SSJ_ADMIN_PASSWORD: 'bench-password-1', SSJ_DEMO: '0', SSJ_SECURE_COOKIES: '0', LOG_LEVEL: 'silent', SSJ_PUBLIC_QUERY_LIMIT: '100000000' }), jobs: false };
  const clock = fixedClock('2026-11-23T02:00:00Z');
  const db = openDb(dbFile);
  setupDatabase(db);
  const now = clock.now().toISOString();
  const d = benchDepartment(db, now);
  const app = createApp(appDeps(db, config, clock, createLogger('silent'))).listen(0, '127.0.0.1');
  await new Promise((ok) => app.once('listening', ok));
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/public/items`;
  console.log(`\npublic page latency (/public/items, 50 connections) while the server does long work, ${N.toLocaleString('en')} entities`);

  let l = startLoad(url, { maxSeconds: 60 });
  await new Promise((ok) => setTimeout(ok, 5000));
  line('nothing else running (baseline)', await l.stop());

  l = startLoad(url, { maxSeconds: 120 });
  let t0 = Date.now();
  const imported = await importInBackground({ dbFile, kind: 'entities', departmentId: null, file: csv, filename: 'bench.csv', sha256: '', commit: true, actor: 'bench', now });
  const importSecs = (Date.now() - t0) / 1000;
  line('during an import on a worker thread', await l.stop(), ` (import ${importSecs.toFixed(1)} s, ${imported.rowsTotal.toLocaleString('en')} rows)`);

  const task = (n: number) => {
    const id = benchTask(db, d, `latency-${n}`, now, { recentMonths: 0, avoidLastInspector: false });
    commitTask(db, id, 'bench', new Date(now));
    return id;
  };
  // The same draw three times, each on a task of its own (nothing excluded by the others): on the
  // server's thread with nothing else running (the baseline), on a worker thread with nothing else
  // running, and on a worker thread under the load. A first draw warms the caches after the import.
  const timed = async (label: string, f: (id: number) => Promise<{ ok: boolean }> | { ok: boolean }) => {
    const id = task(label.length + Math.floor(Math.random() * 1e9));
    const t1 = Date.now();
    const r = await f(id);
    if (!r.ok) throw new Error(`${label} failed`);
    return (Date.now() - t1) / 1000;
  };
  await timed('warm-up', (id) => drawTask(db, id, [], 'bench', new Date(now)));
  const syncSecs = await timed('server thread', (id) => drawTask(db, id, [], 'bench', new Date(now)));
  const quietSecs = await timed('worker', (id) => drawInBackground(dbFile, id, [], 'bench', new Date(now)));
  l = startLoad(url, { maxSeconds: 60 });
  const loadedSecs = await timed('worker under load', (id) => drawInBackground(dbFile, id, [], 'bench', new Date(now)));
  line('during a draw on a worker thread', await l.stop(), ` (that draw took ${loadedSecs.toFixed(2)} s while serving the load)`);
  console.log(`  the draw alone: ${quietSecs.toFixed(2)} s on a worker thread, ${syncSecs.toFixed(2)} s on the server's thread (baseline): ${(quietSecs / syncSecs).toFixed(2)}x`);
  await new Promise((ok) => app.close(ok));
  db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
