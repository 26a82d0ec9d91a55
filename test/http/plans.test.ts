// An annual plan as a plan (年度抽查计划): a draft with its items, ratios, periods, lead office and a
// joint department; its way through 法制审核, 批准 and 公示 (every step audited, a return with its
// reason); tasks and schedules only from an approved plan; the public page reading it as a plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
let admin: Client;
const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const deptId = (code: string) => String(one<{ id: number }>('SELECT id FROM departments WHERE code = ?', code).id);
const itemId = (code: string) => String(one<{ id: number }>('SELECT id FROM items WHERE code = ?', code).id);
const status = (id: number) => one<{ s: string }>('SELECT status AS s FROM plans WHERE id = ?', id).s;
const taskForm = (over: Record<string, string | string[]> = {}) => ({
  departmentId: deptId('scjgj'), number: '临江市市场监管局抽查〔2027〕1号', title: '2027年第一季度企业公示信息抽查', itemIds: [itemId('SJ-001')],
  strataMode: 'class', rule_A: '3', unit_A: 'pct', rule_B: '5', unit_B: 'pct', rule_C: '20', unit_C: 'pct', rule_D: '60', unit_D: 'pct', rule_U: '5', unit_U: 'pct', 'rule_*': '5', 'unit_*': 'pct',
  recentMonths: '12', teamSize: '2', avoidLastInspector: '1', ...over,
});

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
});
afterAll(() => s.close());

describe('an annual plan', { shuffle: false }, () => {
  let href = '';
  let id = 0;

  it('starts as a draft, and takes its items, ratios, periods, lead office and a joint department', async () => {
    const res = await admin.post('/admin/plans/new', { _csrf: await admin.csrf('/admin/plans'), departmentId: deptId('scjgj'), year: '2027', title: '2027年度双随机抽查计划', notes: '' });
    href = res.headers.get('location')!;
    id = Number(href.split('/').pop());
    expect(status(id)).toBe('拟定');
    const bad = await admin.post(href, { _csrf: await admin.csrf(href), title: '', itemIds: itemId('SJ-001') });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('请填写计划名称');
    expect(one<{ n: number }>('SELECT count(*) AS n FROM plan_items WHERE plan_id = ?', id).n).toBe(0);
    const sj1 = itemId('SJ-001');
    const kj4 = itemId('KJ-004');
    // An item of a department outside the plan is refused.
    const outside = await admin.post(href, { _csrf: await admin.csrf(href), title: '2027年度双随机抽查计划', itemIds: [sj1, kj4] });
    expect(await outside.text()).toContain('只能列入本部门或联合部门抽查事项清单中的事项');
    const ok = await admin.post(href, {
      _csrf: await admin.csrf(href), title: '2027年度双随机抽查计划', leadOffice: '信用监管科', jointDepartments: deptId('kjj'),
      itemIds: [sj1, kj4], [`ratio_${sj1}`]: '不低于5%', [`period_${sj1}`]: '每季度', [`period_${kj4}`]: '第二季度',
    });
    expect(ok.status).toBe(303);
    const page = await (await admin.get(href)).text();
    expect(page).toContain('信用监管科');
    expect(page).toContain('（牵头）；联合：临江市科学技术局');
    expect(s.db.prepare('SELECT item_id AS i, ratio, period FROM plan_items WHERE plan_id = ? ORDER BY item_id').all(id)).toEqual(
      [{ i: Number(sj1), ratio: '不低于5%', period: '每季度' }, { i: Number(kj4), ratio: '', period: '第二季度' }].sort((a, b) => a.i - b.i),
    );
  });

  it('makes no task while it is not approved', async () => {
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...taskForm({ planId: String(id) }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('批准后才能据此建立任务');
  });

  it('goes through 法制审核 (returned once with a reason), 批准 and 公示, each step audited', async () => {
    const move = async (e: string, form: Record<string, string> = {}) => admin.post(`${href}/${e}`, { _csrf: await admin.csrf(href), ...form });
    await move('approve');
    expect(await (await admin.get(href)).text()).toContain('不能批准');
    await move('submit');
    expect(status(id)).toBe('法制审核');
    const edit = await admin.post(href, { _csrf: await admin.csrf(href), title: '改名', itemIds: itemId('SJ-001') });
    expect(await edit.text()).toContain('只有拟定中的计划可以修改');
    await move('return', { reason: '' });
    expect(status(id)).toBe('法制审核');
    await move('return', { reason: '请补充检查依据和时间安排' });
    expect(status(id)).toBe('拟定');
    for (const e of ['submit', 'approve']) await move(e);
    expect(status(id)).toBe('批准');
    const actions = s.db.prepare<[string], string>("SELECT action FROM audit_events WHERE target_kind = 'plans' AND target_id = ? ORDER BY id").pluck().all(String(id));
    expect(actions).toEqual(['create', 'update', 'plan-submit', 'plan-return', 'plan-submit', 'plan-approve']);
    expect(s.db.prepare<[string], string>("SELECT summary FROM audit_events WHERE action = 'plan-return' AND target_id = ?").pluck().get(String(id))).toContain('请补充检查依据和时间安排');
  });

  it('makes tasks of its items only, and lists them', async () => {
    const other = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...taskForm({ planId: String(id), itemIds: [itemId('SJ-002')] }) });
    expect(await other.text()).toContain('所选抽查事项不在年度抽查计划');
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...taskForm({ planId: String(id) }) });
    expect(res.status).toBe(303);
    const task = res.headers.get('location')!;
    expect(await (await admin.get(task)).text()).toContain(`<a href="${href}">2027年 2027年度双随机抽查计划</a>`);
    const r = await admin.post(`${task}/recurring`, { _csrf: await admin.csrf(task), name: '季度抽查', cron: '0 9 1 1,4,7,10 *', aheadHours: '24', planId: String(id) });
    expect(r.status).toBe(303);
    const page = await (await admin.get(href)).text();
    expect(page).toContain('临江市市场监管局抽查〔2027〕1号');
    expect(page).toContain('每季度第一个月1日9:00');
  });

  it('reads in public as a plan once published, never as cron, and shows a draft nowhere', async () => {
    const pub = new Client(s.url);
    expect(await (await pub.get('/public/plans')).text()).not.toContain('2027年度双随机抽查计划');
    await admin.post(`${href}/publish`, { _csrf: await admin.csrf(href) });
    expect(status(id)).toBe('已公示');
    const page = await (await pub.get('/public/plans')).text();
    expect(page).toContain('2027年度双随机抽查计划');
    expect(page).toContain('<td>SJ-001 企业年度报告公示信息检查</td><td>不低于5%</td><td>每季度</td>');
    expect(page).toMatch(/<td>KJ-004 [^<]+<\/td><td>不低于3%<\/td><td>第二季度<\/td>/);
    expect(page).toContain('季度抽查（每季度第一个月1日9:00（1月、4月、7月、10月））');
    expect(page).not.toContain('0 9 1 1,4,7,10 *');
    expect(page).toContain('（牵头）；联合：临江市科学技术局');
  });
});
