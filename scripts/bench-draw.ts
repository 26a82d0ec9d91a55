// Benchmark of the ssj-draw/1 engine (part of `npm run bench`): a 1,000,000-entity draw with four
// credit classes at 3%, 5%, 20%, 60%, 300 inspectors, teams of 2; baselines from the same run:
// hashing the tickets alone, and hashing the canonical inputs. Then verifying the bundle, and its size.
import { buildBundle, verifyBundle } from '../src/domain/bundle';
import { compareUtf8, H } from '../src/domain/hash';
import { canonicalize } from '../src/domain/jcs';
import { ticket, type DrawInputs } from '../src/domain/draw';
import { usccCheckChar } from '../src/domain/uscc';

const N = Number(process.env.BENCH_DRAW_ROWS ?? 1_000_000);
const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

function main(): void {
  const entities = [];
  for (let i = 0; i < N; i++) {
    const body = '9135010' + String(i * 7919 % 10_000_000_000).padStart(10, '0');
    entities.push({ id: body + usccCheckChar(body), stratum: 'ABCD'[(i * 31) % 4]! });
  }
  entities.sort((a, b) => compareUtf8(a.id, b.id));
  const inputs: DrawInputs = {
    protocol: 'ssj-draw/1',
    entities,
    strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 500 }, { key: 'C', ratioBp: 2000 }, { key: 'D', ratioBp: 6000 }],
    inspectors: Array.from({ length: 300 }, (_, i) => ({ id: '350131' + String(i).padStart(5, '0'), groups: [], maxLoad: null })),
    exclusions: [],
    team: { size: 2, groups: [] },
  };
  const secret = H('bench secret');
  const seed = H('bench seed');
  let t = process.hrtime.bigint();
  for (const e of entities) ticket(seed, e.id);
  const hashing = secs(t);
  t = process.hrtime.bigint();
  H(canonicalize(inputs));
  const inputsHash = secs(t);
  t = process.hrtime.bigint();
  const bundle = buildBundle({
    task: { id: 'bench', title: 'bench', department: 'bench', items: [], drawnAt: '2026-11-23T00:00:00Z' },
    seed: { commitment: H(secret), committedAt: '2026-11-22T00:00:00Z', secret, entropy: '' },
    inputs,
    previous: '',
  });
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

main();
