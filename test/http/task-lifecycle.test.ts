// A task before its commitment, as staff handle one: edited (conditions and items), copied into next
// month's task, cancelled with a reason; after the commitment its conditions stay as they are; and the
// public's task list keeps the tasks that ended without a draw apart, in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { getTask, taskItems } from '../../src/store/tasks';

let s: TestServer;
let admin: Client;
const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const deptId = (code: string) => String(one<{ id: number }>('SELECT id FROM departments WHERE code = ?', code).id);
const itemId = (code: string) => String(one<{ id: number }>('SELECT id FROM items WHERE code = ?', code).id);
const form = (over: Record<string, string | string[]> = {}) => ({
  departmentId: deptId('scjgj'), number: '临江市市场监管局抽查〔2026〕11号', title: '11月企业公示信息抽查', itemIds: [itemId('SJ-001')],
  strataMode: 'class', rule_A: '3', unit_A: 'pct', rule_B: '5', unit_B: 'pct', rule_C: '20', unit_C: 'pct', rule_D: '60', unit_D: 'pct', rule_U: '5', unit_U: 'pct', 'rule_*': '5', 'unit_*': 'pct',
  recentMonths: '12', teamSize: '2', avoidLastInspector: '1', ...over,
});
const idOf = (href: string) => Number(href.split('/').pop());

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
});
afterAll(() => s.close());

describe('the task form', () => {
  it('shows the population its conditions give today, per stratum, and saves nothing', async () => {
    const tasks = one<{ n: number }>('SELECT count(*) AS n FROM tasks').n;
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '', filter_region: '仓前区', estimate: '1' }) });
    expect(res.status).toBe(200);
    const page = await res.text();
    const eligible = one<{ n: number }>("SELECT count(*) AS n FROM entities WHERE active = 1 AND reg_state = '存续' AND region = '仓前区' AND (last_inspected = '' OR last_inspected < '2025-11-23')").n;
    expect(page).toContain(`可抽取 <strong>${eligible}</strong> 户`);
    expect(page).toContain('B 一般风险');
    expect(page).toContain('登记状态为注销');
    expect(one<{ n: number }>('SELECT count(*) AS n FROM tasks').n).toBe(tasks);
  });

  it('warns, before saving, when the ratio is below an item’s floor', async () => {
    const kj = one<{ id: number }>("SELECT id FROM items WHERE code = 'KJ-002'").id;
    const res = await admin.post('/admin/tasks/new', {
      _csrf: await admin.csrf('/admin/tasks/new'), ...form({ departmentId: deptId('kjj'), itemIds: [String(kj)], strataMode: 'all', 'rule_*': '5', estimate: '1' }),
    });
    const page = await res.text();
    const current = one<{ n: number }>(
      `SELECT count(*) AS n FROM special_list_members m JOIN entities e ON e.id = m.entity_id JOIN special_lists l ON l.id = m.list_id
       WHERE l.name = '高新技术企业' AND e.active = 1 AND e.reg_state = '存续' AND m.issued <= '2026-11-23' AND m.valid_until >= '2026-11-23'
         AND (e.last_inspected = '' OR e.last_inspected < '2025-11-23')`,
    ).n;
    expect(page).toContain(`可抽取 <strong>${current}</strong> 户`);
    expect(page).toContain('不在抽查事项的检查对象范围内');
    expect(page).toMatch(/KJ-002 高新技术企业认定条件保持情况检查 的抽查比例为“不低于10%”.*承诺时将被拒绝/);
  });
});

describe('a task before its commitment', { shuffle: false }, () => {
  let href = '';

  it('is edited: its conditions and items change, and the change is audited', async () => {
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form() });
    href = res.headers.get('location')!;
    const page = await (await admin.get(`${href}/edit`)).text();
    expect(page).toContain('value="11月企业公示信息抽查"');
    expect(page).toContain('承诺公布之前可以修改');
    // A bad edit says why and changes nothing.
    let r = await admin.post(`${href}/edit`, { _csrf: await admin.csrf(`${href}/edit`), ...form({ title: '', teamSize: '2' }) });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('请填写任务名称');
    r = await admin.post(`${href}/edit`, { _csrf: await admin.csrf(`${href}/edit`), ...form({ title: '11月企业公示信息抽查（修订）', teamSize: '3', itemIds: [itemId('SJ-001'), itemId('SJ-002')], filter_region: '江滨区' }) });
    expect(r.status).toBe(303);
    const t = getTask(s.db, idOf(href))!;
    expect([t.title, t.teamSize, t.filters]).toEqual(['11月企业公示信息抽查（修订）', 3, { region: '江滨区' }]);
    expect(taskItems(s.db, t.id).map((i) => i.code)).toEqual(['SJ-001', 'SJ-002']);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE target_kind = 'tasks' AND target_id = ? AND action = 'update'", String(t.id)).n).toBe(1);
  });

  it('is copied into a new task with its conditions and a new number', async () => {
    const page = await (await admin.get(`/admin/tasks/new?copy=${idOf(href)}`)).text();
    expect(page).toContain('复制自 临江市市场监管局抽查〔2026〕11号');
    expect(page).toContain('value="11月企业公示信息抽查（修订）"');
    expect(page).toMatch(/name="number" value=""/);
    const r = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '临江市市场监管局抽查〔2026〕12号', title: '12月企业公示信息抽查', filter_region: '江滨区', teamSize: '3', itemIds: [itemId('SJ-001'), itemId('SJ-002')] }) });
    expect(r.status).toBe(303);
    const copy = getTask(s.db, idOf(r.headers.get('location')!))!;
    expect([copy.filters, copy.teamSize, copy.status]).toEqual([{ region: '江滨区' }, 3, '计划']);
  });

  it('is cancelled only with a reason; then it can be neither committed nor edited', async () => {
    let r = await admin.post(`${href}/cancel`, { _csrf: await admin.csrf(href), reason: '' });
    expect(await (await admin.get(href)).text()).toContain('取消任务必须写明理由');
    r = await admin.post(`${href}/cancel`, { _csrf: await admin.csrf(href), reason: '与专项整治重复，本月不再单独抽查' });
    expect(r.status).toBe(303);
    const page = await (await admin.get(href)).text();
    expect(page).toContain('已取消');
    expect(page).toContain('与专项整治重复，本月不再单独抽查');
    expect(page).not.toContain('修改任务');
    r = await admin.post(`${href}/schedule`, { _csrf: await admin.csrf(href), beacon: 'witness', place: '大厅', beaconAt: '2026-11-30T09:00', leadHours: '24' });
    expect(getTask(s.db, idOf(href))!.status).toBe('已取消');
    r = await admin.post(`${href}/edit`, { _csrf: await admin.csrf(href), ...form({ title: '再改' }) });
    expect(r.status).toBe(422);
    expect(getTask(s.db, idOf(href))!.title).toBe('11月企业公示信息抽查（修订）');
    // Never committed: nothing of it is public.
    expect((await new Client(s.url).get(`/public/tasks/${idOf(href)}`)).status).toBe(404);
  });

  it('keeps its conditions once committed, and a withdrawn one shows in public as ended, in words', async () => {
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '临江市市场监管局抽查〔2026〕13号' }) });
    const h = res.headers.get('location')!;
    const c = await admin.post(`${h}/schedule`, { _csrf: await admin.csrf(h), beacon: 'witness', place: '市场监管局一楼大厅', beaconAt: '2026-11-25T10:00', leadHours: '24' });
    expect(c.status).toBe(303);
    expect(getTask(s.db, idOf(h))!.status).toBe('已承诺');
    const r = await admin.post(`${h}/edit`, { _csrf: await admin.csrf(h), ...form({ number: '临江市市场监管局抽查〔2026〕13号', title: '改名' }) });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('承诺公布后抽取条件不能再修改');
    expect((await admin.post(`${h}/cancel`, { _csrf: await admin.csrf(h), reason: '想取消这个任务' })).status).toBe(303);
    expect(await (await admin.get(h)).text()).toContain('只能在随机信标时间之前撤回承诺');
    await admin.post(`${h}/withdraw`, { _csrf: await admin.csrf(h), reason: '抽查事项调整，重新安排' });
    expect(getTask(s.db, idOf(h))!.status).toBe('计划');
    const list = await (await new Client(s.url).get('/public/tasks')).text();
    const ended = list.slice(list.indexOf('未完成抽取的任务'));
    expect(ended).toContain('临江市市场监管局抽查〔2026〕13号');
    expect(ended).toContain('已撤回承诺');
  });
});

describe('certificates ending before the inspections end', () => {
  it('are named on the inspector list and on the task page of the department', async () => {
    const market = Number(deptId('scjgj'));
    const p = one<{ id: number; name: string; cert: string }>("SELECT id, name, cert_no AS cert FROM inspectors WHERE department_id = ? AND status = '在岗' AND is_expert <> '是' ORDER BY id LIMIT 1", market);
    // Today is 2026-11-23 (Beijing): one ends in ten days, inside the 30 days a task gets for its inspections.
    s.db.prepare("UPDATE inspectors SET cert_expiry = '2026-12-03' WHERE id = ?").run(p.id);
    const list = await (await admin.get('/admin/inspectors')).text();
    expect(list).toContain('执法证90天内到期（');
    expect(list).toContain(`${p.name}</a>（${p.cert}，2026-12-03）`);
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '临江市市场监管局抽查〔2026〕21号' }) });
    const page = await (await admin.get(res.headers.get('location')!)).text();
    expect(page).toContain('执法证在检查期限（2026-12-23）前到期的人员');
    expect(page).toContain(`${p.name}</a>（${p.cert}，2026-12-03 到期）`);
  });
});
