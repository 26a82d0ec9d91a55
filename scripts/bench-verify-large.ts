// The streaming verifier at a province's scale (part of `npm run bench`): a 10,000,000-entity ssj-draw/2
// draw record made by the engine in a child process with a heap limit (as bench-draw-large does),
// written canonically piece by piece, then `npm run verify` of the file in a child process of its own,
// whose time and peak RSS are reported. BENCH_VERIFY_LARGE sets N (0 skips).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../src/root';
import { hasher } from '../src/domain/hash';
import { writeCanonical } from '../src/domain/jcs';
import { H } from '../src/domain/hash';
import { benchInputs } from './bench-draw-inputs';
import { beijingTime, buildCommitment, buildOutcome, drandRoundTime, type Beacon } from '../src/domain/draw-v2';

const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

/** Child: makes the record and writes it; prints one JSON line. */
function make(n: number, out: string): void {
  let t = process.hrtime.bigint();
  const inputs = { ...benchInputs(n), protocol: 'ssj-draw/2' as const };
  const secret = H('bench secret v2');
  const beacon: Beacon = { kind: 'witness', time: beijingTime(drandRoundTime(1000)), place: 'bench' };
  const commitment = buildCommitment({
    department: 'bench', task: { id: '1', number: 'bench', title: 'bench', items: [] }, committedAt: beijingTime(drandRoundTime(1000) - 30 * 3600_000), secret, inputs,
    publicStrata: false, beacon, leadHours: 24, revealBy: beijingTime(drandRoundTime(1000) + 72 * 3600_000), previous: '',
  });
  const record = buildOutcome({ commitment, secret, beacon: { ...beacon, value: '见证人：42' }, entropy: '', drawnAt: beijingTime(drandRoundTime(1000) + 600_000), inputs, previous: '' });
  const draw = secs(t);
  t = process.hrtime.bigint();
  const fd = fs.openSync(out, 'w');
  const h = hasher();
  writeCanonical(record, (piece) => {
    h.update(piece);
    fs.writeSync(fd, piece);
  });
  fs.closeSync(fd);
  console.log(JSON.stringify({ kind: record.kind, draw, write: secs(t), hash: h.digest(), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** Child: verifies the file as `npm run verify` does; prints its verdict, time and peak RSS. */
function check(file: string): void {
  const t = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { verifyFiles } = require('../src/verify') as typeof import('../src/verify');
  const r = verifyFiles([file]);
  console.log(JSON.stringify({ code: r.code, line: r.lines[0], secs: secs(t), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function main(): void {
  const n = Number(process.env.BENCH_VERIFY_LARGE ?? 10_000_000);
  if (!n) return;
  const out = path.join(projectRoot(), 'data', 'bench', `record-v2-${n}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const made = spawnSync(process.execPath, ['--max-old-space-size=2400', __filename, 'make', String(n), out], { encoding: 'utf8', maxBuffer: 1 << 20 });
  console.log(`\nssj-draw/2 record of ${n.toLocaleString('en')} entities (3/5/20/60%), 300 inspectors, checked in pieces by npm run verify`);
  if (made.status !== 0) {
    console.log(`  could not make the record: ${(made.stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? 'exit ' + made.status).trim()}`);
    return;
  }
  const m = JSON.parse(made.stdout.trim().split('\n').pop()!) as { kind: string; draw: number; write: number; hash: string; maxRssMb: number };
  const size = fs.statSync(out).size;
  const v = spawnSync(process.execPath, [__filename, 'check', out], { encoding: 'utf8' });
  fs.rmSync(out);
  if (v.status !== 0) {
    console.log(`  verify failed to run: ${v.stderr.split('\n').slice(0, 3).join(' ')}`);
    return;
  }
  const c = JSON.parse(v.stdout.trim().split('\n').pop()!) as { code: number; line: string; secs: number; maxRssMb: number };
  console.log(`  made by the engine in ${m.draw.toFixed(1)} s, written in ${m.write.toFixed(1)} s: ${(size / 1048576).toFixed(0)} MiB (peak RSS ${m.maxRssMb.toFixed(0)} MB)`);
  console.log(`  npm run verify: ${c.code === 0 ? 'OK' : 'FAILED'} in ${c.secs.toFixed(1)} s, peak RSS ${c.maxRssMb.toFixed(0)} MB (targets: under 60 s, under 1,024 MB)`);
  if (c.code !== 0 || !c.line.includes(m.hash)) console.log(`  ${c.line}`);
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'make') make(Number(a), b!);
else if (mode === 'check') check(a!);
else main();
