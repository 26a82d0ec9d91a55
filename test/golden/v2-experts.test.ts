// ssj-draw/2 §4a, experts beside the inspectors, against the golden vectors of
// test/golden/v2/experts.json (written once by scripts/golden-v2-experts.ts, never rewritten): a draw
// with two expert slots per team (the first a 财务 group slot) and a failure in the expert pool. The
// rules are checked on the vectors directly (group slot, exclusions, no one in both pools, loads),
// and both verifiers (in memory and in pieces) recompute them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordHash, verifyOutcomeRecord, type DrawRecord, type FailureRecord, type RegisterRecord } from '../../src/domain/draw-v2';
import { verifyRegister } from '../../src/domain/register';
import { selectEntities } from '../../src/domain/draw';
import { canonicalize } from '../../src/domain/jcs';
import { verifyRecordFile } from '../../src/verify-stream';

const FILE = path.join(__dirname, 'v2', 'experts.json');
const load = (): RegisterRecord[] => JSON.parse(fs.readFileSync(FILE, 'utf8')) as RegisterRecord[];
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** verifyRecordFile of the record written canonically to a file (as the server writes it). */
function inPieces(r: unknown): ReturnType<typeof verifyRecordFile> {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ssj-experts-')), 'record.json');
  try {
    fs.writeFileSync(f, canonicalize(r));
    return verifyRecordFile(f);
  } finally {
    fs.rmSync(path.dirname(f), { recursive: true, force: true });
  }
}

describe('ssj-draw/2 §4a: experts', () => {
  const [c1, draw, c2, failure] = load() as [RegisterRecord, DrawRecord, RegisterRecord, FailureRecord];

  it('is a register of two commitments, a draw and a failure, chained and verified', () => {
    expect(load().map((r) => r.kind)).toEqual(['commitment', 'draw', 'commitment', 'failure']);
    expect(verifyRegister(load(), { now: Date.parse('2023-11-01T00:00:00Z') })).toMatchObject({ ok: true, problems: [] });
    expect(c1.kind === 'commitment' && c1.counts).toEqual({ eligible: draw.inputs.entities.length, strata: null, inspectors: 10, experts: 9 });
    expect(c2.kind).toBe('commitment');
  });

  it('fills each team\'s expert slots by the rules: group slot first, exclusions, never an inspector, within maxLoad', () => {
    const experts = new Map(draw.inputs.experts!.map((e) => [e.id, e]));
    const inspectors = new Set(draw.inputs.inspectors.map((p) => p.id));
    const excluded = new Set(draw.inputs.exclusions.map(([a, b]) => a + '|' + b));
    expect(draw.inputs.team).toEqual({ size: 2, groups: [], experts: 2, expertGroups: ['财务'] });
    expect(draw.result.selected.length).toBeGreaterThan(10);
    const load = new Map<string, number>();
    for (const s of draw.result.selected) {
      expect(s.experts).toHaveLength(2);
      expect(new Set(s.experts).size).toBe(2);
      expect(experts.get(s.experts![0]!)!.groups).toContain('财务');
      for (const e of s.experts!) {
        expect(experts.has(e)).toBe(true);
        expect(inspectors.has(e)).toBe(false);
        expect(excluded.has(e + '|' + s.entity)).toBe(false);
        load.set(e, (load.get(e) ?? 0) + 1);
      }
      // Keys in canonical order, experts between entity and inspectors.
      expect(Object.keys(s)).toEqual(['entity', 'experts', 'inspectors', 'stratum', 'ticket']);
    }
    // Loads kept apart from the inspectors' and levelled: the open slot's experts differ by at most one.
    const open = [...experts.values()].filter((e) => !e.groups.includes('财务')).map((e) => load.get(e.id) ?? 0);
    expect(Math.max(...open) - Math.min(...open)).toBeLessThanOrEqual(1);
  });

  it('recomputes the draw and the failure in memory and in pieces', () => {
    expect(verifyOutcomeRecord(draw)).toEqual({ ok: true });
    expect(verifyOutcomeRecord(failure)).toEqual({ ok: true });
    expect(inPieces(draw)).toMatchObject({ ok: true, kind: 'draw', hash: recordHash(draw), selected: draw.result.selected.length });
    expect(inPieces(failure)).toMatchObject({ ok: true, kind: 'failure', hash: recordHash(failure) });
  });

  it('names the failing expert slot once the three 财务 experts (maxLoad 1) are used: by the fourth entity at the latest', () => {
    expect(failure.inputs.experts!.filter((e) => e.groups.includes('财务'))).toHaveLength(3);
    expect(failure.inputs.experts!.every((e) => e.maxLoad === 1)).toBe(true);
    // Each entity takes one 财务 expert in its group slot, and its open slot may take another.
    const order = selectEntities(failure.reveal.seed, failure.inputs).selected.map((s) => s.entity);
    const at = order.indexOf(failure.error.entity);
    expect(at).toBeGreaterThanOrEqual(1);
    expect(at).toBeLessThanOrEqual(3);
    expect(failure.error).toMatchObject({ pool: 'experts', slot: 0, group: '财务', message: expect.stringContaining('maxLoad') });
  });

  it('finds a changed expert, a missing expert list and expert fields where they may not be', () => {
    const swapped = clone(draw);
    const s = swapped.result.selected[0]!;
    s.experts![1] = draw.inputs.experts!.find((e) => !s.experts!.includes(e.id))!.id;
    expect(verifyOutcomeRecord(swapped)).toMatchObject({ ok: false, difference: expect.stringContaining('result.selected[0]') });
    expect(inPieces(swapped)).toMatchObject({ ok: false, difference: expect.stringContaining('result.selected[0]') });
    const dropped = clone(draw);
    delete dropped.result.selected[0]!.experts;
    expect(verifyOutcomeRecord(dropped)).toMatchObject({ ok: false, difference: expect.stringContaining('result.selected[0]') });
    // Experts without team.experts (or the reverse), and a person in both pools, are not valid inputs.
    const noTeam = clone(draw);
    delete noTeam.inputs.team.experts;
    expect(verifyOutcomeRecord(noTeam)).toMatchObject({ ok: false });
    const both = clone(draw);
    both.inputs.experts![0]!.id = both.inputs.inspectors[0]!.id;
    both.inputs.experts!.sort((a, b) => (a.id < b.id ? -1 : 1));
    const checked = verifyOutcomeRecord(both);
    expect(checked.ok).toBe(false);
    // The failure in the other pool is not the same failure.
    const otherPool = clone(failure);
    otherPool.error.pool = 'inspectors';
    expect(verifyOutcomeRecord(otherPool)).toMatchObject({ ok: false, difference: expect.stringContaining('error') });
  });
});
