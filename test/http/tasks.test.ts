import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { verifyOutcomeRecord } from '../../src/domain/draw-v2';
import { tick } from '../../src/services/scheduler';
import { createTask } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../../src/services/draws-v2';
import { stubBeacons } from '../helpers/stub-beacons';

let s: TestServer;
let admin: Client;
const itemId = (code: string) => String((s.db.prepare('SELECT id FROM items WHERE code = ?').get(code) as { id: number }).id);
const deptId = (code: string) => String((s.db.prepare('SELECT id FROM departments WHERE code = ?').get(code) as { id: number }).id);

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
});
afterAll(() => s.close());

/** A new session (the clock moves by days in these tests, and sessions lapse). */
async function signInAgain(): Promise<void> {
  admin = new Client(s.url);
  await admin.login();
}

/** A datetime-local value in Beijing time, `hours` after the server's clock. */
const beijingLocal = (hours: number) => new Date(s.clock.now().getTime() + hours * 3600_000 + 8 * 3600_000).toISOString().slice(0, 16);

/**
 * The staff's ssj-draw/2 steps on a task page: commit to a public meeting 25 hours on, let the clock
 * reach it, record the witnesses' entries as the beacon, draw.
 */
async function commitAndDraw(href: string, witnesses: [string, string][]): Promise<Response> {
  const token = await admin.csrf(href);
  const at = beijingLocal(25);
  const c = await admin.post(href + '/schedule', { _csrf: token, beacon: 'witness', place: '本局一楼大厅', beaconAt: at, leadHours: '24' });
  if (c.status !== 303) throw new Error(await c.text());
  s.clock.set(new Date(Date.parse(`${at}:00+08:00`) + 10 * 60_000).toISOString());
  // A day on, the session has lapsed: staff sign in again at the meeting.
  await signInAgain();
  const again = await admin.csrf(href);
  await admin.post(href + '/beacon', { _csrf: again, witnessName: witnesses.map((w) => w[0]), witnessValue: witnesses.map((w) => w[1]) });
  return admin.post(href + '/draw', { _csrf: again });
}

const form = (over: Record<string, string | string[]> = {}) => ({
  departmentId: deptId('scjgj'), number: '临江市市场监管局抽查〔2026〕3号', title: '11月企业公示信息抽查', itemIds: [itemId('SJ-001')],
  strataMode: 'class', rule_A: '3', unit_A: 'pct', rule_B: '5', unit_B: 'pct', rule_C: '20', unit_C: 'pct', rule_D: '60', unit_D: 'pct', rule_U: '5', unit_U: 'pct',
  recentMonths: '12', teamSize: '2', avoidLastInspector: '1', ...over,
});

// Every part writes the market bureau's register and moves the clock on: the parts run in order, as
// the register's times never go back.
describe('tasks, in time order', { shuffle: false }, () => {
// One story, in order: the task the first step creates is drawn, refused changes, then voided.
describe('task pages', { shuffle: false }, () => {
  let href = '';

  it('asks for a real department instead of failing on an unknown one', async () => {
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ departmentId: '999', number: 'x-999' }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请选择实施部门');
  });

  it('refuses a team of one with a clear message, keeping the form', async () => {
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ teamSize: '1' }) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('检查组至少需要2名具有执法资格的人员');
    expect(html).toContain('value="11月企业公示信息抽查"');
  });

  it('creates a task, publishes its commitment, draws with witnesses and shows the results', async () => {
    let res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form() });
    expect(res.status).toBe(303);
    href = res.headers.get('location')!;
    let page = await (await admin.get(href)).text();
    expect(page).toContain('冻结范围并公布承诺');
    // Too soon: the meeting an hour after the commitment.
    const token = await admin.csrf(href);
    await admin.post(href + '/schedule', { _csrf: token, beacon: 'witness', place: '本局一楼大厅', beaconAt: beijingLocal(1), leadHours: '24' });
    expect(await (await admin.get(href)).text()).toContain('必须在承诺之后至少 24 小时');
    res = await commitAndDraw(href, [['见证人王伟', '4817'], ['企业代表李娜', '0923'], ['', '']]);
    expect(res.status).toBe(303);
    page = await (await admin.get(href)).text();
    expect(page).toContain('抽取完成：抽中');
    expect(page).toContain('id="task-status">已抽取<');
    expect(page).toContain('见证人王伟：4817；企业代表李娜：0923');
    const commitment = /<dt>承诺值<\/dt><dd><code>([0-9a-f]{64})</.exec(page)![1]!;
    expect(page).toMatch(/登记状态为注销 \d+ 户/);
    expect(page).toMatch(/每人检查户数 最少 \d+、最多 \d+/);
    const bundleHref = /href="(\/admin\/draws\/\d+\/bundle\.json)"/.exec(page)![1]!;
    const bundle = await (await admin.get(bundleHref)).json();
    expect(bundle.commitment.commitment).toBe(commitment);
    expect(bundle.reveal.beacon).toMatchObject({ kind: 'witness', place: '本局一楼大厅', value: '见证人王伟：4817；企业代表李娜：0923' });
    expect(verifyOutcomeRecord(bundle)).toEqual({ ok: true });
    expect(page).toContain(bundle.result.selected[0].ticket);
    // The page's figures (from the stored summary and selections) agree with the bundle.
    const loads = new Map<string, number>(bundle.inputs.inspectors.map((p: { id: string }) => [p.id, 0]));
    for (const s of bundle.result.selected) for (const i of s.inspectors) loads.set(i, loads.get(i)! + 1);
    expect(page).toContain(`每人检查户数 最少 ${Math.min(...loads.values())}、最多 ${Math.max(...loads.values())}`);
    expect(page).toContain(`可抽 ${bundle.inputs.inspectors.length} 人`);
    const first = bundle.result.selected[0];
    const name = (s.db.prepare('SELECT name FROM inspectors WHERE cert_no = ?').pluck().get(first.inspectors[0]) as string);
    expect(page).toContain(`${name}（${first.inspectors[0]}）`);
  });

  it('draws without the credit class (by region, or one stratum): one ratio for every stratum, and the bundle is public', async () => {
    const drawn: Record<string, { strata: string[]; href: string }> = {};
    for (const [mode, number] of [['region', '片区分层-1'], ['all', '不分层-1']] as const) {
      let res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number, strataMode: mode, 'rule_*': '10', 'unit_*': 'pct' }) });
      expect(res.status).toBe(303);
      const task = res.headers.get('location')!;
      expect(await (await admin.get(task)).text()).toContain(mode === 'all' ? '不分层：每层 10%' : '按片区（不按信用风险分类）：每层 10%');
      res = await commitAndDraw(task, [['见证人', '7']]);
      expect(res.status).toBe(303);
      const page = await (await admin.get(task)).text();
      const bundle = await (await admin.get(/href="(\/admin\/draws\/\d+\/bundle\.json)"/.exec(page)![1]!)).json();
      expect(verifyOutcomeRecord(bundle)).toEqual({ ok: true });
      for (const r of bundle.inputs.strata) expect(r).toEqual({ key: r.key, ratioBp: 1000 });
      drawn[mode] = { strata: bundle.inputs.strata.map((x: { key: string }) => x.key), href: task.replace('/admin/', '/public/') };
      // No class in the bundle, so the public notice offers it, and it verifies.
      const notice = await (await new Client(s.url).get(drawn[mode].href)).text();
      const link = /href="(\/public\/draws\/\d+\/bundle\.json)"/.exec(notice)![1]!;
      expect(verifyOutcomeRecord(await (await new Client(s.url).get(link)).json())).toEqual({ ok: true });
    }
    expect(drawn.all!.strata).toEqual(['全部']);
    const regions = (s.db.prepare("SELECT DISTINCT region FROM entities WHERE reg_state = '存续' AND region <> ''").pluck().all() as string[]);
    expect(drawn.region!.strata.length).toBeGreaterThan(1);
    for (const k of drawn.region!.strata) expect(regions).toContain(k);
  });

  it('records a manual exclusion with its reason in the audit log while the task is a plan', async () => {
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '排除测试-1' }) });
    const h = res.headers.get('location')!;
    const uscc = (s.db.prepare('SELECT uscc FROM entities LIMIT 1').get() as { uscc: string }).uscc;
    await admin.post(h + '/exclusions', { _csrf: await admin.csrf(h), uscc, reason: '立案调查中' });
    expect(s.db.prepare("SELECT summary FROM audit_events WHERE action = 'exclude'").get()).toEqual({ summary: `手动排除 ${uscc}：立案调查中` });
  });

  it('refuses changes to a drawn task with a clear message', async () => {
    const token = await admin.csrf(href);
    await admin.post(href + '/exclusions', { _csrf: token, uscc: '91350100M000100Y43', reason: '立案调查中' });
    const page = await (await admin.get(href)).text();
    expect(page).toContain('抽取条件已固化，不能再修改');
    const taskId = Number(href.split('/').pop());
    expect((await admin.post(href + '/draw', { _csrf: token })).status).toBe(303);
    expect(s.db.prepare('SELECT count(*) AS n FROM draws WHERE task_id = ?').get(taskId)).toEqual({ n: 1 });
  });

  it('voids a draw only with a reason, and the void stays visible', async () => {
    const token = await admin.csrf(href);
    const drawId = (s.db.prepare('SELECT id FROM draws WHERE task_id = ?').get(Number(href.split('/').pop())) as { id: number }).id;
    await admin.post(`/admin/draws/${drawId}/void`, { _csrf: token, reason: '' });
    expect(await (await admin.get(href)).text()).toContain('作废必须写明理由');
    await admin.post(`/admin/draws/${drawId}/void`, { _csrf: token, reason: '名录未更新' });
    const page = await (await admin.get(href)).text();
    expect(page).toContain('抽取结果 #' + drawId + '（已作废）');
    expect(page).toContain('理由：名录未更新');
    expect(page).toContain('冻结范围并公布承诺');
    // The void is a withdrawal on the register naming the draw.
    const w = s.db.prepare("SELECT body FROM register_records WHERE kind = 'withdrawal' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(w)).toMatchObject({ reason: '名录未更新', withdraws: s.db.prepare('SELECT bundle_hash FROM draws WHERE id = ?').pluck().get(drawId) });
  });

  it('is closed to visitors without a session and to forms without a token', async () => {
    const anon = new Client(s.url);
    expect((await anon.get(href)).status).toBe(303);
    expect((await anon.get('/admin/draws/1/bundle.json')).status).toBe(303);
    expect((await admin.post(href + '/schedule', {})).status).toBe(403);
  });
});

describe('recusal (回避) on the inspector record', () => {
  it('is recorded with a private reason, used by the draw, and can be withdrawn, all audited', async () => {
    const insp = s.db.prepare("SELECT id FROM inspectors WHERE department_id = ? AND status = '在岗' LIMIT 1").get(Number(deptId('scjgj'))) as { id: number };
    const ent = s.db.prepare("SELECT id, uscc FROM entities WHERE reg_state = '存续' LIMIT 1").get() as { id: number; uscc: string };
    const href = `/admin/inspectors/${insp.id}`;
    const token = await admin.csrf(href);
    await admin.post(href + '/recusals', { _csrf: token, uscc: ent.uscc.toLowerCase(), reason: '配偶在该企业任职' });
    let page = await (await admin.get(href)).text();
    expect(page).toContain('已登记回避');
    expect(page).toContain('配偶在该企业任职');
    expect(s.db.prepare('SELECT count(*) AS n FROM recusals WHERE inspector_id = ? AND entity_id = ?').get(insp.id, ent.id)).toEqual({ n: 1 });
    await admin.post(`${href}/recusals/${ent.id}/remove`, { _csrf: token });
    page = await (await admin.get(href)).text();
    expect(page).toContain('已撤销回避');
    const actions = s.db.prepare("SELECT action FROM audit_events WHERE target_kind = 'inspectors' AND target_id = ? ORDER BY id").all(String(insp.id));
    expect(actions).toEqual([{ action: 'recusal-add' }, { action: 'recusal-remove' }]);
    expect((await admin.post(href + '/recusals', { uscc: ent.uscc, reason: 'x' })).status).toBe(403);
  });
});

describe('audit log page', () => {
  it('lists what happened, filters by action, and checks the chain on request', async () => {
    // A draw of its own, so that the log has one whatever ran before.
    await signInAgain();
    const now = s.clock.now();
    const t = createTask(s.db, {
      departmentId: Number(deptId('scjgj')), number: '日志页-1', title: '日志页', filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 300 } }, recentMonths: 0, teamSize: 2,
      jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [Number(itemId('SJ-001'))], now: now.toISOString(),
    });
    if (!t.ok) throw new Error(t.message);
    const meeting = new Date(now.getTime() + 25 * 3600_000);
    expect(commitDrawV2(s.db, t.value, { kind: 'witness', at: meeting, place: '本局一楼大厅' }, { actor: 'admin', now }).ok).toBe(true);
    const later = new Date(meeting.getTime() + 60_000);
    expect(setBeacon(s.db, t.value, { witnesses: [{ name: '见证人', value: '31' }] }, 'admin', later).ok).toBe(true);
    expect(revealDraw(s.db, t.value, [], 'admin', later).ok).toBe(true);
    let page = await (await admin.get('/admin/audit?action=draw')).text();
    expect(page).toContain('<td>抽取</td>');
    expect(page).not.toContain('<td>登录</td>');
    page = await (await admin.get('/admin/audit?verify=1')).text();
    expect(page).toMatch(/日志链完整：共 [\d,]+ 条/);
    s.db.prepare("UPDATE audit_events SET summary = summary || '（改）' WHERE id = 2").run();
    page = await (await admin.get('/admin/audit?verify=1')).text();
    expect(page).toContain('日志链在第 2 条处断开：内容与哈希值不符');
    // Put back, for the tests after this one.
    s.db.prepare("UPDATE audit_events SET summary = substr(summary, 1, length(summary) - 3) WHERE id = 2").run();
    expect(await (await admin.get('/admin/audit?verify=1')).text()).toMatch(/日志链完整/);
    expect((await new Client(s.url).get('/admin/audit')).status).toBe(303);
    // The register's last record is the draw above: the clock goes on from there.
    s.clock.set(later.toISOString());
  });
});

describe('plans and recurring draws', () => {
  it('makes a task recurring, shows the commitment published ahead and the late catch-up', async () => {
    await signInAgain();
    let token = await admin.csrf('/admin/plans');
    await admin.post('/admin/plans/new', { _csrf: token, departmentId: deptId('scjgj'), year: '2026', title: '2026年度企业公示信息抽查计划', notes: '' });
    const plan = s.db.prepare('SELECT id FROM plans').get() as { id: number };
    // A draft plan makes no schedule: its item first, then 法制审核 and 批准.
    const planHref = `/admin/plans/${plan.id}`;
    await admin.post(planHref, { _csrf: await admin.csrf(planHref), title: '2026年度企业公示信息抽查计划', leadOffice: '信用监管科', itemIds: itemId('SJ-001'), [`ratio_${itemId('SJ-001')}`]: '不低于3%', [`period_${itemId('SJ-001')}`]: '每月' });
    for (const e of ['submit', 'approve']) await admin.post(`${planHref}/${e}`, { _csrf: await admin.csrf(planHref) });
    expect(s.db.prepare('SELECT status FROM plans WHERE id = ?').pluck().get(plan.id)).toBe('批准');
    const res0 = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '模板任务-1', filters: '' }) });
    const taskHref = res0.headers.get('location')!;
    token = await admin.csrf(taskHref);
    let res = await admin.post(taskHref + '/recurring', { _csrf: token, name: '月度抽查', cron: '0 9 1 * 99', aheadHours: '24', planId: String(plan.id) });
    expect(await (await admin.get(taskHref)).text()).toContain('不是有效的 cron 表达式');
    res = await admin.post(taskHref + '/recurring', { _csrf: token, name: '月度抽查', cron: '0 9 1,15 * *', aheadHours: '24', planId: String(plan.id) });
    const scheduleHref = res.headers.get('location')!;
    expect(scheduleHref).toMatch(/^\/admin\/schedules\/\d+$/);
    // The 2026-12-01 occurrence was missed: committed now with a drand round 24 hours on, drawn late then.
    expect(tick(s.db, new Date('2026-12-03T00:00:00Z')).drawn).toEqual([]);
    stubBeacons(s.db, '2026-12-04T00:01:00Z');
    expect(tick(s.db, new Date('2026-12-04T00:01:00Z')).drawn).toHaveLength(1);
    expect(tick(s.db, new Date('2026-12-14T00:59:00Z')).committed).toEqual([]); // more than 24 hours before 2026-12-15 09:00: nothing yet
    expect(tick(s.db, new Date('2026-12-14T01:00:00Z')).committed).toHaveLength(1); // within 24 hours: the commitment is published
    // A 2026 plan's schedule ends with 2026: nothing for 2027-01-01.
    expect(tick(s.db, new Date('2026-12-31T01:00:00Z'), { draws: false }).committed).toEqual([]);
    const page = await (await admin.get(scheduleHref)).text();
    expect(page).toContain('2026-12-01 09:00');
    expect(page).toContain('已抽取（补抽）');
    expect(page).toContain('2026-12-15 09:00');
    expect(page).not.toContain('2027-01-01 09:00');
    expect(page).toContain('已承诺，待抽取');
    expect(page).toMatch(/提前 2[34] 小时/);
    const plans = await (await admin.get('/admin/plans')).text();
    expect(plans).toContain('2026年度企业公示信息抽查计划');
    expect(plans).toContain('月度抽查');
  });
});

describe('the dry run before a commitment', () => {
  it('shows the counts per stratum and the slots that could fail, and commits nothing', async () => {
    await signInAgain();
    // The science bureau's register (the other tests here write the market bureau's, at other times).
    const res = await admin.post('/admin/tasks/new', { _csrf: await admin.csrf('/admin/tasks/new'), ...form({ number: '试抽-1', departmentId: deptId('kjj'), itemIds: [itemId('KJ-001')], teamSize: '3', maxLoad: '1', rule_A: '10', rule_B: '10', rule_U: '10' }) });
    const href = res.headers.get('location')!;
    const records = s.db.prepare('SELECT count(*) FROM register_records').pluck().get();
    const page = await (await admin.post(href + '/preview', { _csrf: await admin.csrf(href), beaconAt: beijingLocal(30) })).text();
    expect(page).toContain('试抽结果（未承诺，未保存）');
    expect(page).toMatch(/<tr><td>[ABCDU]<\/td><td>[\d,]+<\/td><td>[\d,]+<\/td><\/tr>/);
    expect(page).toContain('id="preview-risk"');
    expect(page).toContain('最多检查户数');
    expect(s.db.prepare('SELECT count(*) FROM register_records').pluck().get()).toBe(records);
    expect(s.db.prepare("SELECT status FROM tasks WHERE number = '试抽-1'").pluck().get()).toBe('计划');
    // Committing it is refused without a confirmed reason, and allowed with one.
    const token = await admin.csrf(href);
    await admin.post(href + '/schedule', { _csrf: token, beacon: 'witness', place: '大厅', beaconAt: beijingLocal(30), leadHours: '24' });
    expect(await (await admin.get(href)).text()).toContain('无法配齐检查组');
    await admin.post(href + '/schedule', { _csrf: token, beacon: 'witness', place: '大厅', beaconAt: beijingLocal(30), leadHours: '24', confirmRisk: '1', riskReason: '已报请增派人员' });
    const after = await (await admin.get(href)).text();
    expect(/class="flash [a-z]+"[^>]*>([^<]*)/.exec(after)?.[1]).toContain('已冻结抽取范围并公布承诺');
    expect(s.db.prepare("SELECT status FROM tasks WHERE number = '试抽-1'").pluck().get()).toBe('已承诺');
    expect(s.db.prepare("SELECT summary FROM audit_events WHERE action = 'commit' ORDER BY id DESC LIMIT 1").pluck().get()).toContain('确认理由：已报请增派人员');
  });
});
});
