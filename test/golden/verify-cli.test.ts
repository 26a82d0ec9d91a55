import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyFiles } from '../../src/verify';
import { tempDir } from '../helpers/server';

const golden = (n: string) => path.join(__dirname, `${n}.json`);

describe('npm run verify', () => {
  it('prints OK for a good bundle and checks several as a chain', () => {
    const r = verifyFiles([golden('market-monthly'), golden('joint-witnessed')]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/market-monthly\.json: OK/);
    expect(r.lines[2]).toBe('chain of 2 bundles: OK');
  });

  it('prints the first difference of a tampered bundle and exits 1', () => {
    const dir = tempDir();
    const b = JSON.parse(fs.readFileSync(golden('edges'), 'utf8'));
    b.result.selected[2].inspectors.reverse();
    const f = path.join(dir, 'tampered.json');
    fs.writeFileSync(f, JSON.stringify(b));
    const r = verifyFiles([f]);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toMatch(/FAILED {2}result\.selected\[2\]\.inspectors\[0\]: the bundle says "Z", recomputed "001"/);
    fs.rmSync(dir, { recursive: true });
  });

  it('says when a file is not JSON', () => {
    const dir = tempDir();
    const f = path.join(dir, 'x.json');
    fs.writeFileSync(f, '{not json');
    expect(verifyFiles([f]).code).toBe(2);
    fs.rmSync(dir, { recursive: true });
  });
});
