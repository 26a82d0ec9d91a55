// Benchmark of the ssj-draw/1 engine (part of `npm run bench`): a 1,000,000-entity draw with four
// credit classes at 3%, 5%, 20%, 60%, 300 inspectors, teams of 2; baselines from the same run:
// hashing the tickets alone, and hashing the canonical inputs. Then verifying the bundle, and its size.
import { verifyBundle } from '../src/domain/bundle';
import { benchBundle, benchInputs } from './bench-draw-inputs';
import { H } from '../src/domain/hash';
import { canonicalize } from '../src/domain/jcs';
import { ticket } from '../src/domain/draw';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { bundleByteLength } from '../src/store/bundle-pieces';
import { drawTask, commitTask } from '../src/services/draws';
import { benchDepartment, benchTask, copyBenchDb } from './bench-setup';
import { phaseTimer } from '../src/phases';

const N = Number(process.env.BENCH_DRAW_ROWS ?? 1_000_000);
const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

function main(): void {
  const inputs = benchInputs(N);
  const seed = H('bench seed');
  let t = process.hrtime.bigint();
  for (const e of inputs.entities) ticket(seed, e.id);
  const hashing = secs(t);
  t = process.hrtime.bigint();
  H(canonicalize(inputs));
  const inputsHash = secs(t);
  t = process.hrtime.bigint();
  const bundle = benchBundle(inputs, 'bench');
  const drawSecs = secs(t);
  t = process.hrtime.bigint();
  const json = JSON.stringify(bundle);
  const serialize = secs(t);
  t = process.hrtime.bigint();
  const ok = verifyBundle(JSON.parse(json)).ok;
  const verify = secs(t);
  console.log(`\nssj-draw/1 engine, ${N.toLocaleString('en')} entities, 300 inspectors, teams of 2 (${bundle.result.selected.length.toLocaleString('en')} selected)`);
  console.log(`  baseline: ticket hashing alone      ${hashing.toFixed(2)} s`);
  console.log(`  baseline: JCS + SHA-256 of inputs    ${inputsHash.toFixed(2)} s`);
  console.log(`  draw (check, select, pair, hash)     ${drawSecs.toFixed(2)} s  = ${(drawSecs / (hashing + inputsHash)).toFixed(2)}x the two baselines together`);
  console.log(`  bundle: ${(json.length / 1048576).toFixed(0)} MiB JSON, serialised in ${serialize.toFixed(2)} s; verified ${ok ? 'OK' : 'FAILED'} in ${verify.toFixed(2)} s`);
  console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

/** From SQL to stored bundle on the 1,000,000-row directory that the import benchmark leaves behind. */
function fromSql(): void {
  const db = copyBenchDb('draw.db');
  if (!db) {
    console.log('\n(no data/bench/bench.db: run the import benchmark first for the draw from SQL)');
    return;
  }
  const now = '2026-11-23T00:00:00Z';
  const d = benchDepartment(db, now);
  const task = (n: number) => {
    const id = benchTask(db, d, `bench-${n}`, now, { recentMonths: 12, avoidLastInspector: true });
    commitTask(db, id, 'bench', new Date(now));
    return id;
  };
  const t = { value: task(1) };
  let t0 = process.hrtime.bigint();
  let rows = 0;
  for (const _ of db.prepare("SELECT id, uscc, name, region, credit_class, reg_state, last_inspected FROM entities WHERE active = 1").iterate()) rows++;
  const scan = secs(t0);
  const seed = H('bench');
  t0 = process.hrtime.bigint();
  for (const r of db.prepare('SELECT uscc FROM entities WHERE active = 1').pluck().iterate()) ticket(seed, r as string);
  const hashing = secs(t0);
  t0 = process.hrtime.bigint();
  const timer = phaseTimer();
  const r = drawTask(db, t.value, [], 'bench', new Date(now), undefined, timer);
  const total = secs(t0);
  if (!r.ok) throw new Error(r.message);
  const size = bundleByteLength(db, r.value.drawId)!;
  const out: string[] = [];
  out.push(`\ndraw from SQL to stored bundle, ${rows.toLocaleString('en')}-row directory (${r.value.bundle.inputs.entities.length.toLocaleString('en')} eligible, ${r.value.bundle.result.selected.length.toLocaleString('en')} selected, 300 inspectors)`);
  out.push(`  baseline: bare SQL scan of the rows   ${scan.toFixed(2)} s`);
  out.push(`  baseline: ticket hashing alone         ${hashing.toFixed(2)} s`);
  out.push(`  draw, stored in one transaction        ${total.toFixed(2)} s  = ${(total / (scan + hashing)).toFixed(2)}x the two baselines together; bundle ${(size / 1048576).toFixed(0)} MiB`);
  out.push('  phases: ' + Object.entries(timer.phases).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', '));
  // Two more draws for the same item: each leaves out what the ones before drew (within 12 months), a
  // test that reads the earlier draws (a draw whose row held its bundle made the third take minutes).
  const later = [2, 3].map((n) => {
    const id = task(n);
    const t1 = process.hrtime.bigint();
    const x = drawTask(db, id, [], 'bench', new Date(now));
    if (!x.ok) throw new Error(x.message);
    return `${secs(t1).toFixed(2)} s (${x.value.bundle.inputs.entities.length.toLocaleString('en')} eligible)`;
  });
  out.push(`  the same item drawn again twice, earlier draws left out: ${later.join(', ')}`);
  db.close();
  console.log(JSON.stringify({ total, text: out.join('\n') }));
}

/**
 * The draw from SQL three times, each in a process of its own; the run with the median draw time is
 * shown, and all three times. (This machine has slow spells, in particular just after the import
 * benchmark: single runs of the same code took 2.6 s alone and 3.7 s there.)
 */
function fromSqlRuns(): string {
  const runs: { total: number; text: string }[] = [];
  for (let i = 0; i < 3; i++) {
    const child = spawnSync(process.execPath, [__filename, 'sql'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    const last = child.stdout.trim().split('\n').pop()!;
    if (!last.startsWith('{')) return child.stdout; // no benchmark database: the child says so
    runs.push(JSON.parse(last) as { total: number; text: string });
  }
  const sorted = [...runs].sort((a, b) => a.total - b.total);
  return `${sorted[1]!.text}\n  (the median of three runs, each in its own process: ${runs.map((r) => r.total.toFixed(2) + ' s').join(', ')})\n`;
}

/** The 10,000,000-entity draw, in a child process with a heap limit, for an honest peak RSS. */
function large(): void {
  const n = Number(process.env.BENCH_DRAW_LARGE ?? 10_000_000);
  if (!n) return;
  const heapMb = 1800;
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, path.join(__dirname, 'bench-draw-large.js'), String(n)], { encoding: 'utf8' });
  console.log(`\nssj-draw/1 engine, ${n.toLocaleString('en')} entities (3/5/20/60%), 300 inspectors, teams of 2, node --max-old-space-size=${heapMb}`);
  if (child.status !== 0) {
    console.log(`  did not complete: ${(child.stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? 'exit ' + child.status).trim()}`);
    return;
  }
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { selected: number; draw: number; write: number; sizeMb: number; maxRssMb: number };
  console.log(`  draw ${r.draw.toFixed(1)} s (${r.selected.toLocaleString('en')} selected); bundle written piece by piece with its SHA-256 in ${r.write.toFixed(1)} s, ${r.sizeMb.toFixed(0)} MiB`);
  console.log(`  peak RSS ${r.maxRssMb.toFixed(0)} MB (target: under 2,048)`);
}

// Each measurement in a process of its own, so that one's garbage does not slow the next: the draw
// from SQL first, while this process holds nothing (its engine run leaves a gigabyte to collect;
// after it, the draw from SQL took 3.4-3.8 s where it takes 2.5 s alone).
if (process.argv[2] === 'sql') fromSql();
else {
  const sql = fromSqlRuns();
  main();
  process.stdout.write(sql);
  large();
}
