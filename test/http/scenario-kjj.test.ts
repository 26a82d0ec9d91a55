// Issue #14's scenario end to end, as a 科学技术局 runs a year of 双随机 through the pages: it imports
// its 高新技术企业 list, points its item at it, makes an annual plan (items, ratio, period) that goes
// through 法制审核 to 公示, makes from it a quarterly task of 10% of the current 高新技术企业 with one
// expert per team, and a joint task with the 市场监管局; the public pages then show the plan, the
// inspector directory and both notices. Bad input on each new form says why and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, SETTLED_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { revealDraw, setBeacon } from '../../src/services/draws-v2';
import { drawBundleText } from '../../src/store/tasks';
import { upsertSubmitted } from '../../src/store/results';
import { verifyOutcomeRecord, type DrawRecord } from '../../src/domain/draw-v2';

let s: TestServer;
let kj: Client;
let sc: Client;
const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const count = (sql: string, ...p: unknown[]) => one<{ n: number }>(sql, ...p).n;
const id = (href: string) => Number(href.split('/').pop());
const dept = (code: string) => one<{ id: number }>('SELECT id FROM departments WHERE code = ?', code).id;
const item = (code: string) => one<{ id: number }>('SELECT id FROM items WHERE code = ?', code).id;
const taskForm = (over: Record<string, string | string[]>) => ({
  title: '', strataMode: 'all', 'rule_*': '10', 'unit_*': 'pct', rule_A: '3', unit_A: 'pct', rule_B: '5', unit_B: 'pct', rule_C: '20', unit_C: 'pct', rule_D: '60', unit_D: 'pct',
  rule_U: '5', unit_U: 'pct', recentMonths: '0', teamSize: '2', ...over,
});

beforeAll(async () => {
  s = await startServer();
  const admin = new Client(s.url);
  await admin.login();
  kj = await newAccount(admin, { username: 'kj.staff', role: 'admin', departmentId: dept('kjj') });
});
afterAll(() => s.close());

describe('a 科技局 year of 双随机', { shuffle: false }, () => {
  let list = 0;
  let plan = '';
  let members: string[] = [];
  let quarterly = '';

  it('imports its 高新技术企业 list (a bad file first: refused with row and column, nothing kept)', async () => {
    let res = await kj.post('/admin/lists', { _csrf: await kj.csrf('/admin/lists'), name: '', kind: 'high-tech' });
    expect(await (await kj.get('/admin/lists')).text()).toContain('请填写名录名称');
    res = await kj.post('/admin/lists', { _csrf: await kj.csrf('/admin/lists'), name: '高新技术企业（2026年认定有效）', kind: 'high-tech' });
    const href = res.headers.get('location')!;
    list = id(href);
    const companies = s.db.prepare<[], { u: string; n: string }>("SELECT uscc AS u, name AS n FROM entities WHERE substr(uscc, 2, 1) = '1' AND reg_state = '存续' AND active = 1 ORDER BY uscc LIMIT 60").all();
    const bad = `\ufeff企业名称,统一社会信用代码,高新技术企业证书编号,发证日期,有效期至\r\n${companies[0]!.n},${companies[0]!.u},GR1,2025-12-01,2024-11-30\r\n`;
    res = await kj.upload(`${href}/import`, { _csrf: await kj.csrf(href) }, { name: '高新.csv', data: Buffer.from(bad) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/第2行<\/td><td>E列（有效期至）<\/td><td>有效期至（2024-11-30）早于发证日期/);
    expect(count('SELECT count(*) AS n FROM special_list_members WHERE list_id = ?', list)).toBe(0);
    // 50 current certificates and 10 expired ones.
    const rows = companies.map((c, i) => `${c.n},${c.u},GR2025${String(i).padStart(6, '0')},${i < 50 ? '2025-03-01,2028-02-28' : '2021-03-01,2024-02-28'}`);
    members = companies.slice(0, 50).map((c) => c.u).sort();
    res = await kj.upload(`${href}/import`, { _csrf: await kj.csrf(href) }, { name: '高新.csv', data: Buffer.from('\ufeff企业名称,统一社会信用代码,高新技术企业证书编号,发证日期,有效期至\r\n' + rows.join('\r\n') + '\r\n') });
    const action = /action="(\/admin\/lists\/\d+\/import\/[0-9a-f]{24}\.csv)"/.exec(await res.text())![1]!;
    expect((await kj.post(action, { _csrf: await kj.csrf(href) })).status).toBe(303);
    expect(await (await kj.get(href)).text()).toContain('共 60 户，今天（2026-11-23）有效 50 户');
  });

  it('points its 高新 item at the list', async () => {
    const scope = `/admin/items/${item('KJ-002')}/scope`;
    const res = await kj.post(scope, { _csrf: await kj.csrf(scope), listIds: String(list) });
    expect(res.status).toBe(303);
    expect(await (await kj.get(`/admin/items/${item('KJ-002')}`)).text()).toContain('专项名录：高新技术企业（2026年认定有效）');
  });

  it('makes an annual plan that goes through 法制审核 to 公示', async () => {
    let res = await kj.post('/admin/plans/new', { _csrf: await kj.csrf('/admin/plans'), year: '2026', title: '2026年度科技领域双随机抽查计划', notes: '' });
    plan = res.headers.get('location')!;
    const k2 = item('KJ-002');
    res = await kj.post(plan, { _csrf: await kj.csrf(plan), title: '', itemIds: String(k2) });
    expect(await res.text()).toContain('请填写计划名称');
    res = await kj.post(plan, {
      _csrf: await kj.csrf(plan), title: '2026年度科技领域双随机抽查计划', leadOffice: '高新技术发展科', jointDepartments: String(dept('scjgj')),
      itemIds: [String(k2), String(item('SJ-001'))], [`ratio_${k2}`]: '不低于10%', [`period_${k2}`]: '每季度', [`period_${item('SJ-001')}`]: '第四季度',
    });
    expect(res.status).toBe(303);
    await kj.post(`${plan}/submit`, { _csrf: await kj.csrf(plan) });
    await kj.post(`${plan}/return`, { _csrf: await kj.csrf(plan), reason: '' });
    expect(one<{ s: string }>('SELECT status AS s FROM plans WHERE id = ?', id(plan)).s).toBe('法制审核');
    for (const e of ['approve', 'publish']) await kj.post(`${plan}/${e}`, { _csrf: await kj.csrf(plan) });
    expect(one<{ s: string }>('SELECT status AS s FROM plans WHERE id = ?', id(plan)).s).toBe('已公示');
  });

  it('makes from it a quarterly task of 10% of the current 高新技术企业 with one expert per team, and draws it', async () => {
    const base = taskForm({ planId: String(id(plan)), number: '临科抽〔2026〕Q4-1号', title: '第四季度高新技术企业认定条件保持情况检查', itemIds: String(item('KJ-002')), expertSlots: '1' });
    let res = await kj.post('/admin/tasks/new', { _csrf: await kj.csrf('/admin/tasks/new'), ...base, expertSlots: '6' });
    expect(await res.text()).toContain('每组专家人数应为0至5的整数');
    // A slot of a named field needs a slot to fill; what was typed stays in the form.
    res = await kj.post('/admin/tasks/new', { _csrf: await kj.csrf('/admin/tasks/new'), ...base, expertGroups: '财务、法律' });
    const refused = await res.text();
    expect(refused).toContain('指定专业领域的专家名额（2 个：财务、法律）多于每组专家人数（1）');
    expect(refused).toContain('value="财务、法律"');
    res = await kj.post('/admin/tasks/new', { _csrf: await kj.csrf('/admin/tasks/new'), ...base, estimate: '1' });
    expect(await res.text()).toContain('可抽取 <strong>50</strong> 户，预计抽取 <strong>5</strong> 户');
    res = await kj.post('/admin/tasks/new', { _csrf: await kj.csrf('/admin/tasks/new'), ...base });
    expect(res.status).toBe(303);
    quarterly = res.headers.get('location')!;
    await kj.post(`${quarterly}/schedule`, { _csrf: await kj.csrf(quarterly), beacon: 'witness', place: '科技局三楼会议室', beaconAt: '2026-11-25T10:00', leadHours: '24' });
    const t = id(quarterly);
    expect(one<{ s: string }>('SELECT status AS s FROM tasks WHERE id = ?', t).s).toBe('已承诺');
    expect(setBeacon(s.db, t, { witnesses: [{ name: '公证员', value: '2026' }] }, 'kj.staff', new Date('2026-11-25T02:01:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, t, [], 'kj.staff', new Date('2026-11-25T02:05:00Z'));
    if (!r.ok || r.value.kind !== 'draw') throw new Error('expected a draw');
    const rec = JSON.parse(drawBundleText(s.db, r.value.drawId)!) as DrawRecord;
    expect(verifyOutcomeRecord(rec)).toEqual({ ok: true });
    expect(rec.inputs.entities.map((e) => e.id)).toEqual(members);
    expect(rec.result.selected).toHaveLength(5);
    for (const sel of rec.result.selected) expect(sel.experts).toHaveLength(1);
    // Made recurring, its expert settings go with it into every occurrence's task.
    await kj.post(`${quarterly}/recurring`, { _csrf: await kj.csrf(quarterly), name: '高新技术企业季度抽查', cron: '0 9 1 12 *', aheadHours: '24', planId: String(id(plan)) });
    const template = JSON.parse(one<{ t: string }>('SELECT template AS t FROM schedules ORDER BY id DESC LIMIT 1').t) as { expertSlots?: number; expertGroups?: string[] };
    expect(template).toMatchObject({ expertSlots: 1, expertGroups: [] });
  });

  it('makes a joint task with the 市场监管局, visible to it and staffed by both', async () => {
    // The register's times never go back: the joint task is made after the quarterly draw.
    s.clock.set('2026-11-25T03:00:00Z');
    await kj.login('kj.staff', SETTLED_PASSWORD);
    const res = await kj.post('/admin/tasks/new', {
      _csrf: await kj.csrf('/admin/tasks/new'),
      ...taskForm({ planId: String(id(plan)), number: '临科抽〔2026〕联1号', title: '高新技术企业年报公示与认定条件联合检查', itemIds: [String(item('KJ-002')), String(item('SJ-001'))], jointDepartments: String(dept('scjgj')), 'rule_*': '20' }),
    });
    expect(res.status).toBe(303);
    const joint = res.headers.get('location')!;
    await kj.post(`${joint}/schedule`, { _csrf: await kj.csrf(joint), beacon: 'witness', place: '市场监管局一楼大厅', beaconAt: '2026-11-26T12:00', leadHours: '24' });
    const t = id(joint);
    expect(one<{ s: string }>('SELECT status AS s FROM tasks WHERE id = ?', t).s).toBe('已承诺');
    expect(setBeacon(s.db, t, { witnesses: [{ name: '见证人', value: '88' }] }, 'kj.staff', new Date('2026-11-26T04:01:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, t, [], 'kj.staff', new Date('2026-11-26T04:05:00Z'));
    if (!r.ok || r.value.kind !== 'draw') throw new Error(r.ok ? 'a failure' : r.message);
    const rec = JSON.parse(drawBundleText(s.db, r.value.drawId)!) as DrawRecord;
    const deptOf = new Map(s.db.prepare<[], { c: string; d: number }>('SELECT cert_no AS c, department_id AS d FROM inspectors').all().map((x) => [x.c, x.d]));
    for (const sel of rec.result.selected) expect(new Set(sel.inspectors.map((c) => deptOf.get(c)))).toEqual(new Set([dept('kjj'), dept('scjgj')]));
    // The partner bureau has it in its list.
    const admin = new Client(s.url);
    await admin.login();
    sc = await newAccount(admin, { username: 'sc.staff', role: 'auditor', departmentId: dept('scjgj') });
    expect(await (await sc.get('/admin/tasks')).text()).toContain('临科抽〔2026〕联1号');
  });

  it('shows the public the plan, the inspector directory and both notices', async () => {
    const pub = new Client(s.url);
    const plans = await (await pub.get('/public/plans')).text();
    expect(plans).toMatch(/<td>KJ-002 高新技术企业认定条件保持情况检查<\/td><td>不低于10%<\/td><td>每季度<\/td>/);
    expect(plans).toContain('临科抽〔2026〕Q4-1号');
    expect(plans).toContain('（牵头）；联合：临江市市场监督管理局');
    const inspectors = await (await pub.get('/public/inspectors')).text();
    expect(inspectors).toContain('<h2>临江市科学技术局</h2>');
    const tasks = await (await pub.get('/public/tasks')).text();
    expect(tasks).toContain('临科抽〔2026〕Q4-1号');
    expect(tasks).toContain('临江市科学技术局（牵头）、临江市市场监督管理局');
    // A result of the joint task recorded by the market bureau's inspector: the market bureau reads
    // it among its results; published, it credits both departments.
    const sel = one<{ d: number; e: number; name: string }>(
      "SELECT ds.draw_id AS d, ds.entity_id AS e, en.name FROM draw_selections ds JOIN draws x ON x.id = ds.draw_id JOIN tasks t ON t.id = x.task_id JOIN entities en ON en.id = ds.entity_id WHERE t.number = '临科抽〔2026〕联1号' LIMIT 1",
    );
    const marketInspector = one<{ id: number }>('SELECT p.id FROM assignments a JOIN inspectors p ON p.id = a.inspector_id WHERE a.draw_id = ? AND a.entity_id = ? AND p.department_id = ?', sel.d, sel.e, dept('scjgj')).id;
    const user = Number(s.db.prepare("INSERT INTO users (username, display_name, role, department_id, inspector_id, password_hash, created_at, password_changed_at) VALUES ('sc.insp', '市场监管局执法人员', 'inspector', ?, ?, 'x', '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z')").run(dept('scjgj'), marketInspector).lastInsertRowid);
    upsertSubmitted(s.db, { drawId: sel.d, entityId: sel.e, itemId: item('KJ-002') }, { category: '未发现问题', inspectedOn: '2026-11-27', method: '现场检查', findings: '', followUp: '无' }, user, '2026-11-27T02:00:00Z');
    expect(await (await sc.get('/admin/results?status=' + encodeURIComponent('待审核'))).text()).toContain(sel.name);
    s.db.prepare("UPDATE results SET status = '已公示' WHERE draw_id = ?").run(sel.d);
    expect(await (await pub.get('/public/results')).text()).toContain('临江市科学技术局（牵头）、临江市市场监督管理局');
  });
});
