// 检查要点 in the field: an item's checklist (imported with the item list) on the inspector's page,
// answered point by point; a missing answer, a 不符合 without a note, or "no problem" over a point
// found not to comply are refused with the reason and nothing stored; the answers reach the review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, commitTask, drawTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';

let s: TestServer;
let insp: Client;
let admin: Client;
let href = '';
let itemId = 0;
const NOW = new Date('2026-11-23T02:00:00Z');
const results = () => s.db.prepare('SELECT count(*) FROM results').pluck().get();
const submit = async (form: Record<string, string>) => {
  await insp.post(`${href}/items/${itemId}`, { _csrf: await insp.csrf(href), category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '', followUp: '无', ...form });
  return /class="flash [a-z]+"[^>]*>([^<]*)/.exec(await (await insp.get(href)).text())?.[1] ?? '';
};

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const dept = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
  itemId = s.db.prepare<[], number>("SELECT id FROM items WHERE code = 'SJ-002'").pluck().get()!;
  const t = createTask(s.db, {
    departmentId: dept, number: '检查要点-1', title: '食品生产者检查', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2,
    jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [itemId], now: NOW.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', NOW);
  const d = drawTask(s.db, t.value, [], 'admin', NOW);
  if (!d.ok) throw new Error(d.message);
  const sel = s.db.prepare<[number], { e: number }>('SELECT entity_id AS e FROM draw_selections WHERE draw_id = ? ORDER BY position LIMIT 1').get(d.value.drawId)!;
  const cert = s.db.prepare<[number, number], string>('SELECT p.cert_no FROM assignments a JOIN inspectors p ON p.id = a.inspector_id WHERE a.draw_id = ? AND a.entity_id = ? ORDER BY a.slot LIMIT 1').pluck().get(d.value.drawId, sel.e)!;
  href = `/me/assignments/${d.value.drawId}/${sel.e}`;
  const res = await admin.post('/admin/users/new', { _csrf: await admin.csrf('/admin/users'), username: 'insp.cp', displayName: '检查员', role: 'inspector', certNo: cert });
  const pw = /id="one-time-password">([^<]+)</.exec(await res.text())![1]!;
  insp = new Client(s.url);
  await insp.login('insp.cp', pw);
  await insp.post('/account/password', { _csrf: await insp.csrf('/account/password'), current: pw, next: 'a much better secret', repeat: 'a much better secret' });
});
afterAll(() => s.close());

describe('an item checklist', { shuffle: false }, () => {
  it('is on the inspector’s page, point by point', async () => {
    const page = await (await insp.get(href)).text();
    expect(page).toContain('检查要点（逐项选择）');
    expect(page).toContain('1. 持有有效的食品生产许可证，生产范围与许可一致');
    expect(page).toContain('3. 出厂检验记录完整，留样符合规定');
    expect(page.match(/type="radio" name="cp_\d"/g)).toHaveLength(9);
  });

  it('refuses a missing answer, a 不符合 without a note, and "no problem" over it; nothing stored', async () => {
    expect(await submit({ cp_0: '符合', cpnote_0: '', cp_1: '符合', cpnote_1: '', cpnote_2: '' })).toContain('第3项“出厂检验记录完整，留样符合规定”尚未选择');
    expect(await submit({ cp_0: '符合', cpnote_0: '', cp_1: '不符合', cpnote_1: '', cp_2: '符合', cpnote_2: '' })).toContain('请写明发现的问题');
    expect(await submit({ cp_0: '符合', cpnote_0: '', cp_1: '不符合', cpnote_1: '缺2026年10月进货查验记录', cp_2: '不涉及', cpnote_2: '' })).toContain('检查结果不能为“未发现问题”');
    expect(results()).toBe(0);
  });

  it('keeps the answers with the result, for the review', async () => {
    expect(await submit({
      category: '发现问题待后续处理', findings: '进货查验记录不全', followUp: '责令改正',
      cp_0: '符合', cpnote_0: '', cp_1: '不符合', cpnote_1: '缺2026年10月进货查验记录', cp_2: '不涉及', cpnote_2: '本季度未生产',
    })).toBe('已提交，等待审核');
    const stored = JSON.parse(s.db.prepare<[], string>('SELECT answers FROM results').pluck().get()!);
    expect(stored).toEqual([
      { point: '持有有效的食品生产许可证，生产范围与许可一致', answer: '符合', note: '' },
      { point: '原料进货查验记录完整', answer: '不符合', note: '缺2026年10月进货查验记录' },
      { point: '出厂检验记录完整，留样符合规定', answer: '不涉及', note: '本季度未生产' },
    ]);
    const review = await (await admin.get('/admin/results')).text();
    expect(review).toContain('原料进货查验记录完整：<strong>不符合</strong>（缺2026年10月进货查验记录）');
  });
});
