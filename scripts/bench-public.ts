// Load benchmark of the public pages (part of `npm run bench`): the task notice and the search at
// 50 connections for 8 s each with autocannon (its own process), against the same pages from the
// static export served by express.static, as the baseline. Loopback only, bounded in time.
import { appDeps } from '../src/compose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../src/config';
import { fixedClock } from '../src/clock';
import { openDb } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { createLogger } from '../src/logger';
import { createApp } from '../src/web/app';
import { bootstrap } from '../src/services/bootstrap';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../src/services/draws';
import { exportSite } from '../src/publish/export';
import { hammer as load } from './load';

const hammer = (url: string, randomQuery = false) => load(url, DURATION, randomQuery);

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssj-bench-public-'));
  const config = { ...loadConfig({ NODE_ENV: 'production', SSJ_DATA_DIR: dir, SSJ_ADMIN_PASSWORD: 'bench-password-1', SSJ_DEMO: '1', SSJ_SECURE_COOKIES: '0', LOG_LEVEL: 'silent' }), jobs: false };
  const clock = fixedClock('2026-11-23T02:00:00Z');
  const db = openDb(config.dbFile);
  setupDatabase(db);
  await bootstrap(db, config, clock);
  const item = (db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const t = createTask(db, { departmentId: 2, number: 'bench-public', title: '公告基准', filters: {}, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'bench', itemIds: [item], now: clock.now().toISOString() });
  if (!t.ok) throw new Error(t.message);
  commitTask(db, t.value, 'bench', clock.now());
  const d = drawTask(db, t.value, [], 'bench', clock.now());
  if (!d.ok) throw new Error(d.message);
  const deps = appDeps(db, config, clock, createLogger('silent'));
  const app = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((ok) => app.once('listening', ok));
  const live = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const out = path.join(dir, 'site');
  await exportSite(deps, out, 'http://localhost/');
  const stat = express().use(express.static(out)).listen(0, '127.0.0.1');
  await new Promise((ok) => stat.once('listening', ok));
  const staticUrl = `http://127.0.0.1:${(stat.address() as AddressInfo).port}`;
  console.log(`\npublic pages under load: 50 connections, ${DURATION} s each (a ${d.value.bundle.result.selected.length}-entity drawn list on the task page)`);
  const rows: [string, string, string][] = [
    ['task notice', `${live}/public/tasks/${t.value}`, `${staticUrl}/tasks/${t.value}.html`],
    ['search', `${live}/public/search?q=${encodeURIComponent('宏远')}`, `${staticUrl}/results.html`],
  ];
  for (const [label, url, base] of rows) {
    const a = await hammer(url);
    const b = await hammer(base);
    console.log(`  ${label.padEnd(12)} live ${a.rps.toFixed(0).padStart(6)} req/s, p99 ${String(a.p99).padStart(4)} ms, errors ${a.errors + a.non2xx} | static ${b.rps.toFixed(0).padStart(6)} req/s, p99 ${String(b.p99).padStart(4)} ms | live/static ${(a.rps / b.rps).toFixed(2)}x`);
  }
  // The same notice asked with a random query string on every request: the cache keys on the
  // parameters a page reads, so this is served from it like the plain URL (and memory stays put).
  const rss = () => Math.round(process.memoryUsage().rss / 1048576);
  const before = rss();
  const plain = await hammer(rows[0]![1]);
  const random = await hammer(rows[0]![1], true);
  console.log(`  task notice, ?r=random on every request: ${random.rps.toFixed(0)} req/s, p99 ${random.p99} ms, errors ${random.errors + random.non2xx} | plain URL ${plain.rps.toFixed(0)} req/s | ${(random.rps / plain.rps).toFixed(2)}x; server RSS ${before} -> ${rss()} MB`);
  await new Promise((ok) => app.close(ok));
  await new Promise((ok) => stat.close(ok));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
