// Child process of the draw benchmark: one ssj-draw/1 draw of N entities (default 10,000,000; four
// classes at 3/5/20/60%, 300 inspectors, teams of 2), its bundle written to a file piece by piece
// with its hash. Reports times, the bundle's size and the process's peak RSS, as one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { buildBundle } from '../src/domain/bundle';
import { H, hasher } from '../src/domain/hash';
import { writeCanonical } from '../src/domain/jcs';
import { usccCheckChar } from '../src/domain/uscc';
import type { DrawInputs } from '../src/domain/draw';

const N = Number(process.argv[2] ?? 10_000_000);
const out = process.argv[3] ?? path.join('data', 'bench', `bundle-${N}.json`);
const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

let t = process.hrtime.bigint();
// Ids made in increasing order (same prefix, fixed-width digits), so the list is sorted as §3 wants;
// each a flat 18-character string, as a row read from SQLite gives (a concatenation would keep its parts).
const entities = new Array<{ id: string; stratum: string }>(N);
const buf = Buffer.alloc(18);
for (let i = 0; i < N; i++) {
  const body = '9135010' + String(i * 97 + 13).padStart(10, '0');
  buf.write(body + usccCheckChar(body), 'latin1');
  entities[i] = { id: buf.toString('latin1'), stratum: 'ABCD'[(i * 31) % 4]! };
}
const inputs: DrawInputs = {
  protocol: 'ssj-draw/1',
  entities,
  strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 500 }, { key: 'C', ratioBp: 2000 }, { key: 'D', ratioBp: 6000 }],
  inspectors: Array.from({ length: 300 }, (_, i) => ({ id: '350131' + String(i).padStart(5, '0'), groups: [], maxLoad: null })),
  exclusions: [],
  team: { size: 2, groups: [] },
};
const generate = secs(t);
const secret = H('bench secret');
t = process.hrtime.bigint();
const bundle = buildBundle({
  task: { id: 'bench-large', title: 'bench', department: 'bench', items: [], drawnAt: '2026-11-23T00:00:00Z' },
  seed: { commitment: H(secret), committedAt: '2026-11-22T00:00:00Z', secret, entropy: '' },
  inputs,
  previous: '',
});
const draw = secs(t);
t = process.hrtime.bigint();
fs.mkdirSync(path.dirname(out), { recursive: true });
const fd = fs.openSync(out, 'w');
const h = hasher();
writeCanonical(bundle, (piece) => {
  h.update(piece);
  fs.writeSync(fd, piece);
});
fs.closeSync(fd);
const hash = h.digest();
const write = secs(t);
const size = fs.statSync(out).size;
fs.rmSync(out);
console.log(JSON.stringify({ n: N, selected: bundle.result.selected.length, generate, draw, write, sizeMb: size / 1048576, hash, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
