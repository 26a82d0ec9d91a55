// 检查要点 in the field: an item's checklist (imported with the item list) on the inspector's page,
// answered point by point; a missing answer, a 不符合 without a note, or "no problem" over a point
// found not to comply are refused with the reason and nothing stored; the answers reach the review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { drawnTask, firstOfTeam } from '../helpers/drawn-task';

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
  const d = drawnTask(s.db, { number: '检查要点-1', itemCode: 'SJ-002', at: NOW });
  itemId = d.itemId;
  href = `/me/assignments/${d.drawId}/${d.entities[0]}`;
  insp = await newAccount(admin, { username: 'insp.cp', role: 'inspector', certNo: firstOfTeam(s.db, d.drawId, d.entities[0]!).cert });
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
