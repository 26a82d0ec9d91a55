import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/domain/jcs';
import { verifyFiles } from '../../src/verify';
import { tempDir } from '../helpers/server';
import { drawRef, type RegisterRecord, type WithdrawalRecord } from '../../src/domain/draw-v2';

const golden = (n: string) => path.join(__dirname, `${n}.json`);

describe('npm run verify', () => {
  it('prints OK for a good bundle and checks several as a chain', () => {
    const r = verifyFiles([golden('market-monthly'), golden('joint-witnessed')]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/market-monthly\.json: OK/);
    expect(r.lines[2]).toBe('chain of 2 records: OK');
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

  it('says that one file alone cannot show a changed previous, and checks it when the record before is given', () => {
    const one = verifyFiles([golden('joint-witnessed')]);
    expect(one.code).toBe(0);
    expect(one.lines[1]).toMatch(/^previous: not checked/);
    const dir = tempDir();
    const b = JSON.parse(fs.readFileSync(golden('joint-witnessed'), 'utf8'));
    b.previous = b.previous.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    const f = path.join(dir, 'relinked.json');
    fs.writeFileSync(f, JSON.stringify(b));
    // Alone it verifies (the link is outside it); with its predecessor the changed link shows.
    expect(verifyFiles([f]).code).toBe(0);
    const r = verifyFiles([golden('market-monthly'), f]);
    expect(r.code).toBe(1);
    expect(r.lines[2]).toMatch(/^chain: FAILED .*relinked\.json: previous is/);
    fs.rmSync(dir, { recursive: true });
  });

  it('checks a v2 register whole, its draws against the bundle files given beside it', () => {
    const dir = tempDir();
    const records = JSON.parse(fs.readFileSync(path.join(__dirname, 'v2', 'register.json'), 'utf8')) as RegisterRecord[];
    const published = records.map((x) => (x.kind === 'draw' ? drawRef(x, null) : x));
    const reg = path.join(dir, 'register.json');
    fs.writeFileSync(reg, JSON.stringify(published));
    const files = records.filter((x) => x.kind === 'draw').map((d, i) => {
      const f = path.join(dir, `draw-${i}.json`);
      fs.writeFileSync(f, JSON.stringify(d));
      return f;
    });
    const r = verifyFiles([reg, ...files], Date.parse('2023-10-01T00:00:00Z'));
    expect(r.code).toBe(0);
    expect(r.lines.slice(0, 3).every((l) => /: OK {2}ssj-draw\/2 draw/.test(l))).toBe(true);
    expect(r.lines.at(-1)).toMatch(/register OK {2}11 records; 1 draws and failures recomputed whole, 3 draw bundles checked against their references; 0 open commitments, 0 overdue/);
    // A withdrawal of the first commitment moved after its beacon's time breaks the register.
    published[3] = { ...(published[3] as WithdrawalRecord), withdrawnAt: '2023-08-28T00:00:00+08:00' };
    fs.writeFileSync(reg, JSON.stringify(published));
    const bad = verifyFiles([reg], Date.parse('2023-10-01T00:00:00Z'));
    expect(bad.code).toBe(1);
    expect(bad.lines.join('\n')).toMatch(/record 4: a commitment is withdrawn only before its beacon's time/);
    fs.rmSync(dir, { recursive: true });
  });

  it('checks a register against bundle files read in pieces (a large record), the register itself read whole', () => {
    const dir = tempDir();
    const records = JSON.parse(fs.readFileSync(path.join(__dirname, 'v2', 'register.json'), 'utf8')) as RegisterRecord[];
    const reg = path.join(dir, 'register.json');
    fs.writeFileSync(reg, JSON.stringify(records.map((x) => (x.kind === 'draw' ? drawRef(x, null) : x))));
    // As the server writes records: canonical JSON (the check in pieces needs it).
    const files = records.filter((x) => x.kind === 'draw').map((d, i) => {
      const f = path.join(dir, `draw-${i}.json`);
      fs.writeFileSync(f, canonicalize(d));
      return f;
    });
    const r = verifyFiles([reg, ...files], Date.parse('2023-10-01T00:00:00Z'), 1);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.includes('(checked in pieces)'))).toHaveLength(3);
    expect(r.lines.at(-1)).toMatch(/register OK {2}11 records; 1 draws and failures recomputed whole, 3 draw bundles checked against their references;/);
    // A team changed inside a bundle: its file fails, and the register no longer counts it as checked.
    const changed = structuredClone(records.filter((x) => x.kind === 'draw')[0]!) as Extract<RegisterRecord, { kind: 'draw' }>;
    changed.result.selected[0]!.inspectors.reverse();
    fs.writeFileSync(files[0]!, canonicalize(changed));
    const bad = verifyFiles([reg, ...files], Date.parse('2023-10-01T00:00:00Z'), 1);
    expect(bad.code).toBe(1);
    expect(bad.lines.find((l) => l.startsWith(files[0]!))).toMatch(/FAILED {2}result\.selected\[0\]/);
    expect(bad.lines.at(-1)).toMatch(/2 draw bundles checked against their references \(1 given by reference only/);
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
