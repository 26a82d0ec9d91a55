// Golden vectors of ssj-draw/1: fixed bundles whose results must never change. A failure here means
// the implementation no longer computes what it published; it is never fixed by rewriting a vector.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, bundleHash, bundleTextBound, canonicalBundle, canonicalBundlePieces, canonicalInputsPieces, verifyBundle, verifyChain, type Bundle } from '../../src/domain/bundle';
import { usccCheckChar } from '../../src/domain/uscc';
import { canonicalize, writeCanonical } from '../../src/domain/jcs';
import { H } from '../../src/domain/hash';

const load = (name: string): Bundle => JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.json`), 'utf8')) as Bundle;
const NAMES = ['market-monthly', 'joint-witnessed', 'edges'];

describe('golden vectors', () => {
  for (const name of NAMES) {
    it(`${name}: verifies, and rebuilding it from its task, seed and inputs gives the same bundle`, () => {
      const b = load(name);
      expect(verifyBundle(b)).toEqual({ ok: true });
      const { value: _value, ...seed } = b.seed;
      expect(buildBundle({ task: b.task, seed, inputs: b.inputs, previous: b.previous })).toEqual(b);
    });

    it(`${name}: the stored text spliced from the canonical inputs is exactly JCS of the bundle`, () => {
      const b = load(name);
      expect(canonicalBundle(b)).toBe(canonicalize(b));
      expect(canonicalBundle(b, canonicalize(b.inputs))).toBe(canonicalize(b));
      expect(H(canonicalBundle(b))).toBe(bundleHash(b));
      expect(canonicalInputsPieces(b.inputs, canonicalize(b.inputs.entities)).join('')).toBe(canonicalize(b.inputs));
      const bytes = [Buffer.from(canonicalize(b.inputs.entities))];
      const pieces = canonicalBundlePieces(b, canonicalInputsPieces(b.inputs, bytes).flat()).flat();
      expect(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString()).toBe(canonicalize(b));
    });

    it(`${name}: the bound of its text, known before pairing, is never below the text's length`, () => {
      const b = load(name);
      expect(bundleTextBound(b.inputs, b.result.selected)).toBeGreaterThanOrEqual(canonicalize(b).length);
    });

    it(`${name}: written in pieces (any piece size), the canonical text is the same`, () => {
      const b = load(name);
      for (const size of [1, 7, 4096, 1 << 20]) {
        const pieces: string[] = [];
        writeCanonical(b, (p) => pieces.push(p));
        writeCanonical(b, (p) => pieces.push(p), size);
        expect(pieces.join('')).toBe(canonicalize(b) + canonicalize(b));
      }
    });
  }

  it('bounds the text of a large bundle closely: never below it, at most a fifth above it', () => {
    const b = load('market-monthly');
    const entities = Array.from({ length: 20000 }, (_, i) => {
      const body = '91350100M' + String(i).padStart(8, '0');
      return { id: body + usccCheckChar(body), stratum: ['A', 'B', '片区/C'][i % 3]! };
    });
    const strata = [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 5000 }, { key: '片区/C', ratioBp: 10000 }];
    const { value: _v, ...seed } = b.seed;
    const big = buildBundle({ task: b.task, seed, previous: '', inputs: { ...b.inputs, entities, strata, exclusions: [] } });
    const length = canonicalize(big).length;
    const bound = bundleTextBound(big.inputs, big.result.selected);
    expect(bound).toBeGreaterThanOrEqual(length);
    expect(bound).toBeLessThanOrEqual(length * 1.2 + 64 * 1024);
  });

  it('pins a few results by value, so a change in hashing or sorting cannot pass unnoticed', () => {
    const m = load('market-monthly');
    expect(m.seed.value).toBe(H('ssj-draw/1|' + H('golden-secret-1') + '|'));
    expect(m.result.selected.map((s) => s.stratum)).toEqual([...m.result.selected.map((s) => s.stratum)].sort());
    const e = load('edges');
    expect(e.result.strata.map((s) => s.key)).toEqual(['B', 'empty', '甲', '\uffff', '😀']);
    expect(e.result.strata.map((s) => s.threshold === '')).toEqual([false, true, true, true, false]);
    expect(e.result.selected[0]).toEqual({
      entity: '913501030004704105', stratum: 'B', ticket: '01eea5918f94dca1f6e57286ed146d0e6cfe69dda62b42b5eda84f229d6d6850', inspectors: ['001', '😀-证', 'Z'],
    });
  });

  it('chains: the witnessed bundle names the monthly one as previous', () => {
    const chain = [load('market-monthly'), load('joint-witnessed')];
    expect(chain[1]!.previous).toBe(bundleHash(chain[0]!));
    expect(verifyChain(chain)).toEqual({ ok: true });
    expect(verifyChain([chain[1]!, chain[0]!])).toMatchObject({ ok: false });
  });
});

describe('tampering is found and located', () => {
  const cases: [string, (b: Bundle) => void, RegExp][] = [
    ['a swapped team member', (b) => (b.result.selected[3]!.inspectors[1] = b.inputs.inspectors[0]!.id), /^result\.selected\[3\]\.inspectors\[1\]/],
    ['an entity removed from the inputs', (b) => b.inputs.entities.splice(5, 1), /^inputsHash/],
    ['other witness numbers', (b) => (b.seed.entropy += '1'), /^seed\.value/],
    ['a re-rolled secret', (b) => (b.seed.secret = H('another secret')), /^seed\.secret/],
    ['a changed threshold', (b) => (b.result.strata[0]!.threshold = '0'.repeat(64)), /^result\.strata\[0\]\.threshold/],
    ['an extra selection', (b) => b.result.selected.push({ ...b.result.selected[0]! }), /^result\.selected\[\d+\]/],
    // Found by the audit: without entropy the seed was computed over the text "undefined" and matched.
    ['no entropy at all', (b) => delete (b.seed as Partial<Bundle['seed']>).entropy, /^seed\.entropy must be a string/],
    ['a secret that is not 64 hex characters (its hash still the commitment)', (b) => ((b.seed.secret = b.seed.secret.toUpperCase()), (b.seed.commitment = H(b.seed.secret))), /^seed\.secret is not 64 lowercase hex/],
    ['v2 inputs in a v1 bundle', (b) => ((b.inputs as { protocol: string }).protocol = 'ssj-draw/2'), /^inputs\.protocol must be ssj-draw\/1/],
  ];
  for (const [what, change, where] of cases) {
    it(what, () => {
      const b = load('joint-witnessed');
      change(b);
      const v = verifyBundle(b);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.difference).toMatch(where);
    });
  }

  it('a consistent re-draw with new inputs but the old hash of the chain is caught by the chain', () => {
    const [a, b] = [load('market-monthly'), load('joint-witnessed')];
    const { value: _v, ...seed } = a.seed;
    const redrawn = buildBundle({ task: a.task, seed, inputs: { ...a.inputs, entities: a.inputs.entities.slice(1) }, previous: '' });
    expect(verifyBundle(redrawn)).toEqual({ ok: true });
    expect(verifyChain([redrawn, b])).toMatchObject({ ok: false });
  });
});
