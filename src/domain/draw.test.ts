import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { canonicalize, writeCanonical } from './jcs';
import { compareUtf8, H, H48 } from './hash';
import { assignTeams, checkInputs, draw, DrawError, quota, selectEntities, selectFromRuns, smallestTickets, ticket, ticketPrefix, uniform, type DrawInputs } from './draw';
import { usccCheckChar } from './uscc';

function uscc(n: number): string {
  const body = '91350100MA' + String(n).padStart(7, '0');
  return body + usccCheckChar(body);
}

function inputs(over: Partial<DrawInputs> = {}): DrawInputs {
  const entities = Array.from({ length: 200 }, (_, i) => ({ id: uscc(i), stratum: 'ABCD'[i % 4]! })).sort((a, b) => compareUtf8(a.id, b.id));
  return {
    protocol: 'ssj-draw/1',
    entities,
    strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 500 }, { key: 'C', ratioBp: 2000 }, { key: 'D', count: 30 }],
    inspectors: Array.from({ length: 12 }, (_, i) => ({ id: `3501${String(i).padStart(4, '0')}`, groups: [i % 2 ? 'kjj' : 'scjgj'], maxLoad: null })),
    exclusions: [],
    team: { size: 2, groups: [] },
    ...over,
  };
}

const SEED = H('test seed');

describe('building blocks', () => {
  it('seedrandom is the 3.x ARC4 generator (canary)', () => {
    expect(seedrandom('hello.')()).toBe(0.9282578795792454);
  });

  it('hashes UTF-8 with SHA-256', () => {
    expect(H('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(H('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(H('中')).toBe(H(Buffer.from([0xe4, 0xb8, 0xad]).toString('utf8')));
  });

  it('reads the first 48 bits of a hash as its first 12 hex digits do', () => {
    // 2,000 hashes: every leading byte value occurs, the high ones (≥ 0x80) among them.
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const s = `${i}|ticket|中${i}`;
      expect(H48(s)).toBe(parseInt(H(s).slice(0, 12), 16));
      seen.add(parseInt(H(s).slice(0, 2), 16));
    }
    expect(seen.size).toBeGreaterThan(250);
  });

  it('orders strings by UTF-8 bytes, also where UTF-16 order differs', () => {
    const samples = ['', 'a', 'ab', 'b', 'Z', 'é', '中', '\uffff', '\ue000', '😀', '😀a', 'a😀', '\ud7ff', '𠀀', 'A|B'];
    for (const a of samples) {
      for (const b of samples) {
        expect(Math.sign(compareUtf8(a, b)), `${a} vs ${b}`).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }
    }
    expect(compareUtf8('\uffff', '😀')).toBeLessThan(0);
    expect(['😀', '\uffff'].sort()).toEqual(['😀', '\uffff']); // the default sort gets this wrong
  });

  it('canonicalizes per RFC 8785 (key order by UTF-16 units, ECMAScript forms)', () => {
    const obj = { '\u20ac': 'Euro', '\r': 'CR', '\ufb33': 'Hebrew', '1': 'One', '\ud83d\ude00': 'Smiley', '\u0080': 'Ctl', '\u00f6': 'Latin' };
    expect(canonicalize(obj)).toBe('{"\\r":"CR","1":"One","\u0080":"Ctl","\u00f6":"Latin","\u20ac":"Euro","\ud83d\ude00":"Smiley","\ufb33":"Hebrew"}');
    expect(canonicalize({ b: [1, -0, 1e21, null, true], a: 'x"\n\u001f' })).toBe('{"a":"x\\"\\n\\u001f","b":[1,0,1e+21,null,true]}');
  });

  it('computes quotas in exact integers', () => {
    expect(quota({ key: 'A', ratioBp: 300 }, 100)).toBe(3);
    expect(quota({ key: 'A', ratioBp: 300 }, 101)).toBe(4);
    expect(quota({ key: 'A', ratioBp: 10000 }, 7)).toBe(7);
    expect(quota({ key: 'A', ratioBp: 0 }, 7)).toBe(0);
    expect(quota({ key: 'A', count: 50 }, 7)).toBe(7);
    expect(quota({ key: 'A', ratioBp: 333 }, 3000000)).toBe(99900);
  });

  it('draws uniform integers with the exact rejection rule', () => {
    const stream = (xs: number[]) => ({ int32: () => xs.shift()! | 0 });
    // m = 3: t = (2^32 - 3) mod 3 = 1, so u = 0 is rejected and the next value is used.
    expect(uniform(stream([0, 5]), 3)).toBe(2);
    expect(uniform(stream([1]), 3)).toBe(1);
    // Values read as unsigned: int32 -1 is 4294967295.
    expect(uniform(stream([-1]), 10)).toBe(4294967295 % 10);
    expect(uniform(stream([7]), 1)).toBe(0);
  });
});

describe('selection (§4)', () => {
  it('selects the k smallest tickets of each stratum, in draw order, with thresholds', () => {
    const inp = inputs();
    const { strata, selected } = selectEntities(SEED, inp);
    expect(strata.map((s) => [s.key, s.eligible, s.selected])).toEqual([['A', 50, 2], ['B', 50, 3], ['C', 50, 10], ['D', 50, 30]]);
    for (const s of strata) {
      const mine = selected.filter((x) => x.stratum === s.key);
      expect(mine.map((x) => x.ticket)).toEqual([...mine.map((x) => x.ticket)].sort());
      expect(s.threshold).toBe(mine[mine.length - 1]!.ticket);
      for (const e of inp.entities.filter((x) => x.stratum === s.key)) {
        const t = ticket(SEED, e.id);
        expect(mine.some((m) => m.entity === e.id)).toBe(t <= s.threshold);
      }
    }
  });

  it('selects from runs put in ticket order elsewhere exactly as from the whole population', () => {
    const entities = Array.from({ length: 3000 }, (_, i) => ({ id: uscc(i), stratum: 'ABC'[i % 3]! })).sort((a, b) => compareUtf8(a.id, b.id));
    const inp = inputs({ entities, strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 5000 }, { key: 'C', count: 1000 }] });
    const want = selectEntities(SEED, inp);
    const real = Float64Array.from(entities, (e) => ticketPrefix(SEED, e.id));
    const rng = seedrandom('runs');
    // Prefixes cut to their top 4 bits tie across runs all the time: then full tickets decide.
    for (const prefixes of [real, real.map((p) => Math.floor(p / 2 ** 44) * 2 ** 44)]) {
      for (const parts of [1, 2, 3]) {
        const runs = inp.strata.map((rule) => {
          const members = entities.flatMap((e, i) => (e.stratum === rule.key ? [i] : []));
          const split = Array.from({ length: parts }, () => [] as number[]);
          for (const i of members) split[Math.floor(rng() * parts)]!.push(i);
          return split.map((m) => smallestTickets(prefixes, Int32Array.from(m), m.length, (i) => ticket(SEED, entities[i]!.id), (i) => entities[i]!.id));
        });
        expect(selectFromRuns(SEED, inp, prefixes, runs)).toEqual(want);
      }
    }
    expect(want.selected.length).toBe(30 + 500 + 1000);
  });

  it('orders by full ticket, then id, where packed prefixes tie (ties forced by using few prefix bits)', () => {
    // Tickets made up so that many share prefixes, and two are identical (a collision: order by id).
    const ids = Array.from({ length: 3000 }, (_, i) => uscc(i));
    const tickets = ids.map((id, i) => (i === 7 || i === 2900 ? 'ab'.repeat(32) : H('t' + (i % 1500)).slice(0, 3) + H(id).slice(3)));
    const prefixes = Float64Array.from(tickets, (t) => parseInt(t.slice(0, 12), 16));
    const members = Int32Array.from(ids.keys()).reverse();
    const reference = [...members].sort((a, b) => (tickets[a]! < tickets[b]! ? -1 : tickets[a]! > tickets[b]! ? 1 : compareUtf8(ids[a]!, ids[b]!)));
    for (const bits of [2, 12, 30, undefined]) {
      for (const k of [1, 999, 3000, 5000]) {
        const got = smallestTickets(prefixes, members, k, (i) => tickets[i]!, (i) => ids[i]!, bits);
        expect([...got]).toEqual(reference.slice(0, k));
      }
    }
  });

  it("does not move an entity's chances when other rows are added or removed", () => {
    const inp = inputs();
    const before = selectEntities(SEED, inp).selected.map((x) => x.entity);
    const loser = inp.entities.find((e) => e.stratum === 'D' && !before.includes(e.id))!;
    const fewer = { ...inp, entities: inp.entities.filter((e) => e !== loser) };
    expect(selectEntities(SEED, fewer).selected.map((x) => x.entity)).toEqual(before);
  });
});

describe('teams (§5)', () => {
  it('gives each entity distinct inspectors, group slots from their group, balanced loads', () => {
    const inp = inputs({ team: { size: 3, groups: ['kjj', 'scjgj'] } });
    const r = draw(SEED, inp);
    const load = new Map<string, number>();
    for (const s of r.selected) {
      expect(new Set(s.inspectors).size).toBe(3);
      expect(inp.inspectors.find((p) => p.id === s.inspectors[0])!.groups).toContain('kjj');
      expect(inp.inspectors.find((p) => p.id === s.inspectors[1])!.groups).toContain('scjgj');
      for (const i of s.inspectors) load.set(i, (load.get(i) ?? 0) + 1);
    }
    const loads = [...load.values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('never pairs an excluded inspector with the entity, and respects maxLoad', () => {
    const base = inputs();
    const first = draw(SEED, base).selected[0]!;
    const exclusions = base.inspectors.slice(0, 6).map((p) => [p.id, first.entity] as [string, string]);
    const inspectors = base.inspectors.map((p, i) => ({ ...p, maxLoad: i === 11 ? 1 : null }));
    const r = draw(SEED, { ...base, exclusions, inspectors });
    const team = r.selected.find((s) => s.entity === first.entity)!.inspectors;
    for (const [i] of exclusions) expect(team).not.toContain(i);
    expect(r.selected.filter((s) => s.inspectors.includes(inspectors[11]!.id)).length).toBeLessThanOrEqual(1);
  });

  it('fails naming the entity, the slot and the rule that emptied it', () => {
    const base = inputs({ inspectors: inputs().inspectors.slice(0, 3) });
    const victim = selectEntities(SEED, base).selected[4]!;
    const exclusions = base.inspectors.slice(0, 2).map((p) => [p.id, victim.entity] as [string, string]);
    const run = (i: DrawInputs) => {
      try {
        draw(SEED, i);
      } catch (e) {
        return e as DrawError;
      }
      throw new Error('expected a DrawError');
    };
    let e = run({ ...base, exclusions });
    expect(e.detail).toEqual({ entity: victim.entity, slot: 'slot 2 (open)', slotIndex: 1, group: null, rule: 'exclusions', pool: 'inspectors' });
    expect(e.message).toContain(victim.entity);
    e = run({ ...base, inspectors: base.inspectors.map((p) => ({ ...p, maxLoad: 3 })) });
    expect(e.detail.rule).toBe('maxLoad');
    e = run({ ...base, team: { size: 2, groups: ['nobody'] } });
    expect(e.detail).toMatchObject({ slot: 'slot 1 (group nobody)', rule: 'group' });
  });

  it('uses the same stream for the same seed and a different one for another', () => {
    const inp = inputs();
    const sel = selectEntities(SEED, inp).selected;
    expect(assignTeams(SEED, inp, sel)).toEqual(assignTeams(SEED, inp, sel));
    expect(assignTeams(H('other'), inp, sel)).not.toEqual(assignTeams(SEED, inp, sel));
  });
});

describe('input checks', () => {
  it('refuses inputs that are not in canonical form or break the rules', () => {
    const inp = inputs();
    const bad: [Partial<DrawInputs>, RegExp][] = [
      [{ entities: [...inp.entities].reverse() }, /sorted/],
      [{ entities: [{ id: '91350100M000100Y44', stratum: 'A' }] }, /valid USCC/],
      [{ entities: [{ id: uscc(1), stratum: 'X' }] }, /no rule/],
      [{ team: { size: 1, groups: [] } }, /at least 2/],
      [{ strata: [{ key: 'A', ratioBp: 300 }, { key: 'A', count: 1 }] }, /sorted/],
      [{ exclusions: [['b', uscc(1)], ['a', uscc(1)]] }, /sorted/],
      [{ exclusions: [['ab', uscc(1)], ['a', uscc(1)]] }, /sorted/],
    ];
    for (const [over, msg] of bad) expect(() => checkInputs({ ...inp, ...over } as DrawInputs)).toThrow(msg);
    expect(() => checkInputs({ ...inp, exclusions: [['a', uscc(1)], ['ab', uscc(0)]] })).not.toThrow();
  });
});

describe('JCS fast path', () => {
  it('gives the same text as the general path for flat sorted objects, and falls back otherwise', () => {
    const cases: unknown[] = [
      { id: '91350100M000100Y43', stratum: '江滨区/A' },
      { a: 1.5, b: -0, c: null, d: true, e: 'x"\n\u2028😀' },
      { b: 1, a: 2 },
      { a: [1], b: 'x' },
      { a: undefined, b: 1 },
      { '\u00f6': 1, '\u20ac': 2, '😀': 3, '\ufb33': 4 },
    ];
    const slow = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      if (Array.isArray(v)) return '[' + v.map(slow).join(',') + ']';
      const o = v as Record<string, unknown>;
      return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + slow(o[k])).join(',') + '}';
    };
    for (const c of cases) expect(canonicalize(c)).toBe(slow(c));
  });
});

describe('canonical JSON (RFC 8785) of mixed arrays', () => {
  it('writes runs of flat objects natively and the rest by the general rule, the same text either way', () => {
    const flat = (i: number) => (i % 5 ? { id: `e${i}`, stratum: i % 3 ? 'A' : '层/二' } : { entity: `e${i}`, inspectors: ['x', -0, 1.5e21, true, null], stratum: 'D' });
    const mixed = Array.from({ length: 9000 }, (_, i) => (i === 7 ? { z: [i], a: { y: 1, b: -0 } } : i === 5000 ? null : flat(i)));
    const expected = '[' + mixed.map((x) => (x === null ? 'null' : 'z' in x ? `{"a":{"b":0,"y":1},"z":[${x.z[0]}]}` : 'entity' in x ? `{"entity":"${x.entity}","inspectors":["x",0,1.5e+21,true,null],"stratum":"D"}` : JSON.stringify(x))).join(',') + ']';
    expect(canonicalize(mixed)).toBe(expected);
    for (const size of [1, 100, 1 << 20]) {
      const pieces: string[] = [];
      writeCanonical({ list: mixed, empty: [] }, (p) => pieces.push(p), size);
      expect(pieces.join('')).toBe(`{"empty":[],"list":${expected}}`);
    }
  });
});

describe('team pairing (§5) against a plain reading of the protocol', () => {
  /** §5 as written: every slot scans every inspector; on failure names the rule as assignTeams documents. */
  function reference(seed: string, inp: DrawInputs, selected: { entity: string; stratum: string; ticket: string }[]) {
    const rng = seedrandom(H(`${seed}|assign`));
    const load = new Map(inp.inspectors.map((p) => [p.id, 0]));
    const excluded = (i: string, e: string) => inp.exclusions.some(([a, b]) => a === i && b === e);
    return selected.map((s) => {
      const team: string[] = [];
      const slots = [...inp.team.groups, ...Array<null>(inp.team.size - inp.team.groups.length).fill(null)];
      slots.forEach((g, n) => {
        const inGroup = inp.inspectors.filter((p) => g === null || p.groups.includes(g));
        const free = inGroup.filter((p) => !team.includes(p.id));
        const allowed = free.filter((p) => !excluded(p.id, s.entity));
        const candidates = allowed.filter((p) => p.maxLoad === null || load.get(p.id)! < p.maxLoad);
        if (candidates.length === 0) {
          const rule = inGroup.length === 0 ? 'group' : free.length === 0 ? 'team' : allowed.length === 0 ? 'exclusions' : 'maxLoad';
          throw new DrawError('x', { entity: s.entity, slot: g === null ? `slot ${n + 1} (open)` : `slot ${n + 1} (group ${g})`, rule });
        }
        const m = Math.min(...candidates.map((p) => load.get(p.id)!));
        const pool = candidates.filter((p) => load.get(p.id) === m).map((p) => p.id).sort(compareUtf8);
        const pick = pool[uniform(rng, pool.length)]!;
        load.set(pick, m + 1);
        team.push(pick);
      });
      return { entity: s.entity, inspectors: team, stratum: s.stratum, ticket: s.ticket };
    });
  }
  const outcome = (f: () => unknown) => {
    try {
      return { ok: f() };
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      // The plain reading names the entity, the slot and the rule (the slot's index and group are in its text).
      return { failed: { entity: e.detail.entity, slot: e.detail.slot, rule: e.detail.rule } };
    }
  };

  it('gives the same teams, or fails on the same entity, slot and rule, on 300 random pools', () => {
    const gen = seedrandom('pairing cases');
    const pick = (n: number) => Math.floor(gen() * n);
    let failures = 0;
    for (let c = 0; c < 300; c++) {
      const P = 2 + pick(25);
      const groups = ['kjj', 'scjgj', 'wjw'].slice(0, 1 + pick(3));
      const inspectors = Array.from({ length: P }, (_, i) => ({
        id: `35${String(i * 7 + pick(5)).padStart(5, '0')}-${i}`,
        groups: groups.filter(() => gen() < 0.5).sort(compareUtf8),
        maxLoad: gen() < 0.3 ? pick(6) : null,
      })).sort((a, b) => compareUtf8(a.id, b.id));
      const entities = Array.from({ length: 5 + pick(60) }, (_, i) => ({ entity: uscc(1000 + c * 100 + i), stratum: 'A', ticket: H(String(i)) }));
      const pairs = new Set<string>();
      for (let x = pick(3) === 0 ? 0 : pick(40); x > 0; x--) pairs.add(`${inspectors[pick(P)]!.id}|${entities[pick(entities.length)]!.entity}`);
      const exclusions = [...pairs].map((x) => x.split('|') as [string, string]).sort((a, b) => compareUtf8(a[0], b[0]) || compareUtf8(a[1], b[1]));
      const size = 2 + pick(3);
      const teamGroups = groups.filter(() => gen() < 0.4).slice(0, size);
      const inp = inputs({ inspectors, exclusions, team: { size, groups: teamGroups } });
      const seed = H('case ' + c);
      const got = outcome(() => assignTeams(seed, inp, entities));
      expect(got).toEqual(outcome(() => reference(seed, inp, entities)));
      if ('failed' in got) failures++;
    }
    // Both kinds of case were exercised.
    expect(failures).toBeGreaterThan(20);
    expect(failures).toBeLessThan(280);
  });
});
