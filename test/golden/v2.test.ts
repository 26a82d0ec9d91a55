// Golden vectors of ssj-draw/2 (test/golden/v2/register.json, written once by scripts/golden-v2.ts and
// never rewritten): a register of every record kind, verified whole, rebuilt record by record, and
// published by reference. Then what a verifier must refuse, each a tampering of a golden record.
//
// The drand rounds are real quicknet rounds (chain 52db9ba7…, api.drand.sh/<chain>/public/<round>):
// round 2 b6b6a585… and round 3 b3fab6df… as quoted in ChainSafe forest's beacon tests; round 1000
// b44679b9… (randomness fe290bec…) as quoted in public drand client test suites; round 657413
// b713718a… (randomness fc1873a1…) from the README of mcdcam/python-drand-verify. Each is checked
// here against quicknet's public key, which no forger has.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { beijingTime, buildOutcome, drawRef, drandRoundAt, drandRoundTime, instant, recordHash, seedV2, verifyOutcomeRecord, type CommitmentRecord, type DrawRecord, type FailureRecord, type RegisterRecord, type WithdrawalRecord } from '../../src/domain/draw-v2';
import { verifyRegister, type RegisterEntry } from '../../src/domain/register';
import { checkDrandRound, verifyDrandRound } from '../../src/domain/drand';
import { H } from '../../src/domain/hash';

const REAL_ROUNDS: [number, string, string | null][] = [
  [2, 'b6b6a585449b66eb12e875b64fcbab3799861a00e4dbf092d99e969a5eac57dd3f798acf61e705fe4f093db926626807', null],
  [3, 'b3fab6df720b68cc47175f2c777e86d84187caab5770906f515ff1099cb01e4deaa027075d860823e49477b93c72bd64', null],
  [1000, 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39', 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd'],
  [657413, 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b', 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587'],
];

const load = (): RegisterRecord[] => JSON.parse(fs.readFileSync(path.join(__dirname, 'v2', 'register.json'), 'utf8')) as RegisterRecord[];
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const AFTER = instant('2023-10-01T00:00:00+08:00');

describe('drand quicknet rounds', () => {
  it('verifies real rounds against the chain key, their randomness the SHA-256 of the signature', () => {
    for (const [round, sig, randomness] of REAL_ROUNDS) {
      expect(verifyDrandRound(round, sig), String(round)).toBe(true);
      const r = createHash('sha256').update(Buffer.from(sig, 'hex')).digest('hex');
      if (randomness) expect(r).toBe(randomness);
      expect(checkDrandRound({ round, randomness: r, signature: sig }, round)).toEqual({ ok: true, value: { round, randomness: r, signature: sig } });
    }
  });

  it('refuses a signature of another round, a changed byte, a wrong length, and randomness that does not match', () => {
    const [, sig1000, rand1000] = REAL_ROUNDS[2]!;
    expect(verifyDrandRound(1001, sig1000)).toBe(false);
    const flipped = (sig1000.slice(0, 40) + (sig1000[40] === '0' ? '1' : '0') + sig1000.slice(41));
    expect(verifyDrandRound(1000, flipped)).toBe(false);
    expect(verifyDrandRound(1000, sig1000.slice(0, 94))).toBe(false);
    expect(checkDrandRound({ round: 1001, randomness: rand1000, signature: sig1000 }, 1001)).toMatchObject({ ok: false, message: expect.stringContaining('签名验证失败') });
    expect(checkDrandRound({ round: 1000, randomness: rand1000!.replace(/^f/, '0'), signature: sig1000 }, 1000)).toMatchObject({ ok: false, message: expect.stringContaining('SHA-256') });
    expect(checkDrandRound({ round: 999, randomness: rand1000, signature: sig1000 }, 1000)).toMatchObject({ ok: false, message: expect.stringContaining('轮次不符') });
  });

  it("computes a round's time and the round at a time as quicknet publishes them", () => {
    expect(beijingTime(drandRoundTime(1000))).toBe('2023-08-23T23:59:24+08:00');
    expect(beijingTime(drandRoundTime(657413))).toBe('2023-09-15T19:00:03+08:00');
    expect(drandRoundAt(drandRoundTime(657413))).toBe(657413);
    expect(drandRoundAt(drandRoundTime(657413) + 1)).toBe(657414);
  });
});

describe('the golden register', () => {
  it('holds every kind of record and verifies whole: chain, outcomes, withdrawals, times, every draw and failure', () => {
    const r = load();
    expect(r.map((x) => x.kind)).toEqual(['commitment', 'draw', 'commitment', 'withdrawal', 'commitment', 'draw', 'commitment', 'failure', 'commitment', 'draw', 'withdrawal']);
    expect(r.map((x) => (x.kind === 'commitment' ? x.beacon.kind : '')).filter(Boolean)).toEqual(['drand', 'lottery', 'lottery', 'witness', 'drand']);
    expect(verifyRegister(r, { now: AFTER })).toEqual({ ok: true, problems: [], overdue: [], open: [], records: 11 });
    for (const x of r) if (x.kind === 'draw' || x.kind === 'failure') expect(verifyOutcomeRecord(x)).toEqual({ ok: true });
    const f = r[7] as FailureRecord;
    expect(f.error).toMatchObject({ pool: 'inspectors', group: null });
    expect(f.error.message).toMatch(/maxLoad/);
  });

  it('rebuilds each draw and failure from its commitment, secret, beacon value, entropy and inputs', () => {
    const r = load();
    r.forEach((x, i) => {
      if (x.kind !== 'draw' && x.kind !== 'failure') return;
      const again = buildOutcome({ commitment: x.commitment, secret: x.reveal.secret, beacon: x.reveal.beacon, entropy: x.reveal.entropy, drawnAt: x.reveal.drawnAt, inputs: x.inputs, previous: recordHash(r[i - 1]) });
      expect(again).toEqual(x);
      expect(x.reveal.seed).toBe(seedV2(x.reveal.secret, x.commitment.inputsHash, x.reveal.beacon.value, x.reveal.entropy));
    });
  });

  it('published with draws by reference, verifies against the bundle files, and refuses a file that differs', () => {
    const r = load();
    const published: RegisterEntry[] = r.map((x) => (x.kind === 'draw' ? drawRef(x, null) : x));
    const bundles = new Map(r.filter((x): x is DrawRecord => x.kind === 'draw').map((d) => [recordHash(d), d as unknown]));
    expect(verifyRegister(published, { now: AFTER }).ok).toBe(true);
    expect(verifyRegister(published, { now: AFTER, bundles }).ok).toBe(true);
    // A file whose result was changed no longer hashes to its reference.
    const changed = clone(r[1] as DrawRecord);
    changed.result.selected[0]!.inspectors.reverse();
    const report = verifyRegister(published, { now: AFTER, bundles: new Map([[recordHash(r[1]), changed as unknown]]) });
    expect(report.problems).toEqual(['record 2: the bundle file does not hash to its reference']);
  });

  it('keeps the seed of "a|b" + "c" apart from "a" + "b|c"', () => {
    expect(seedV2('0'.repeat(64), 'h', 'a|b', 'c')).not.toBe(seedV2('0'.repeat(64), 'h', 'a', 'b|c'));
  });
});

describe('what a verifier refuses', () => {
  const draw = () => clone(load()[1] as DrawRecord);
  const no = (r: DrawRecord | FailureRecord) => {
    const v = verifyOutcomeRecord(r);
    expect(v.ok).toBe(false);
    return v.ok ? '' : v.difference;
  };

  it('a draw whose population changed after the commitment (an entity left out)', () => {
    const d = draw();
    d.inputs.entities.splice(3, 1);
    expect(no(d)).toMatch(/inputsHash/);
    d.inputsHash = H('x');
    expect(no(d)).toMatch(/not the committed one/);
  });

  it('a changed beacon value, a forged drand signature, a beacon other than the named one', () => {
    const a = draw();
    a.reveal.beacon.value = a.reveal.beacon.value.replace(/^f/, 'e');
    expect(no(a)).toMatch(/SHA-256 of the signature/);
    const b = draw();
    b.reveal.beacon = { ...b.reveal.beacon, round: 1001 } as typeof b.reveal.beacon;
    expect(no(b)).toMatch(/not the beacon the commitment named/);
  });

  it('a secret that is not 64 hex characters, a missing entropy, a reseeded result', () => {
    const a = draw();
    a.reveal.secret = a.reveal.secret.toUpperCase();
    expect(no(a)).toMatch(/64 lowercase hex/);
    const b = draw();
    delete (b.reveal as Partial<typeof b.reveal>).entropy;
    expect(no(b)).toMatch(/entropy must be a string/);
    const c = draw();
    c.reveal.entropy = '见证人：1234';
    expect(no(c)).toMatch(/reveal.seed/);
  });

  it('a draw dated before its beacon or after revealBy, and a commitment whose beacon comes too soon', () => {
    const a = draw();
    a.reveal.drawnAt = '2023-08-23T23:59:00+08:00';
    expect(no(a)).toMatch(/not after the beacon's time/);
    const b = draw();
    b.reveal.drawnAt = '2023-08-27T00:00:00+08:00';
    expect(no(b)).toMatch(/not before revealBy/);
    const c = draw();
    c.commitment.committedAt = '2023-08-23T09:00:00+08:00';
    expect(no(c)).toMatch(/less than leadHours/);
    const d = draw();
    d.commitment.beacon = { ...d.commitment.beacon, time: '2023-08-23T23:59:25+08:00' } as typeof d.commitment.beacon;
    expect(no(d)).toMatch(/not round 1000's time/);
  });

  it('a failure that does not fail where it says, and a draw passed off as a failure', () => {
    const f = clone(load()[7] as FailureRecord);
    f.error.slot = f.error.slot + 1;
    expect(no(f)).toMatch(/^error:/);
    const d = clone(load()[1] as DrawRecord) as unknown as FailureRecord & { result?: unknown };
    delete d.result;
    d.kind = 'failure';
    d.error = { entity: d.inputs.entities[0]!.id, pool: 'inspectors', slot: 0, group: null, message: '无人可选' };
    expect(no(d)).toBe('the failure recomputes to a complete draw');
  });
});

describe('register rules', () => {
  const relink = (r: RegisterEntry[]): RegisterEntry[] => {
    // Restores the chain after an edit, so that only the rule under test is broken.
    const out: RegisterEntry[] = [];
    for (const x of r) {
      const y = clone(x) as RegisterRecord;
      y.previous = out.length ? recordHash(out[out.length - 1]) : '';
      out.push(y);
    }
    return out;
  };

  it('a second outcome of one commitment, a withdrawal after the beacon, a second open commitment, a time going back, a broken link', () => {
    const r = load();
    // The first draw again, with other witness values: the commitment already has its outcome.
    const again = clone(r[1] as DrawRecord);
    const redrawn = buildOutcome({ commitment: again.commitment, secret: again.reveal.secret, beacon: again.reveal.beacon, entropy: '见证人：42', drawnAt: '2023-09-16T11:00:00+08:00', inputs: again.inputs, previous: '' });
    expect(verifyRegister(relink([...r, redrawn]), { now: AFTER }).problems).toContain('record 12: the commitment already has an outcome');

    const late = clone(r[3] as WithdrawalRecord);
    late.withdrawnAt = '2023-08-27T21:30:00+08:00';
    expect(verifyRegister(relink([...r.slice(0, 3), late, ...r.slice(4)]), { now: AFTER }).problems).toContain("record 4: a commitment is withdrawn only before its beacon's time");

    const second = clone(r[2] as CommitmentRecord);
    second.committedAt = '2023-08-25T10:00:00+08:00';
    const problems = verifyRegister(relink([...r.slice(0, 3), second]), { now: AFTER }).problems;
    expect(problems).toContain('record 4: task 2 already has an open commitment');

    const back = clone(r[3] as WithdrawalRecord);
    back.withdrawnAt = '2023-08-24T08:00:00+08:00';
    expect(verifyRegister(relink([...r.slice(0, 3), back, ...r.slice(4)]), { now: AFTER }).problems).toContain('record 4: its time goes back before the record before it');

    const broken = clone(r);
    broken[5]!.previous = H('elsewhere');
    expect(verifyRegister(broken, { now: AFTER }).problems[0]).toMatch(/^record 6: previous is/);
  });

  it('reports an open commitment past revealBy as overdue', () => {
    const r = load().slice(0, 3);
    const open = verifyRegister(r, { now: instant('2023-08-28T00:00:00+08:00') });
    expect(open.ok).toBe(true);
    expect(open.open).toEqual([recordHash(r[2])]);
    expect(open.overdue).toEqual([]);
    expect(verifyRegister(r, { now: AFTER }).overdue).toEqual([recordHash(r[2])]);
  });
});
