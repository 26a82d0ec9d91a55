import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, prepareDraw, commitTask, voidDraw, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { H } from '../../src/domain/hash';
import { bundleHash, verifyBundle, verifyChain, type Bundle } from '../../src/domain/bundle';
import { seedValue, ticket } from '../../src/domain/draw';
import { departmentBundleTexts, drawBundleText, getDraw, getTask } from '../../src/store/tasks';
import { PIECE_BYTES } from '../../src/store/bundle-pieces';
import { addManualExclusion, addRecusal } from '../../src/store/draw-population';
import { readPart, readPopulation } from '../../src/services/population';
import { registerRows } from '../../src/store/register';
import { checkRegister } from '../../src/services/register';
import { canonicalize } from '../../src/domain/jcs';
import type { NewTask } from '../../src/store/tasks';

let s: TestServer;
const NOW = new Date('2026-11-23T02:00:00Z');
/** Forty days on: draws after the one that draws then are dated then too (the register's times never go back). */
const LATER = new Date(NOW.getTime() + 40 * 86400000);
let n = 0;

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const dept = (code: string) => (s.db.prepare('SELECT id FROM departments WHERE code = ?').get(code) as { id: number }).id;
const item = (code: string) => (s.db.prepare('SELECT id FROM items WHERE code = ?').get(code) as { id: number }).id;

function task(over: Partial<NewTask> = {}): number {
  const r = createTask(s.db, {
    departmentId: dept('scjgj'), number: `临江市市场监管局抽查〔2026〕${++n}号`, title: '企业公示信息抽查', filters: {}, strataMode: 'class',
    strataRules: DEFAULT_CLASS_RULES, recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false,
    avoidLastInspector: true, createdBy: 'admin', itemIds: [item('SJ-001')], now: NOW.toISOString(), ...over,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const count = (sql: string, ...p: unknown[]) => (s.db.prepare(sql).get(...p) as { n: number }).n;
const inspectorRow = (cert: string) => s.db.prepare('SELECT region, status, cert_expiry AS expiry, is_expert AS expert, department_id AS dept FROM inspectors WHERE cert_no = ?').get(cert) as {
  region: string; status: string; expiry: string; expert: string; dept: number;
};

// These steps are one story, in order (each builds on the records the one before made).
describe('draws from commitment to chain', { shuffle: false }, () => {
  describe('tasks', () => {
    it('refuses a team of one, a task without items, and a reused number', () => {
      const base = { departmentId: dept('scjgj'), title: 't', filters: {}, strataMode: 'class' as const, strataRules: DEFAULT_CLASS_RULES, recentMonths: 12, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: true, createdBy: 'a', now: NOW.toISOString() };
      expect(createTask(s.db, { ...base, number: 'x-1', teamSize: 1, itemIds: [item('SJ-001')] })).toEqual({ ok: false, message: expect.stringContaining('至少需要2名') });
      expect(createTask(s.db, { ...base, number: 'x-2', teamSize: 2, itemIds: [] })).toEqual({ ok: false, message: expect.stringContaining('清单之外') });
      const id = task();
      expect(createTask(s.db, { ...base, number: getTask(s.db, id)!.number, teamSize: 2, itemIds: [item('SJ-001')] })).toMatchObject({ ok: false, message: expect.stringContaining('已存在') });
    });
  });

  describe('commit, then reveal', () => {
    let id: number;
    let bundle: Bundle;

    it('will not draw before a commitment exists', () => {
      id = task();
      expect(drawTask(s.db, id, [], 'admin', NOW)).toEqual({ ok: false, message: '请先生成并公布承诺值，再进行抽取' });
    });

    it('publishes H(secret) and keeps the secret for the draw', () => {
      const r = commitTask(s.db, id, 'admin', NOW);
      expect(r.ok).toBe(true);
      const row = s.db.prepare('SELECT secret, commitment FROM commitments WHERE task_id = ?').get(id) as { secret: string; commitment: string };
      expect(row.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(H(row.secret)).toBe(row.commitment);
      expect(r.ok && r.value).toBe(row.commitment);
      expect(getTask(s.db, id)!.status).toBe('已承诺');
      expect(commitTask(s.db, id, 'admin', NOW).ok).toBe(false);
    });

    it('draws with the witnesses’ values, stores a bundle anyone can verify, and freezes the task', () => {
      const r = drawTask(s.db, id, [{ name: '见证人王伟', value: '4817' }, { name: '企业代表李娜', value: '0923' }], 'admin', NOW);
      if (!r.ok) throw new Error(r.message);
      bundle = r.value.bundle;
      expect(bundle.seed.entropy).toBe('见证人王伟：4817；企业代表李娜：0923');
      expect(bundle.seed.value).toBe(seedValue(bundle.seed.secret, bundle.seed.entropy));
      const row = { bundle: drawBundleText(s.db, r.value.drawId)!, hash: getDraw(s.db, r.value.drawId)!.bundleHash };
      const stored = JSON.parse(row.bundle);
      expect(verifyBundle(stored)).toEqual({ ok: true });
      expect(row.hash).toBe(bundleHash(stored));
      expect(row.hash).toBe(H(row.bundle));
      expect(s.db.prepare('SELECT count(*) FROM draw_bundle_pieces WHERE draw_id = ?').pluck().get(r.value.drawId)).toBe(Math.ceil(Buffer.byteLength(row.bundle) / PIECE_BYTES));
      // The bundle (larger than a page) is not in the draw's row: reading drawn_at or void_reason reads no bundle.
      expect(row.bundle.length).toBeGreaterThan(16384);
      expect(s.db.prepare("SELECT count(*) FROM dbstat WHERE name = 'draws' AND pagetype = 'overflow'").pluck().get()).toBe(0);
      expect(count('SELECT count(*) AS n FROM draw_selections WHERE draw_id = ?', r.value.drawId)).toBe(bundle.result.selected.length);
      expect(getTask(s.db, id)!.status).toBe('已抽取');
      expect(drawTask(s.db, id, [], 'admin', NOW)).toEqual({ ok: false, message: '该任务已经抽取，结果已固化' });
    });

    it('draws only entities in good standing and only eligible certified officers of the department', () => {
      const counts = JSON.parse((s.db.prepare('SELECT excluded_counts AS c FROM draws WHERE task_id = ?').get(id) as { c: string }).c);
      expect(counts.entities['登记状态为注销']).toBeGreaterThan(0);
      expect(counts.entities['登记状态为吊销']).toBeGreaterThan(0);
      expect(Object.keys(counts.inspectors)).toEqual(expect.arrayContaining(['执法证已过期']));
      for (const sel of bundle.result.selected) {
        expect((s.db.prepare('SELECT reg_state AS r FROM entities WHERE uscc = ?').get(sel.entity) as { r: string }).r).toBe('存续');
        for (const cert of sel.inspectors) {
          const p = inspectorRow(cert);
          expect(p.dept).toBe(dept('scjgj'));
          expect(p.status).not.toBe('离岗');
          expect(p.expert).not.toBe('是');
          expect(p.expiry >= '2026-11-23').toBe(true);
        }
      }
      const byClass = Object.fromEntries(bundle.result.strata.map((x) => [x.key, x]));
      expect(byClass.D!.selected).toBe(Math.ceil((byClass.D!.eligible * 6000) / 10000));
    });

    it('refuses, naming the population and the limit, a draw whose bundle would be too long to hold, and stores nothing', () => {
      const big = task();
      commitTask(s.db, big, 'admin', NOW);
      const before = (s.db.prepare('SELECT count(*) FROM draws').pluck().get() as number);
      const r = drawTask(s.db, big, [], 'admin', NOW, { maxBundleChars: 20_000 });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.message).toMatch(/符合条件的检查对象有 [\d,]+ 户，结果包约 \d+ MB，超过单个结果包的上限/);
      expect(s.db.prepare('SELECT count(*) FROM draws').pluck().get()).toBe(before);
      expect(getTask(s.db, big)!.status).toBe('已承诺');
      expect(drawTask(s.db, big, [], 'admin', NOW).ok).toBe(true);
    });

    it('counts the left-out rows by reason exactly as a scan of the directory would', () => {
      const region = (s.db.prepare("SELECT region FROM entities WHERE region <> '' GROUP BY region ORDER BY count(*) DESC LIMIT 1").pluck().get()) as string;
      const t = task({ filters: { region } });
      const manual = s.db.prepare("SELECT id FROM entities WHERE region = ? AND reg_state = '存续' LIMIT 2").pluck().all(region) as number[];
      addManualExclusion(s.db, t, manual[0]!, '立案调查中');
      addManualExclusion(s.db, t, manual[1]!, '立案调查中');
      commitTask(s.db, t, 'admin', NOW);
      const r = drawTask(s.db, t, [], 'admin', NOW);
      if (!r.ok) throw new Error(r.message);
      const counts = JSON.parse(s.db.prepare('SELECT excluded_counts FROM draws WHERE task_id = ?').pluck().get(t) as string).entities as Record<string, number>;
      const byState = s.db.prepare("SELECT reg_state AS s, count(*) AS n FROM entities WHERE active = 1 AND region = ? AND reg_state <> '存续' GROUP BY reg_state").all(region) as { s: string; n: number }[];
      const recent = count(
        `SELECT count(*) AS n FROM entities e WHERE e.active = 1 AND e.region = ? AND e.reg_state = '存续' AND e.id NOT IN (?, ?)
         AND ((e.last_inspected <> '' AND e.last_inspected >= '2025-11-23') OR e.id IN (SELECT ds.entity_id FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id
           JOIN task_items ti ON ti.task_id = d.task_id WHERE d.void_reason IS NULL AND d.task_id <> ? AND ti.item_id = ?))`,
        region, manual[0], manual[1], t, item('SJ-001'),
      );
      expect(counts).toEqual({
        ...Object.fromEntries(byState.map((x) => [`登记状态为${x.s}`, x.n])),
        '手动排除：立案调查中': 2,
        ...(recent ? { '12个月内已检查': recent } : {}),
      });
      expect(recent).toBeGreaterThan(0);
      expect(byState.length).toBeGreaterThan(0);
      const total = count("SELECT count(*) AS n FROM entities WHERE active = 1 AND region = ?", region);
      expect(r.value.bundle.inputs.entities.length + Object.values(counts).reduce((a, x) => a + x, 0)).toBe(total);
    });

    it('reads the population on two threads exactly as one thread reads it', () => {
      const t = task();
      const q = { filters: {}, taskId: t, itemIds: [item('SJ-001')], sinceDate: '2025-11-23', sinceIso: '2025-11-22T16:00:00.000Z' };
      for (const mode of ['class', 'region-class', 'region', 'all'] as const) {
        const two = readPopulation(s.db, q, mode, 'seed');
        const one = readPart(s.db, { q, mode, seed: 'seed', range: {} });
        const ids = Array.from(one.keyOf, (_, i) => Buffer.from(one.ids).toString('latin1', 18 * i, 18 * i + 18));
        expect(two.entities.map((e) => e.id)).toEqual(ids);
        expect(two.entities.map((e) => e.stratum)).toEqual([...one.keyOf].map((k) => one.keys[k]));
        // The text made while reading is the canonical JSON of the entities, from one thread or two.
        const json = Buffer.concat(two.entitiesJson).toString('utf8');
        expect(json).toBe(canonicalize(two.entities));
        expect('[' + Buffer.from(one.records).toString('utf8') + ']').toBe(json);
        expect([...two.keys].sort()).toEqual([...new Set(ids.map((_, i) => one.keys[one.keyOf[i]!]))].sort());
        // Each stratum's members, as runs in ticket order (then id), one per thread that read some.
        two.keys.forEach((key, k) => {
          const members = two.entities.flatMap((e, i) => (e.stratum === key ? [i] : []));
          expect(two.runs[k]!.flatMap((r) => [...r]).sort((a, b) => a - b)).toEqual(members);
          for (const r of two.runs[k]!) {
            const tickets = [...r].map((i) => ticket('seed', two.entities[i]!.id));
            expect(tickets).toEqual([...tickets].sort());
          }
        });
        expect([...two.rowIds]).toEqual([...one.rowIds]);
        expect([...two.prefixes]).toEqual([...one.prefixes]);
        expect(ids.length).toBeGreaterThan(100);
        expect([...ids].sort()).toEqual(ids);
      }
    });

    it('does not draw the same entity again for the same item within 12 months', () => {
      const again = task();
      commitTask(s.db, again, 'admin', NOW);
      const r = drawTask(s.db, again, [], 'admin', NOW);
      if (!r.ok) throw new Error(r.message);
      const first = new Set(bundle.result.selected.map((x) => x.entity));
      expect(r.value.bundle.result.selected.some((x) => first.has(x.entity))).toBe(false);
      const counts = JSON.parse((s.db.prepare('SELECT excluded_counts AS c FROM draws WHERE task_id = ?').get(again) as { c: string }).c);
      expect(counts.entities['12个月内已检查']).toBeGreaterThanOrEqual(first.size);
    });

    it('voids only with a reason, keeps the void visible, and needs a new commitment', () => {
      const d = s.db.prepare('SELECT id FROM draws WHERE task_id = ?').get(id) as { id: number };
      expect(voidDraw(s.db, d.id, '', 'admin', NOW)).toEqual({ ok: false, message: '作废必须写明理由' });
      expect(voidDraw(s.db, d.id, '抽取时名录未更新到最新月份', 'admin', NOW).ok).toBe(true);
      expect(s.db.prepare('SELECT void_reason AS r FROM draws WHERE id = ?').get(d.id)).toEqual({ r: '抽取时名录未更新到最新月份' });
      expect(getTask(s.db, id)!.status).toBe('计划');
      expect(drawTask(s.db, id, [], 'admin', NOW).ok).toBe(false);
      const c2 = commitTask(s.db, id, 'admin', NOW);
      expect(c2.ok && c2.value).not.toBe(bundle.seed.commitment);
      expect(drawTask(s.db, id, [], 'admin', NOW).ok).toBe(true);
    });

    it('chains every bundle of the department, voided ones included', () => {
      const chain = [...departmentBundleTexts(s.db, dept('scjgj'))].map((d) => JSON.parse(d) as Bundle);
      expect(chain.length).toBeGreaterThanOrEqual(3);
      expect(verifyChain(chain)).toEqual({ ok: true });
      // The same chain is the department's register: one record per draw, in order, checked whole.
      const rows = registerRows(s.db, dept('scjgj'));
      expect(rows.map((r) => [r.kind, r.protocol, r.hash, r.previous])).toEqual(chain.map((b) => ['draw', 'ssj-draw/1', bundleHash(b), b.previous]));
      expect(checkRegister(s.db, dept("scjgj"), NOW).problems).toEqual([]);
    });
  });

  describe('teams', () => {
    it('puts one member of each department in every team of a joint task, each of the field of its own department’s items', () => {
      const specialties = (cert: string) => (s.db.prepare('SELECT specialties FROM inspectors WHERE cert_no = ?').pluck().get(cert) as string).split('、');
      const fieldOf = (code: string) => s.db.prepare('SELECT specialty FROM items WHERE code = ?').pluck().get(code) as string;
      // Only the market bureau's item: its field is asked of the market bureau's inspectors; the
      // science bureau, with no item in the task, sends any of its inspectors.
      const lone = task({ jointDepartments: [dept('kjj'), dept('scjgj')], itemIds: [item('SJ-001')], filters: { region: '江滨区' } });
      commitTask(s.db, lone, 'admin', NOW);
      const one = drawTask(s.db, lone, [], 'admin', NOW);
      if (!one.ok) throw new Error(one.message);
      const sciencePool = one.value.bundle.inputs.inspectors.filter((p) => inspectorRow(p.id).dept === dept('kjj'));
      expect(sciencePool.some((p) => !specialties(p.id).includes(fieldOf('SJ-001')))).toBe(true);
      for (const p of one.value.bundle.inputs.inspectors) if (inspectorRow(p.id).dept === dept('scjgj')) expect(specialties(p.id)).toContain(fieldOf('SJ-001'));
      // One item of each: each department's inspectors of its own item's field.
      const id = task({ jointDepartments: [dept('kjj'), dept('scjgj')], itemIds: [item('SJ-001'), item('KJ-006')], filters: { region: '江滨区' } });
      commitTask(s.db, id, 'admin', NOW);
      const r = drawTask(s.db, id, [], 'admin', NOW);
      if (!r.ok) throw new Error(r.message);
      expect(r.value.bundle.inputs.team).toEqual({ size: 2, groups: ['kjj', 'scjgj'] });
      for (const p of r.value.bundle.inputs.inspectors) expect(specialties(p.id)).toContain(fieldOf(inspectorRow(p.id).dept === dept('kjj') ? 'KJ-006' : 'SJ-001'));
      for (const sel of r.value.bundle.result.selected) expect(sel.inspectors.map((c) => inspectorRow(c).dept).sort()).toEqual([dept('kjj'), dept('scjgj')].sort());
    });

    it('keeps inspectors out of their home region and out of recused pairs', () => {
      const id = task({ homeRegionAvoidance: true, filters: { region: '仓前区' } });
      const t = getTask(s.db, id)!;
      const seed = H('probe');
      const before = prepareDraw(s.db, t, seed, NOW);
      expect(before.inputs.exclusions.length).toBeGreaterThan(0);
      for (const [cert, u] of before.inputs.exclusions) expect(inspectorRow(cert).region).toBe((s.db.prepare('SELECT region FROM entities WHERE uscc = ?').get(u) as { region: string }).region);
      const sel = before.inputs.exclusions[0]![1];
      const other = before.inputs.inspectors.find((p) => inspectorRow(p.id).region !== '仓前区')!;
      // Not excluded by home region (other region), so the pair appears only through the recusal.
      expect(before.inputs.exclusions).not.toContainEqual([other.id, sel]);
      addRecusal(s.db, { inspectorId: before.inspectorIds.get(other.id)!, entityId: before.entityIds.get(sel)!, reason: '近亲属任该企业股东', actor: 'admin', now: NOW.toISOString() });
      const after = prepareDraw(s.db, t, seed, NOW);
      expect(after.inputs.exclusions).toContainEqual([other.id, sel]);
      expect(after.inputs.exclusions.length).toBe(before.inputs.exclusions.length + 1);
    });

    it('keeps the inspectors of an entity’s last draw off its team the next time', () => {
      const all = { ratioBp: 10000 };
      const everyone = { filters: { region: '江滨区' }, strataRules: { A: all, B: all, C: all, D: all, U: all }, recentMonths: 1 };
      // The second draw forty days later (outside its one-month "drawn recently" window); records are
      // never dated before the register's last one, so the later draw comes later.
      const first = task(everyone);
      commitTask(s.db, first, 'admin', NOW);
      const a = drawTask(s.db, first, [], 'admin', NOW);
      if (!a.ok) throw new Error(a.message);
      const second = task({ ...everyone, now: LATER.toISOString() });
      commitTask(s.db, second, 'admin', LATER);
      const b = drawTask(s.db, second, [], 'admin', LATER);
      if (!b.ok) throw new Error(b.message);
      const before = new Map(a.value.bundle.result.selected.map((x) => [x.entity, x.inspectors]));
      let again = 0;
      for (const x of b.value.bundle.result.selected) {
        const last = before.get(x.entity);
        if (!last) continue;
        again++;
        for (const i of last) {
          expect(x.inspectors).not.toContain(i);
          expect(b.value.bundle.inputs.exclusions).toContainEqual([i, x.entity]);
        }
      }
      expect(again).toBeGreaterThan(10);
    });

    it('refuses a stratum key holding "|" (ssj-draw/1 §3) with a clear message, storing nothing', () => {
      // An entity that no rule leaves out (earlier tests draw at random: not one of theirs).
      const e = s.db
        .prepare("SELECT id, region FROM entities WHERE reg_state = '存续' AND active = 1 AND region <> '' AND last_inspected = '' AND id NOT IN (SELECT entity_id FROM draw_selections) LIMIT 1")
        .get() as { id: number; region: string };
      s.db.prepare('UPDATE entities SET region = ? WHERE id = ?').run('江滨|东片', e.id);
      try {
        const id = task({ strataMode: 'region', filters: { region: '江滨|东片' } });
        commitTask(s.db, id, 'admin', LATER);
        const draws = count('SELECT count(*) AS n FROM draws');
        const r = drawTask(s.db, id, [], 'admin', LATER);
        expect(r).toEqual({ ok: false, message: expect.stringMatching(/^无法抽取：.*"\|".*本次抽取未保存/) });
        expect(count('SELECT count(*) AS n FROM draws')).toBe(draws);
        expect(getTask(s.db, id)!.status).toBe('已承诺');
      } finally {
        s.db.prepare('UPDATE entities SET region = ? WHERE id = ?').run(e.region, e.id);
      }
    });

    it('fails naming the entity and the slot when teams cannot be staffed, storing nothing', () => {
      const id = task({ teamSize: 40 });
      commitTask(s.db, id, 'admin', LATER);
      const draws = count('SELECT count(*) AS n FROM draws');
      const r = drawTask(s.db, id, [], 'admin', LATER);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^无法为 [0-9A-Z]{18} 配齐检查组：第\d+个名额没有可选人员——可用人员已全部在本检查组中。本次抽取未保存/);
      expect(count('SELECT count(*) AS n FROM draws')).toBe(draws);
      expect(getTask(s.db, id)!.status).toBe('已承诺');
      expect(count('SELECT count(*) AS n FROM commitments WHERE task_id = ? AND used = 0', id)).toBe(1);
    });
  });
});
