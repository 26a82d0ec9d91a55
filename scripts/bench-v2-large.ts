// ssj-draw/2 through the app at a province's scale (part of `npm run bench`): on a 10,000,000-row
// directory (scripts/bench-large-db.ts, built once from the import benchmark's million rows), the
// commitment (population read and frozen, dry run, inputs stored) and the reveal (the draw from the
// stored inputs, the record stored in pieces), each in a child process of its own for an honest peak
// RSS, then `npm run verify` of the stored record. Baseline in the same run: the population's read
// alone (the SQL scan both threads do, the floor under the commitment). BENCH_V2_LARGE=0 skips.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openDb } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { BENCH_DIR, benchDepartment, benchTask, copyDatabase } from './bench-setup';
import { largeBenchDb } from './bench-large-db';
import { commitDrawV2, revealDraw, setBeacon } from '../src/services/draws-v2';
import { populationQuery } from '../src/services/draw-inputs';
import { readCompactPopulation } from '../src/services/population';
import { getTask } from '../src/store/tasks';
import { bundlePieces } from '../src/store/bundle-pieces';
import { chinaDate } from '../src/domain/dates';

const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
const NOW = '2026-11-23T00:00:00Z';
const MEETING = new Date(Date.parse(NOW) + 25 * 3600_000);
const AFTER = new Date(MEETING.getTime() + 60_000);
const rss = () => process.resourceUsage().maxRSS / 1024;

/** Child: one step on the copy; prints one JSON line. */
function step(which: string, file: string): void {
  if (which === 'verify') {
    const t = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { verifyFiles } = require('../src/verify') as typeof import('../src/verify');
    const r = verifyFiles([file]);
    console.log(JSON.stringify({ code: r.code, line: r.lines[0], secs: secs(t), maxRssMb: rss() }));
    return;
  }
  const db = openDb(file);
  if (which === 'setup') {
    setupDatabase(db);
    const d = benchDepartment(db, NOW);
    console.log(JSON.stringify({ task: benchTask(db, d, 'v2-10m', NOW, { recentMonths: 12, avoidLastInspector: true }) }));
    return;
  }
  const taskId = db.prepare<[], number>("SELECT id FROM tasks WHERE number = 'v2-10m'").pluck().get()!;
  const t = process.hrtime.bigint();
  if (which === 'read') {
    const { q } = populationQuery(db, getTask(db, taskId)!, chinaDate(MEETING));
    const p = readCompactPopulation(db, q, 'class');
    console.log(JSON.stringify({ secs: secs(t), n: p.n, maxRssMb: rss() }));
  } else if (which === 'commit') {
    const c = commitDrawV2(db, taskId, { kind: 'witness', at: MEETING, place: 'bench' }, { actor: 'bench', now: new Date(NOW) });
    if (!c.ok) throw new Error(c.message);
    console.log(JSON.stringify({ secs: secs(t), trials: c.value.feasibility.trials, maxRssMb: rss() }));
  } else if (which === 'reveal') {
    const b = setBeacon(db, taskId, { witnesses: [{ name: 'bench', value: '42' }] }, 'bench', AFTER);
    if (!b.ok) throw new Error(b.message);
    const t2 = process.hrtime.bigint();
    const r = revealDraw(db, taskId, [], 'bench', AFTER);
    if (!r.ok || r.value.kind !== 'draw') throw new Error(r.ok ? 'failure' : r.message);
    const s = secs(t2);
    // The record as the public downloads it, piece by piece, for npm run verify.
    const out = path.join(BENCH_DIR, 'record-v2-10m.json');
    const fd = fs.openSync(out, 'w');
    for (const p of bundlePieces(db, r.value.drawId)) fs.writeSync(fd, p);
    fs.closeSync(fd);
    console.log(JSON.stringify({ secs: s, eligible: r.value.eligible, selected: r.value.record.result.selected.length, file: out, maxRssMb: rss() }));
  }
  db.close();
}

function child<T>(args: string[]): T | string {
  const r = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return (r.stderr.split('\n').find((l) => /Error|FATAL/.test(l)) ?? `exit ${r.status}`).trim();
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

function main(): void {
  if (process.env.BENCH_V2_LARGE === '0') return;
  const src = largeBenchDb((l) => console.log(l));
  if (!src) {
    console.log('\n(no data/bench/bench.db: run the import benchmark first for the 10M ssj-draw/2 figures)');
    return;
  }
  const file = path.join(BENCH_DIR, 'v2-10m.db');
  copyDatabase(src, file);
  console.log('\nssj-draw/2 through the app on a 10,000,000-row directory (3/5/20/60% by class, 300 inspectors)');
  const fail = (what: string, r: unknown) => typeof r === 'string' && (console.log(`  ${what} failed: ${r}`), true);
  try {
    const setup = child<{ task: number }>(['setup', file]);
    if (fail('setup', setup)) return;
    const read = child<{ secs: number; n: number; maxRssMb: number }>(['read', file]);
    if (fail('population read', read) || typeof read === 'string') return;
    const commit = child<{ secs: number; trials: number; maxRssMb: number }>(['commit', file]);
    if (fail('commitment', commit) || typeof commit === 'string') return;
    const reveal = child<{ secs: number; eligible: number; selected: number; file: string; maxRssMb: number }>(['reveal', file]);
    if (fail('reveal', reveal) || typeof reveal === 'string') return;
    const v = child<{ code: number; line: string; secs: number; maxRssMb: number }>(['verify', reveal.file]);
    if (fail('npm run verify', v) || typeof v === 'string') return;
    const size = fs.statSync(reveal.file).size;
    fs.rmSync(reveal.file);
    const x = (s: number) => `${(s / read.secs).toFixed(1)}x`;
    console.log(`  ${reveal.eligible.toLocaleString('en')} eligible, ${reveal.selected.toLocaleString('en')} selected, record ${(size / 1048576).toFixed(0)} MiB`);
    console.log(`  baseline: the population read alone (SQL, two threads)   ${read.secs.toFixed(1)} s, peak RSS ${read.maxRssMb.toFixed(0)} MB`);
    console.log(`  commitment (read, freeze, dry run ${commit.trials}x, store)       ${commit.secs.toFixed(1)} s = ${x(commit.secs)}, peak RSS ${commit.maxRssMb.toFixed(0)} MB (targets: 40 s, 2,048 MB)`);
    console.log(`  reveal (draw from the stored inputs, store the record)   ${reveal.secs.toFixed(1)} s = ${x(reveal.secs)}, peak RSS ${reveal.maxRssMb.toFixed(0)} MB (targets: 40 s, 2,048 MB)`);
    console.log(`  npm run verify of the stored record                       ${v.secs.toFixed(1)} s, peak RSS ${v.maxRssMb.toFixed(0)} MB (${v.code === 0 ? 'OK' : 'FAILED: ' + v.line}) (targets: 60 s, 1,024 MB)`);
  } finally {
    for (const x of ['', '-wal', '-shm']) fs.rmSync(file + x, { force: true });
  }
}

const [mode, file] = process.argv.slice(2);
if (mode) step(mode, file!);
else main();
