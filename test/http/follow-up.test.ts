// 后续处置 followed to the end through the pages: a problem found is ordered put right by a deadline,
// shows as overdue when the deadline passes (the chief's list and the start page), is re-inspected
// (not yet fixed, then fixed) and ends 已整改; another is referred; the public results show each
// outcome, and a corrected result is marked with its date. Bad steps say why and store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { drawnTask } from '../helpers/drawn-task';
import { upsertSubmitted } from '../../src/store/results';

let s: TestServer;
let admin: Client;
const NOW = new Date('2026-11-23T02:00:00Z');
let ids: number[] = [];
let classesBefore: string[] = [];
const classOf = (resultId: number) => s.db.prepare<[number], string>('SELECT e.credit_class FROM results r JOIN entities e ON e.id = r.entity_id WHERE r.id = ?').pluck().get(resultId)!;
const fu = (id: number) => s.db.prepare('SELECT state, deadline, referred_to AS referredTo, ended_on AS endedOn FROM follow_ups WHERE result_id = ?').get(id);
const step = async (id: number, form: Record<string, string>) => {
  await admin.post(`/admin/results/${id}/follow-up`, { _csrf: await admin.csrf('/admin/results'), back: '已公示', ...form });
  return /class="flash [a-z]+"[^>]*>([^<]*)/.exec(await (await admin.get('/admin/results?status=' + encodeURIComponent('已公示'))).text())?.[1] ?? '';
};

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const d = drawnTask(s.db, { number: '后续处置-1', itemCode: 'SJ-001', at: NOW, entities: 3 });
  const [entities, item] = [d.entities, d.itemId];
  const categories = ['发现问题待后续处理', '发现问题待后续处理', '未发现问题'];
  entities.forEach((e, i) => upsertSubmitted(s.db, { drawId: d.drawId, entityId: e, itemId: item }, { category: categories[i]!, inspectedOn: '2026-11-23', method: '现场检查', findings: i < 2 ? '年报未公示' : '', followUp: i < 2 ? '责令改正' : '无' }, 1, NOW.toISOString()));
  ids = s.db.prepare<[], number>('SELECT id FROM results ORDER BY id').pluck().all();
  // Known classes before publication: the first two low risk (A), the clean one too.
  for (const e of entities) s.db.prepare("UPDATE entities SET credit_class = 'A' WHERE id = ?").run(e);
  classesBefore = ids.map(classOf);
  await admin.post('/admin/results/bulk', { _csrf: await admin.csrf('/admin/results'), action: 'approve', ids: ids.map(String) });
  await admin.post('/admin/results/bulk', { _csrf: await admin.csrf('/admin/results'), action: 'publish', ids: ids.map(String) });
});
afterAll(() => s.close());

describe('a follow-up to the end', { shuffle: false }, () => {
  it('refuses steps that do not fit, and stores nothing', async () => {
    expect(await step(ids[0]!, { kind: 'order', deadline: '2026-11-23' })).toContain('应在今天（2026-11-23）之后');
    expect(await step(ids[0]!, { kind: 'recheck', on: '2026-11-23', findings: '已公示', fixed: '1' })).toContain('责令整改之后才能复查');
    expect(await step(ids[0]!, { kind: 'refer', to: '' })).toContain('请填写移送的机关');
    expect(await step(ids[2]!, { kind: 'order', deadline: '2026-12-10' })).toContain('无需后续处置');
    expect(s.db.prepare('SELECT count(*) FROM follow_ups').pluck().get()).toBe(0);
  });

  it('orders it put right by a deadline, and lists it as overdue once the deadline has passed', async () => {
    expect(await step(ids[0]!, { kind: 'order', deadline: '2026-12-10', note: '补报2025年度年报' })).toBe('已记录后续处置');
    expect(fu(ids[0]!)).toMatchObject({ state: '责令整改', deadline: '2026-12-10' });
    expect(await (await admin.get('/admin/follow-ups')).text()).toContain('已过整改期限 <strong>0</strong> 项');
    s.clock.set('2026-12-11T02:00:00Z');
    await admin.login();
    expect(await (await admin.get('/admin/follow-ups')).text()).toContain('已过整改期限 <strong>1</strong> 项');
    expect(await (await admin.get('/admin')).text()).toMatch(/逾期未整改的后续处置[^0-9]*1/);
  });

  it('is re-inspected until it is put right, and then ends: further steps are refused', async () => {
    expect(await step(ids[0]!, { kind: 'recheck', on: '2026-12-09', findings: '仍未补报' })).toBe('已记录后续处置');
    expect(fu(ids[0]!)).toMatchObject({ state: '责令整改' });
    expect(await step(ids[0]!, { kind: 'recheck', on: '2026-12-12', findings: '已补报' , fixed: '1' })).toContain('复查日期应在检查日期');
    expect(await step(ids[0]!, { kind: 'recheck', on: '2026-12-11', findings: '已补报2025年度年报', fixed: '1' })).toBe('已记录后续处置');
    expect(fu(ids[0]!)).toMatchObject({ state: '已整改', endedOn: '2026-12-11' });
    expect(await step(ids[0]!, { kind: 'open-case', caseNo: '临市监立〔2026〕1号' })).toContain('后续处置已结束（已整改）');
    const page = await (await admin.get('/admin/results?status=' + encodeURIComponent('已公示'))).text();
    const card = page.slice(page.indexOf(`id="follow-up-${ids[0]}"`));
    expect(card).toContain('后续处置：已整改');
    expect(card).toContain('已完结');
    expect(card).toContain('复查：仍未补报——未整改');
    const steps = s.db.prepare<[string], string>("SELECT summary FROM audit_events WHERE action = 'follow-up' AND target_id = ? ORDER BY id").pluck().all(String(ids[0]));
    expect(steps).toHaveLength(3);
  });

  it('refers another, and the public results show each outcome and a correction with its date', async () => {
    expect(await step(ids[1]!, { kind: 'refer', to: '临江市税务局', note: '涉嫌虚开发票' })).toBe('已记录后续处置');
    await admin.post(`/admin/results/${ids[2]}/correct`, { _csrf: await admin.csrf('/admin/results'), category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '补充记录', followUp: '无', reason: '检查情况漏记' });
    const pub = await (await new Client(s.url).get('/public/results')).text();
    expect(pub).toContain('<td>已整改（复查 2026-12-11）</td>');
    expect(pub).toContain('<td>已移送临江市税务局（2026-12-11）</td>');
    expect(pub).toContain('（更正 2026-12-11）');
  });

  it('feeds the credit classes: raised by what was found and how it ended, audited, the entity’s history kept', () => {
    expect(classesBefore).toEqual(['A', 'A', 'A']);
    // Problems found (published): at least C; the referral: D; the clean result: unchanged.
    expect(ids.map(classOf)).toEqual(['C', 'D', 'A']);
    const entityId = s.db.prepare<[number], number>('SELECT entity_id FROM results WHERE id = ?').pluck().get(ids[1]!)!;
    const audit = s.db.prepare<[string], string>("SELECT summary FROM audit_events WHERE action = 'update' AND target_kind = 'entities' AND target_id = ? ORDER BY id").pluck().all(String(entityId));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toContain('信用风险分类由 A 调整为 C：抽查结果为“发现问题待后续处理”（检查日期 2026-11-23）');
    expect(audit[1]).toContain('由 C 调整为 D：抽查发现的问题已移送处理');
    const history = s.db.prepare<[number], string>("SELECT json_extract(data, '$.creditClass') FROM record_history WHERE kind = 'entities' AND record_id = ? ORDER BY version").pluck().all(entityId);
    expect(history).toEqual(['A', 'C']);
  });
});
