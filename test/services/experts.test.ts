// Experts in the app (ssj-draw/2 §4a): a 科技局 task with one expert per team draws them from the
// directory's experts beside the inspectors, the record verifies, the stored teams keep experts apart
// (never counted as inspectors), and an expert sees the assignment in the portal but records nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { createTask, commitTask, drawTask } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../../src/services/draws-v2';
import { drawBundleText } from '../../src/store/tasks';
import { verifyOutcomeRecord, type DrawRecord } from '../../src/domain/draw-v2';

let s: TestServer;
const at = (iso: string) => new Date(iso);
const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const kjj = () => one<{ id: number }>("SELECT id FROM departments WHERE code = 'kjj'").id;

function task(number: string, over: { expertSlots?: number; expertField?: string; expertGroups?: string[] } = {}): number {
  const item = one<{ id: number }>("SELECT id FROM items WHERE code = 'KJ-002'").id;
  const t = createTask(s.db, {
    departmentId: kjj(), number, title: '高新技术企业认定条件保持情况检查（专家参与）', filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 3000 } },
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: '2026-11-23T02:00:00Z',
    expertSlots: 1, ...over,
  });
  if (!t.ok) throw new Error(t.message);
  return t.value;
}

let drawId = 0;
let record: DrawRecord;

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('experts on a task', { shuffle: false }, () => {
  it('refuses a field no expert has, and an ssj-draw/1 draw', () => {
    const t = task('临科抽〔2026〕专家0号', { expertField: '海洋渔业' });
    const c = commitDrawV2(s.db, t, { kind: 'witness', at: at('2026-11-25T01:00:00Z'), place: '科技局会议室' }, { actor: 'admin', now: at('2026-11-23T01:00:00Z') });
    expect(c).toMatchObject({ ok: false, message: '符合条件的专家只有 0 名（专业领域：海洋渔业），少于每组专家人数 1' });
    const v1 = task('临科抽〔2026〕专家V1号');
    commitTask(s.db, v1, 'admin', at('2026-11-23T01:00:00Z'));
    expect(drawTask(s.db, v1, [], 'admin', at('2026-11-23T01:00:00Z'))).toMatchObject({ ok: false, message: expect.stringContaining('ssj-draw/2') });
  });

  it('draws one expert per team beside the inspectors, and the record verifies', () => {
    const t = task('临科抽〔2026〕专家1号');
    const c = commitDrawV2(s.db, t, { kind: 'witness', at: at('2026-11-25T02:00:00Z'), place: '科技局会议室' }, { actor: 'admin', now: at('2026-11-23T02:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    expect(c.value.commitment.counts.experts).toBeGreaterThan(0);
    expect(setBeacon(s.db, t, { witnesses: [{ name: '公证员', value: '1618' }] }, 'admin', at('2026-11-25T02:01:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, t, [], 'admin', at('2026-11-25T02:02:00Z'));
    if (!r.ok || r.value.kind !== 'draw') throw new Error('expected a draw');
    drawId = r.value.drawId;
    record = JSON.parse(drawBundleText(s.db, drawId)!) as DrawRecord;
    expect(verifyOutcomeRecord(record)).toEqual({ ok: true });
    const experts = new Set(s.db.prepare<[number], string>("SELECT cert_no FROM inspectors WHERE department_id = ? AND is_expert = '是' AND status = '在岗'").pluck().all(kjj()));
    expect(record.inputs.team).toMatchObject({ size: 2, experts: 1 });
    expect(new Set(record.inputs.experts!.map((e) => e.id))).toEqual(experts);
    expect(record.result.selected.length).toBeGreaterThan(5);
    for (const sel of record.result.selected) {
      expect(sel.experts).toHaveLength(1);
      expect(experts.has(sel.experts![0]!)).toBe(true);
      expect(sel.inspectors.some((i) => experts.has(i))).toBe(false);
    }
  });

  it('stores the experts apart from the inspectors, after them', () => {
    const rows = s.db.prepare<[number], { uscc: string; slot: number; cert: string; expert: number }>(
      `SELECT e.uscc, a.slot, p.cert_no AS cert, a.expert FROM assignments a JOIN entities e ON e.id = a.entity_id JOIN inspectors p ON p.id = a.inspector_id
       WHERE a.draw_id = ? ORDER BY e.uscc, a.slot`,
    ).all(drawId);
    const byEntity = new Map<string, { inspectors: string[]; experts: string[] }>();
    for (const r of rows) {
      const t = byEntity.get(r.uscc) ?? (byEntity.set(r.uscc, { inspectors: [], experts: [] }), byEntity.get(r.uscc)!);
      (r.expert ? t.experts : t.inspectors).push(r.cert);
      if (r.expert) expect(r.slot).toBe(2);
    }
    for (const sel of record.result.selected) expect(byEntity.get(sel.entity)).toEqual({ inspectors: sel.inspectors, experts: sel.experts });
  });

  it('shows the assignment to its expert in the portal, who cannot record a result', async () => {
    const sel = record.result.selected[0]!;
    const expert = one<{ id: number; cert: string }>('SELECT id, cert_no AS cert FROM inspectors WHERE cert_no = ?', sel.experts![0]);
    const entity = one<{ id: number }>('SELECT id FROM entities WHERE uscc = ?', sel.entity).id;
    const admin = new Client(s.url);
    await admin.login();
    const c = await newAccount(admin, { username: 'expert.a', role: 'inspector', certNo: expert.cert });
    expect(await (await c.get('/me')).text()).toContain(`/me/assignments/${drawId}/${entity}`);
    const page = await (await c.get(`/me/assignments/${drawId}/${entity}`)).text();
    expect(page).toContain('您是本组的专家');
    expect(page).not.toContain('name="category"');
    const item = one<{ id: number }>("SELECT id FROM items WHERE code = 'KJ-002'").id;
    const r = await c.post(`/me/assignments/${drawId}/${entity}/items/${item}`, { _csrf: await c.csrf(`/me/assignments/${drawId}/${entity}`), category: '未发现问题', inspectedOn: '2026-11-26', method: '现场检查', findings: '', followUp: '无' });
    expect([303, 400, 422]).toContain(r.status);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM results WHERE draw_id = ?', drawId).n).toBe(0);
  });

  it('fills a slot of a named field first (expertGroups), and refuses a field no expert has', () => {
    const experts = s.db.prepare<[number], { cert: string; fields: string }>("SELECT cert_no AS cert, specialties AS fields FROM inspectors WHERE department_id = ? AND is_expert = '是' AND status = '在岗'").all(kjj());
    const fieldsOf = new Map(experts.map((e) => [e.cert, e.fields.split('、')]));
    const field = experts.flatMap((e) => e.fields.split('、')).find(Boolean)!;
    expect(createTask(s.db, {
      departmentId: kjj(), number: '临科抽〔2026〕专家3号', title: 'x', filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 3000 } }, recentMonths: 0, teamSize: 2,
      jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [one<{ id: number }>("SELECT id FROM items WHERE code = 'KJ-002'").id],
      now: '2026-11-23T02:00:00Z', expertSlots: 1, expertGroups: ['财务', '法律'],
    })).toMatchObject({ ok: false, message: '指定专业领域的专家名额（2 个：财务、法律）多于每组专家人数（1）' });
    const none = task('临科抽〔2026〕专家4号', { expertGroups: ['海洋渔业'] });
    expect(commitDrawV2(s.db, none, { kind: 'witness', at: at('2026-11-27T01:00:00Z'), place: '科技局会议室' }, { actor: 'admin', now: at('2026-11-25T03:00:00Z') }))
      .toMatchObject({ ok: false, message: '没有专业领域为“海洋渔业”的可用专家，无法配齐指定领域的专家名额' });
    const t = task('临科抽〔2026〕专家5号', { expertSlots: 2, expertGroups: [field] });
    const c = commitDrawV2(s.db, t, { kind: 'witness', at: at('2026-11-27T02:00:00Z'), place: '科技局会议室' }, { actor: 'admin', now: at('2026-11-25T03:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    expect(setBeacon(s.db, t, { witnesses: [{ name: '公证员', value: '2718' }] }, 'admin', at('2026-11-27T02:01:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, t, [], 'admin', at('2026-11-27T02:02:00Z'));
    if (!r.ok) throw new Error(r.message);
    if (r.value.kind !== 'draw') throw new Error('expected a draw');
    const rec = JSON.parse(drawBundleText(s.db, r.value.drawId)!) as DrawRecord;
    expect(verifyOutcomeRecord(rec)).toEqual({ ok: true });
    expect(rec.inputs.team).toMatchObject({ experts: 2, expertGroups: [field] });
    // Each expert carries the groups of the task's fields they have; the field's slot is filled first.
    for (const e of rec.inputs.experts!) expect(e.groups).toEqual(fieldsOf.get(e.id)!.includes(field) ? [field] : []);
    for (const sel of rec.result.selected) expect(fieldsOf.get(sel.experts![0]!)).toContain(field);
  });
});
