// Child process of the draw benchmark: one ssj-draw/1 draw of N entities (default 10,000,000; four
// classes at 3/5/20/60%, 300 inspectors, teams of 2), its bundle written to a file piece by piece
// with its hash. Reports times, the bundle's size and the process's peak RSS, as one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { hasher } from '../src/domain/hash';
import { writeCanonical } from '../src/domain/jcs';
import { benchBundle, benchInputs } from './bench-draw-inputs';
import { projectRoot } from '../src/root';

const N = Number(process.argv[2] ?? 10_000_000);
const out = process.argv[3] ?? path.join(projectRoot(), 'data', 'bench', `bundle-${N}.json`);
const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

let t = process.hrtime.bigint();
const inputs = benchInputs(N);
const generate = secs(t);
t = process.hrtime.bigint();
const bundle = benchBundle(inputs, 'bench-large');
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
