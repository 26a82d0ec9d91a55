// Bulk review and publication of results: each with the checks of one at a time (another
// department's result, a wrong state or a missing one is named and left as it was), the rest done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { drawnTask } from '../helpers/drawn-task';
import { upsertSubmitted } from '../../src/store/results';

let s: TestServer;
let admin: Client;
const NOW = new Date('2026-11-23T02:00:00Z');
let ids: number[] = [];
const statuses = () => s.db.prepare<[], string>('SELECT status FROM results ORDER BY id').pluck().all();

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const d = drawnTask(s.db, { number: '批量审核-1', itemCode: 'SJ-001', at: NOW, entities: 3 });
  const [entities, item] = [d.entities, d.itemId];
  for (const e of entities) upsertSubmitted(s.db, { drawId: d.drawId, entityId: e, itemId: item }, { category: '未发现问题', inspectedOn: '2026-11-24', method: '现场检查', findings: '', followUp: '无' }, 1, NOW.toISOString());
  ids = s.db.prepare<[], number>('SELECT id FROM results ORDER BY id').pluck().all();
});
afterAll(() => s.close());

describe('bulk review', { shuffle: false }, () => {
  it('refuses another department’s results one by one, and changes nothing of them', async () => {
    const kj = await newAccount(admin, { username: 'kj.bulk', role: 'admin', departmentId: s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'kjj'").pluck().get()! });
    await kj.post('/admin/results/bulk', { _csrf: await kj.csrf('/admin/results'), action: 'approve', ids: ids.map(String) });
    expect(await (await kj.get('/admin/results')).text()).toContain('已审核通过 0 条；3 条未处理');
    expect(statuses()).toEqual(['待审核', '待审核', '待审核']);
  });

  it('approves the ones ticked, naming what it could not do', async () => {
    const page = await (await admin.get('/admin/results')).text();
    expect(page).toContain('批量审核通过');
    expect(page.match(/name="ids"/g)).toHaveLength(3);
    await admin.post('/admin/results/bulk', { _csrf: await admin.csrf('/admin/results'), action: 'approve', ids: [String(ids[0]), String(ids[1]), '999999'] });
    expect(await (await admin.get('/admin/results')).text()).toMatch(/已审核通过 2 条；1 条未处理（#999999：[^）]*结果不存在/);
    expect(statuses()).toEqual(['已通过', '已通过', '待审核']);
  });

  it('publishes the approved ones, not the one still waiting for review', async () => {
    await admin.post('/admin/results/bulk', { _csrf: await admin.csrf('/admin/results'), action: 'publish', ids: ids.map(String) });
    expect(await (await admin.get('/admin/results?status=' + encodeURIComponent('已通过'))).text()).toMatch(/已公示 2 条；1 条未处理（#\d+：结果状态为“待审核”，不能公示）/);
    expect(statuses()).toEqual(['已公示', '已公示', '待审核']);
  });

  it('exports the published results in the national publicity system’s fields, and the 经营异常名录 suggestions', async () => {
    const rows = s.db.prepare<[], { id: number; uscc: string }>("SELECT r.id, e.uscc FROM results r JOIN entities e ON e.id = r.entity_id WHERE r.status = '已公示' ORDER BY r.id").all();
    const csv = await (await admin.get('/admin/results/export.csv?year=2026')).text();
    const lines = csv.replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('统一社会信用代码,企业名称,检查实施机关,类型,日期,结果,备注,任务编号,抽查事项');
    expect(lines).toHaveLength(1 + rows.length);
    for (const r of rows) expect(csv).toMatch(new RegExp(`${r.uscc},[^,]+,临江市市场监督管理局,双随机抽查,2026-11-24,未发现问题,,批量审核-1,企业年度报告公示信息检查`));
    expect((await (await admin.get('/admin/results/export.csv?year=2025')).text()).trim().split(/\r?\n/)).toHaveLength(1);
    const xlsx = Buffer.from(await (await admin.get('/admin/results/export.xlsx?year=2026')).arrayBuffer());
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    s.db.prepare("UPDATE results SET category = '通过登记的住所（经营场所）无法联系' WHERE id = ?").run(rows[0]!.id);
    const abnormal = await (await admin.get('/admin/results/export.csv?year=2026&list=abnormal')).text();
    expect(abnormal).toContain(rows[0]!.uscc);
    expect(abnormal).not.toContain(rows[1]!.uscc);
    expect(abnormal).toContain('建议列入经营异常名录');
  });
});
