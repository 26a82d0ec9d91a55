// Benchmark of ssj-draw/2 on the 1,000,000-row directory the import benchmark leaves behind (part of
// `npm run bench`): the commitment (the population read and frozen, its dry run, the inputs stored),
// the reveal from the stored inputs, and `npm run verify` of the record, against the ssj-draw/1 draw
// from SQL measured in the same run on a copy of the same data (the baseline the issue names).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../src/root';
import { drawTask, commitTask } from '../src/services/draws';
import { BENCH_DIR, benchDepartment, benchTask, copyBenchDb } from './bench-setup';
import { commitDrawV2, revealDraw, setBeacon } from '../src/services/draws-v2';
import { drawBundleText } from '../src/store/tasks';

const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
const dir = BENCH_DIR;
/** As the draw benchmark's task: entities drawn within 12 months left out, not the last inspector. */
const RULES = { recentMonths: 12, avoidLastInspector: true };

function main(): void {
  const now = '2026-11-23T00:00:00Z';
  // Baseline: the ssj-draw/1 draw from SQL, on its own copy.
  const a = copyBenchDb('v2-baseline.db');
  if (!a) {
    console.log('\n(no data/bench/bench.db: run the import benchmark first for the ssj-draw/2 figures)');
    return;
  }
  const da = benchDepartment(a, now);
  const t1 = benchTask(a, da, 'v1', now, RULES);
  commitTask(a, t1, 'bench', new Date(now));
  let t0 = process.hrtime.bigint();
  const r1 = drawTask(a, t1, [], 'bench', new Date(now));
  const v1 = secs(t0);
  if (!r1.ok) throw new Error(r1.message);
  a.close();

  const db = copyBenchDb('v2.db')!;
  const d = benchDepartment(db, now);
  const t2 = benchTask(db, d, 'v2', now, RULES);
  const meeting = new Date(Date.parse(now) + 25 * 3600_000);
  t0 = process.hrtime.bigint();
  const c = commitDrawV2(db, t2, { kind: 'witness', at: meeting, place: 'bench' }, { actor: 'bench', now: new Date(now) });
  const commit = secs(t0);
  if (!c.ok) throw new Error(c.message);
  const after = new Date(meeting.getTime() + 60_000);
  const b = setBeacon(db, t2, { witnesses: [{ name: 'bench', value: '42' }] }, 'bench', after);
  if (!b.ok) throw new Error(b.message);
  t0 = process.hrtime.bigint();
  const r2 = revealDraw(db, t2, [], 'bench', after);
  const reveal = secs(t0);
  if (!r2.ok || r2.value.kind !== 'draw') throw new Error(r2.ok ? 'failure' : r2.message);
  const file = path.join(dir, 'v2-record.json');
  fs.writeFileSync(file, drawBundleText(db, r2.value.drawId)!);
  const size = fs.statSync(file).size;
  db.close();
  t0 = process.hrtime.bigint();
  const v = spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'verify.js'), file], { encoding: 'utf8' });
  const verify = secs(t0);
  const rec = r2.value.record;
  console.log(`\nssj-draw/2 on the 1,000,000-row directory (${r2.value.eligible.toLocaleString('en')} eligible, ${rec.result.selected.length.toLocaleString('en')} selected, 300 inspectors)`);
  console.log(`  baseline: ssj-draw/1 draw from SQL, same data     ${v1.toFixed(2)} s`);
  console.log(`  commitment (read, freeze, dry run ${c.value.feasibility.trials}x, store)  ${commit.toFixed(2)} s = ${(commit / v1).toFixed(2)}x the baseline`);
  console.log(`  reveal from the stored inputs                      ${reveal.toFixed(2)} s = ${(reveal / v1).toFixed(2)}x the baseline`);
  console.log(`  npm run verify of the record (${(size / 1048576).toFixed(0)} MiB)               ${verify.toFixed(2)} s (${v.status === 0 ? 'OK' : 'FAILED: ' + v.stdout.trim()})`);
  for (const f of ['v2-baseline.db', 'v2.db']) for (const x of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, f + x), { force: true });
}

main();
