// The draw benchmarks' population and bundle: N entities with valid USCCs in four credit classes
// (3/5/20/60%), 300 inspectors, teams of 2, a fixed secret. Shared by bench-draw and bench-draw-large.
import { buildBundle, type Bundle } from '../src/domain/bundle';
import { H } from '../src/domain/hash';
import { usccCheckChar } from '../src/domain/uscc';
import type { DrawInputs } from '../src/domain/draw';

/**
 * Ids made in increasing order (same prefix, fixed-width digits), so the list is sorted as §3 wants;
 * each a flat 18-character string, as a row read from SQLite gives (a concatenation keeps its parts).
 */
export function benchInputs(n: number): DrawInputs {
  const entities = new Array<{ id: string; stratum: string }>(n);
  const buf = Buffer.alloc(18);
  for (let i = 0; i < n; i++) {
    const body = '9135010' + String(i * 97 + 13).padStart(10, '0');
    buf.write(body + usccCheckChar(body), 'latin1');
    entities[i] = { id: buf.toString('latin1'), stratum: 'ABCD'[(i * 31) % 4]! };
  }
  return {
    protocol: 'ssj-draw/1',
    entities,
    strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 500 }, { key: 'C', ratioBp: 2000 }, { key: 'D', ratioBp: 6000 }],
    inspectors: Array.from({ length: 300 }, (_, i) => ({ id: '350131' + String(i).padStart(5, '0'), groups: [], maxLoad: null })),
    exclusions: [],
    team: { size: 2, groups: [] },
  };
}

export function benchBundle(inputs: DrawInputs, taskId: string): Bundle {
  const secret = H('bench secret');
  return buildBundle({
    task: { id: taskId, title: 'bench', department: 'bench', items: [], drawnAt: '2026-11-23T00:00:00Z' },
    seed: { commitment: H(secret), committedAt: '2026-11-22T00:00:00Z', secret, entropy: '' },
    inputs,
    previous: '',
  });
}
