// The streaming verifier (for records too large for one string) against the in-memory one, on the
// golden ssj-draw/2 records and on tampered copies: the same verdicts, and a file that is not in
// canonical form is sent to the in-memory check instead of being judged.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/domain/jcs';
import { recordHash, verifyOutcomeRecord, type DrawRecord, type FailureRecord, type RegisterRecord } from '../../src/domain/draw-v2';
import { verifyRecordFile } from '../../src/verify-stream';
import { H } from '../../src/domain/hash';
import { tempDir } from '../helpers/server';
import { verifyFiles } from '../../src/verify';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const register = JSON.parse(fs.readFileSync(path.join(__dirname, 'v2', 'register.json'), 'utf8')) as RegisterRecord[];
const outcomes = register.filter((r): r is DrawRecord | FailureRecord => r.kind === 'draw' || r.kind === 'failure');
let n = 0;
const file = (text: string) => {
  const f = path.join(dir, `r${++n}.json`);
  fs.writeFileSync(f, text);
  return f;
};
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('the streaming verifier', () => {
  it('verifies every golden draw and failure record, with its hash', () => {
    expect(outcomes.map((r) => r.kind)).toEqual(['draw', 'draw', 'failure', 'draw']);
    for (const r of outcomes) {
      const v = verifyRecordFile(file(canonicalize(r)));
      expect(v, r.commitment.task.number).toMatchObject({ ok: true, kind: r.kind, hash: recordHash(r), eligible: r.inputs.entities.length });
      if (r.kind === 'draw' && v.ok) expect(v.selected).toBe(r.result.selected.length);
    }
  });

  const tampers: [string, (r: DrawRecord) => void][] = [
    ['an entity left out', (r) => r.inputs.entities.splice(2, 1)],
    ['a team member swapped', (r) => r.result.selected[1]!.inspectors.reverse()],
    ['a threshold changed', (r) => (r.result.strata[0]!.threshold = '0'.repeat(64))],
    ['an extra selection', (r) => r.result.selected.push({ ...r.result.selected[0]! })],
    ['a secret in capitals', (r) => (r.reveal.secret = r.reveal.secret.toUpperCase())],
    ['other witnesses', (r) => (r.reveal.entropy = '见证人：1')],
    ['a changed inspector', (r) => (r.inputs.inspectors[0]!.maxLoad = 1)],
    ['entities out of order', (r) => r.inputs.entities.reverse()],
    ['a drawn time after revealBy', (r) => (r.reveal.drawnAt = '2030-01-01T00:00:00+08:00')],
  ];
  for (const [what, change] of tampers) {
    it(`refuses ${what}, as the in-memory check does`, () => {
      const r = clone(outcomes[0] as DrawRecord);
      change(r);
      const memory = verifyOutcomeRecord(r);
      const stream = verifyRecordFile(file(canonicalize(r)));
      expect(memory.ok).toBe(false);
      expect(stream.ok, what).toBe(false);
      if (!memory.ok && !stream.ok) {
        expect(stream.canonical).toBe(true);
        // The same check catches it (the words of the first difference agree up to its detail).
        expect(stream.difference.split(':')[0]).toBe(memory.difference.split(':')[0]);
      }
    });
  }

  it('refuses a failure that names another slot', () => {
    const f = clone(outcomes[2] as FailureRecord);
    f.error.slot++;
    const v = verifyRecordFile(file(canonicalize(f)));
    expect(v).toMatchObject({ ok: false, difference: expect.stringMatching(/^error:/) });
  });

  it('is what npm run verify uses for a large file', () => {
    const f = file(canonicalize(outcomes[3]));
    const r = verifyFiles([f], Date.now(), 1);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/OK {2}ssj-draw\/2 draw \(checked in pieces\)/);
    const t = clone(outcomes[3] as DrawRecord);
    t.result.selected[0]!.inspectors.reverse();
    const bad = verifyFiles([file(canonicalize(t))], Date.now(), 1);
    expect(bad.code).toBe(1);
    expect(bad.lines[0]).toMatch(/FAILED {2}result\.selected\[0\]/);
  });

  it('sends a file not in canonical form to the in-memory check', () => {
    const v = verifyRecordFile(file(JSON.stringify(outcomes[0], null, 1)));
    expect(v).toMatchObject({ ok: false, canonical: false });
    expect(verifyRecordFile(file(canonicalize(outcomes[0]) + '\n'))).toMatchObject({ ok: false, canonical: false });
    // Truncated.
    const text = canonicalize(outcomes[0]);
    expect(verifyRecordFile(file(text.slice(0, text.length / 2)))).toMatchObject({ ok: false, canonical: false });
    expect(H(text)).toBe(recordHash(outcomes[0]));
  });
});
