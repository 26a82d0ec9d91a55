// The special-list pages over HTTP, as a 科技局 admin uses them: the demo lists, a new list, a file
// with a bad row refused with its row and column (nothing kept), a good file confirmed, and an item's
// targets set on its page and shown on the item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
let admin: Client;
const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
});
afterAll(() => s.close());

describe('special lists', () => {
  let listUrl = '';

  it('lists the demo department’s lists with their counts, and makes a new one', async () => {
    const page = await (await admin.get('/admin/lists')).text();
    expect(page).toContain('高新技术企业');
    expect(page).toContain('科技型中小企业');
    const kjj = one<{ id: number }>("SELECT id FROM departments WHERE code = 'kjj'").id;
    const bad = await admin.post('/admin/lists', { _csrf: await admin.csrf('/admin/lists'), name: '', kind: 'incubator', departmentId: String(kjj) });
    expect(bad.status).toBe(303);
    expect(await (await admin.get('/admin/lists')).text()).toContain('请填写名录名称');
    const res = await admin.post('/admin/lists', { _csrf: await admin.csrf('/admin/lists'), name: '市级科技企业孵化器', kind: 'incubator', departmentId: String(kjj) });
    expect(res.status).toBe(303);
    listUrl = res.headers.get('location')!;
    expect(listUrl).toMatch(/^\/admin\/lists\/\d+$/);
  });

  it('refuses a file with a USCC outside the directory, naming row and column, and keeps nothing', async () => {
    const good = one<{ u: string }>("SELECT uscc AS u FROM entities WHERE substr(uscc, 2, 1) = '1' ORDER BY uscc LIMIT 1").u;
    const csv = `\ufeff孵化器名称,统一社会信用代码,认定编号,认定日期\r\n甲孵化器,${good},FH-1,2025-03-01\r\n乙孵化器,91350100MA0YYYY97C,FH-2,2025-03-01\r\n`;
    const res = await admin.upload(`${listUrl}/import`, { _csrf: await admin.csrf(listUrl) }, { name: '孵化器.csv', data: Buffer.from(csv) });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('未导入任何数据');
    expect(page).toMatch(/第3行<\/td><td>B列（统一社会信用代码）<\/td><td>统一社会信用代码 91350100MA0YYYY97C 不在检查对象名录库中/);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM special_list_members WHERE list_id = ?', Number(listUrl.split('/').pop())).n).toBe(0);
  });

  it('imports a good file after confirmation, and shows its members', async () => {
    const rows = s.db.prepare<[], { u: string; n: string }>("SELECT uscc AS u, name AS n FROM entities WHERE substr(uscc, 2, 1) = '1' ORDER BY uscc LIMIT 3").all();
    const csv = '\ufeff统一社会信用代码,企业名称,认定编号,认定日期,有效期至\r\n' + rows.map((r, i) => `${r.u},${r.n},FH-${i + 1},2025-03-01,2028-02-28`).join('\r\n') + '\r\n';
    const res = await admin.upload(`${listUrl}/import`, { _csrf: await admin.csrf(listUrl) }, { name: '孵化器.csv', data: Buffer.from(csv) });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('确认导入');
    const action = /action="(\/admin\/lists\/\d+\/import\/[0-9a-f]{24}\.csv)"/.exec(page)![1]!;
    const done = await admin.post(action, { _csrf: await admin.csrf(listUrl) });
    expect(done.status).toBe(303);
    const view = await (await admin.get(listUrl)).text();
    for (const r of rows) expect(view).toContain(r.u);
    expect(view).toContain('共 3 户');
    // The upload is used once.
    expect((await admin.post(action, { _csrf: await admin.csrf(listUrl) })).status).toBe(404);
  });

  it('sets an item’s targets on its page and shows them on the item', async () => {
    const item = one<{ id: number }>("SELECT id FROM items WHERE code = 'KJ-003'").id;
    const list = Number(listUrl.split('/').pop());
    const form = await (await admin.get(`/admin/items/${item}/scope`)).text();
    expect(form).toContain('市级科技企业孵化器');
    expect(form).toContain('有限责任公司');
    const res = await admin.post(`/admin/items/${item}/scope`, { _csrf: await admin.csrf(`/admin/items/${item}/scope`), listIds: String(list), entityTypes: ['有限责任公司', '股份有限公司'] });
    expect(res.status).toBe(303);
    const view = await (await admin.get(`/admin/items/${item}`)).text();
    expect(view).toContain('专项名录：市级科技企业孵化器；企业类型：有限责任公司、股份有限公司');
  });
});

describe('fields the draw matches on', () => {
  it('offers the inspectors’ fields as a pick list on an item, and warns when no inspector has the item’s field', async () => {
    const item = one<{ id: number; specialty: string }>("SELECT id, specialty FROM items WHERE code = 'KJ-001'");
    const form = await (await admin.get(`/admin/items/${item.id}/edit`)).text();
    expect(form).toContain('list="s-specialty"');
    expect(form).toContain(`<option value="${item.specialty}">`);
    expect(await (await admin.get(`/admin/items/${item.id}`)).text()).not.toContain('专业领域：按本事项抽取时将无法配齐检查组');
    s.db.prepare("UPDATE items SET specialty = '高新技术企 业' WHERE id = ?").run(item.id);
    const page = await (await admin.get(`/admin/items/${item.id}`)).text();
    expect(page).toContain('本部门没有在岗执法人员具有“高新技术企 业”专业领域');
    s.db.prepare('UPDATE items SET specialty = ? WHERE id = ?').run(item.specialty, item.id);
    // An inspector's region from the directory's regions.
    const insp = one<{ id: number }>('SELECT id FROM inspectors ORDER BY id LIMIT 1').id;
    const f2 = await (await admin.get(`/admin/inspectors/${insp}/edit`)).text();
    expect(f2).toContain('list="s-region"');
    expect(f2).toContain('<option value="江滨区">');
  });
});
