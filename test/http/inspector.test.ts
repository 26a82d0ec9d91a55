// The inspectors' portal over HTTP: accounts, own assignments only, results and their review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';

let s: TestServer;
let admin: Client;
let a: Client;
let b: Client;
let sel: { drawId: number; entityId: number; entityName: string; itemId: number; teamA: number[] };
let certA = '';
let certB = '';
const NOW = new Date('2026-11-23T02:00:00Z');

async function account(role: string, username: string, certNo = ''): Promise<string> {
  const res = await admin.post('/admin/users/new', { _csrf: await admin.csrf('/admin/users'), username, displayName: username, role, certNo, departmentId: '' });
  const html = await res.text();
  const m = /id="one-time-password">([^<]+)</.exec(html);
  if (!m) throw new Error('no password on the page: ' + html.slice(0, 400));
  return m[1]!;
}

async function loginAndSetPassword(c: Client, username: string, oneTime: string): Promise<void> {
  await c.login(username, oneTime);
  const token = await c.csrf('/account/password');
  const res = await c.post('/account/password', { _csrf: token, current: oneTime, next: 'a much better secret', repeat: 'a much better secret' });
  if (res.status !== 303) throw new Error('password change failed: ' + (await res.text()).slice(0, 300));
}

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const dept = (s.db.prepare("SELECT id FROM departments WHERE code = 'scjgj'").get() as { id: number }).id;
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const t = createTask(s.db, {
    departmentId: dept, number: 'T-portal', title: '门户测试', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
    recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: NOW.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', NOW);
  const d = drawTask(s.db, t.value, [], 'admin', NOW);
  if (!d.ok) throw new Error(d.message);
  const row = s.db.prepare('SELECT ds.entity_id AS entityId, e.name FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE draw_id = ? ORDER BY position LIMIT 1').get(d.value.drawId) as { entityId: number; name: string };
  const teamA = s.db.prepare('SELECT inspector_id FROM assignments WHERE draw_id = ? AND entity_id = ? ORDER BY slot').pluck().all(d.value.drawId, row.entityId) as number[];
  sel = { drawId: d.value.drawId, entityId: row.entityId, entityName: row.name, itemId: item, teamA };
  certA = (s.db.prepare('SELECT cert_no AS c FROM inspectors WHERE id = ?').get(teamA[0]) as { c: string }).c;
  certB = (s.db.prepare(`SELECT cert_no AS c FROM inspectors WHERE department_id = ? AND id NOT IN (${teamA.join(',')}) LIMIT 1`).get(dept) as { c: string }).c;
  a = new Client(s.url);
  b = new Client(s.url);
  await loginAndSetPassword(a, 'insp.a', await account('inspector', 'insp.a', certA));
  await loginAndSetPassword(b, 'insp.b', await account('inspector', 'insp.b', certB));
});
afterAll(() => s.close());

const page = (c: Client, p: string) => c.get(p).then((r) => r.text());
const mine = () => `/me/assignments/${sel.drawId}/${sel.entityId}`;
const resultCount = () => (s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
const submit = (c: Client, token: string, over: Record<string, string> = {}) =>
  c.post(`${mine()}/items/${sel.itemId}`, { _csrf: token, category: '发现问题待后续处理', inspectedOn: '2026-11-23', method: '现场检查', findings: '<script>alert(1)</script>未按时公示年报', followUp: '责令改正', ...over });

// These steps are one story, in order (each builds on the records the one before made).
describe('an inspector’s work from account to published result', { shuffle: false }, () => {
  describe('accounts', () => {
    it('sends a new inspector to change the one-time password before anything else', async () => {
      const c = new Client(s.url);
      const pw = await account('inspector', 'insp.c', (s.db.prepare("SELECT cert_no AS c FROM inspectors WHERE cert_no NOT IN (?, ?) AND department_id = 2 LIMIT 1").get(certA, certB) as { c: string }).c);
      await c.login('insp.c', pw);
      expect((await c.get('/me')).headers.get('location')).toBe('/account/password');
      expect((await c.post(mine() + '/items/1', { _csrf: await c.csrf('/account/password') })).status).toBe(403);
      const res = await c.post('/account/password', { _csrf: await c.csrf('/account/password'), current: pw, next: 'short', repeat: 'short' });
      expect(await res.text()).toContain('新密码至少10位');
    });

    it('refuses an inspector account without a certificate number from the directory', async () => {
      const res = await admin.post('/admin/users/new', { _csrf: await admin.csrf('/admin/users'), username: 'nobody', displayName: 'x', role: 'inspector', certNo: 'NOPE' });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('须关联名录库中的执法证号');
    });
  });

  describe('my assignments', () => {
    it('shows an inspector their own assignment with entity, items, co-inspectors and due date', async () => {
      const list = await page(a, '/me');
      expect(list).toContain(sel.entityName);
      expect(list).toContain(`href="${mine()}"`);
      expect(list).toContain('检查期限：<strong>2026-12-23</strong>');
      const detail = await page(a, mine());
      expect(detail).toContain('企业年度报告公示信息检查');
      // Whom to contact and where, for the team only (never on public pages: the privacy walk checks them).
      const e = s.db.prepare('SELECT address, liaison, liaison_phone AS phone FROM entities WHERE id = ?').get(sel.entityId) as { address: string; liaison: string; phone: string };
      expect(detail).toContain(`<a href="tel:${e.phone}">${e.phone}</a>`);
      expect(detail).toContain(e.liaison);
      const map = /href="(https:\/\/uri\.amap\.com\/search\?[^"]+)"/.exec(detail)![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
      expect(new URL(map).searchParams.get('keyword')).toBe(e.address);
      expect(detail).toContain(`执法证号 ${certA}`);
      // certA is the first picked for the team: its leader (组长), and only it.
      expect(detail).toMatch(new RegExp(`（组长）（执法证号 ${certA}）`));
      expect(detail.match(/（组长）/g)).toHaveLength(1);
      const sheet = await page(a, mine() + '/sheet');
      expect(sheet).toContain('检查任务单');
      expect(sheet).toContain(`行政执法证号 ${certA}`);
    });

    it('groups it as upcoming before the deadline and overdue after it', async () => {
      const section = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
      let html = await page(a, '/me');
      expect(section(html, 'h-upcoming')).toContain(sel.entityName);
      expect(section(html, 'h-overdue')).not.toContain(sel.entityName);
      const taskId = (s.db.prepare('SELECT task_id AS t FROM draws WHERE id = ?').get(sel.drawId) as { t: number }).t;
      s.db.prepare("UPDATE tasks SET inspect_by = '2026-11-20' WHERE id = ?").run(taskId);
      html = await page(a, '/me');
      expect(section(html, 'h-overdue')).toContain(sel.entityName);
      expect(section(html, 'h-overdue')).toContain('已逾期');
      s.db.prepare("UPDATE tasks SET inspect_by = '' WHERE id = ?").run(taskId);
    });

    it('does not let another inspector read or write it by changing the ids', async () => {
      const other = await page(b, '/me');
      expect(other).toContain('我的检查任务');
      expect(other).not.toContain(`href="${mine()}"`);
      expect(other).not.toContain(sel.entityName);
      expect((await b.get(mine())).status).toBe(404);
      expect((await b.get(mine() + '/sheet')).status).toBe(404);
      const before = resultCount();
      const res = await submit(b, await b.csrf('/me'));
      expect(res.status).toBe(404);
      expect(resultCount()).toBe(before);
    });

    it('keeps inspectors out of staff pages', async () => {
      for (const p of ['/admin', '/admin/entities', '/admin/results', '/admin/users', '/admin/audit', '/admin/tasks']) expect((await a.get(p)).status, p).toBe(403);
      expect((await a.post('/admin/results/1/approve', { _csrf: await a.csrf('/me') })).status).toBe(403);
    });
  });

  describe('results', () => {
    it('refuses a form without its CSRF token', async () => {
      await a.get('/me');
      const res = await a.post(`${mine()}/items/${sel.itemId}`, { category: '未发现问题', inspectedOn: '2026-11-20', method: '现场检查' });
      expect(res.status).toBe(403);
      expect(resultCount()).toBe(0);
    });

    it('refuses an inspection date before the draw, with the reason', async () => {
      await submit(a, await a.csrf(mine()), { inspectedOn: '2026-11-20' });
      expect(await page(a, mine())).toContain('检查日期不能早于抽取日期（2026-11-23）');
      await submit(a, await a.csrf(mine()), { inspectedOn: '2025-11-23' });
      expect(await page(a, mine())).toContain('检查日期不能早于抽取日期');
      expect(resultCount()).toBe(0);
      expect(await page(a, mine())).toContain('min="2026-11-23"');
    });

    it('asks for the problem and the follow-up when a problem awaits handling', async () => {
      await submit(a, await a.csrf(mine()), { findings: '', followUp: '无' });
      expect(await page(a, mine())).toContain('请写明发现的问题');
      expect(resultCount()).toBe(0);
    });

    it('submits for review, shows a script in the findings as text, and locks the result while pending', async () => {
      expect((await submit(a, await a.csrf(mine()))).status).toBe(303);
      const html = await page(a, mine());
      expect(html).toContain('已提交，等待审核');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<script>alert(1)</script>');
      await submit(a, await a.csrf(mine()), { category: '未发现问题' });
      expect(await page(a, mine())).toContain('不能再提交');
      const review = await page(admin, '/admin/results');
      expect(review).toContain('&lt;script&gt;alert(1)&lt;/script&gt;未按时公示年报');
    });

    it('is returned with a reason, corrected by the inspector, approved, and then changed only by a recorded correction', async () => {
      const id = (s.db.prepare('SELECT id FROM results').get() as { id: number }).id;
      let token = await admin.csrf('/admin/results');
      await admin.post(`/admin/results/${id}/return`, { _csrf: token, note: '' });
      expect(s.db.prepare('SELECT status FROM results').get()).toEqual({ status: '待审核' });
      await admin.post(`/admin/results/${id}/return`, { _csrf: token, note: '请补充整改期限' });
      // Reopened with what was submitted and the reviewer's note, not an empty form.
      const returned = await page(a, mine());
      expect(returned).toContain('请补充整改期限');
      const form = returned.slice(returned.indexOf('<form method="post" action="' + mine()));
      expect(form).toContain('<option selected>发现问题待后续处理</option>');
      expect(form).toMatch(/name="inspectedOn"[^>]*value="2026-11-23"/);
      expect(form).toContain('未按时公示年报</textarea>');
      expect(form).toContain('<option selected>责令改正</option>');
      await submit(a, await a.csrf(mine()), { findings: '未按时公示年报，责令30日内改正' });
      token = await admin.csrf('/admin/results');
      await admin.post(`/admin/results/${id}/approve`, { _csrf: token });
      expect(s.db.prepare('SELECT status, version FROM results').get()).toEqual({ status: '已通过', version: 2 });
      await submit(a, await a.csrf(mine()), { category: '未发现问题' });
      expect(s.db.prepare('SELECT category FROM results').get()).toEqual({ category: '发现问题待后续处理' });
      const correction = { _csrf: token, category: '发现问题经责令已改正', inspectedOn: '2026-11-23', method: '现场检查', findings: '已改正', followUp: '无' };
      await admin.post(`/admin/results/${id}/correct`, { ...correction, reason: '' });
      expect(s.db.prepare('SELECT count(*) AS n FROM result_corrections').get()).toEqual({ n: 0 });
      await admin.post(`/admin/results/${id}/correct`, { ...correction, reason: '企业提交整改材料后复核' });
      expect(s.db.prepare('SELECT category, version FROM results').get()).toEqual({ category: '发现问题经责令已改正', version: 3 });
      expect(s.db.prepare('SELECT reason FROM result_corrections').get()).toEqual({ reason: '企业提交整改材料后复核' });
    });

    it('lists results awaiting publication with their 20-working-day deadline, overdue ones marked', async () => {
      // Hand-counted: Oct 1–7 off; 8, 9, 10 (Sat, worked), 12–16, 19–23, 26–30, Nov 2, 3 → the 20th is 2026-11-03.
      s.db.prepare("UPDATE results SET inspected_on = '2026-10-01'").run();
      const html = await page(admin, '/admin/results/deadlines');
      expect(html).toContain('2026-11-03 <strong>已逾期</strong>');
      expect(html).toContain('已逾期 1 条');
    });

    it('shows staff what awaits them on the start page', async () => {
      const html = await page(admin, '/admin');
      expect(html).toMatch(/公示已逾期的结果<\/a>：<strong>1<\/strong>/);
    });

    it('lets an auditor see results but change nothing', async () => {
      const c = new Client(s.url);
      await loginAndSetPassword(c, 'audit.1', await account('auditor', 'audit.1'));
      expect(await page(c, '/admin/results?status=已通过')).toContain(sel.entityName);
      expect((await c.post('/admin/results/1/approve', { _csrf: await c.csrf('/admin/results') })).status).toBe(403);
      expect((await c.get('/admin/users')).status).toBe(403);
    });

    it('ends an inspector’s sessions when an admin resets the password', async () => {
      const id = (s.db.prepare("SELECT id FROM users WHERE username = 'insp.b'").get() as { id: number }).id;
      const res = await admin.post(`/admin/users/${id}/reset`, { _csrf: await admin.csrf('/admin/users') });
      expect(await res.text()).toContain('one-time-password');
      expect((await b.get('/me')).headers.get('location')).toMatch(/^\/login/);
    });
  });

  describe('calendar feed and publication', () => {
    it('gives each inspector a private .ics of their deadlines; a new address revokes the old one', async () => {
      await a.post('/me/calendar', { _csrf: await a.csrf('/me') });
      const url = /id="calendar-url">[^<]*(\/calendar\/[A-Za-z0-9_-]{32}\.ics)</.exec(await page(a, '/me'))![1]!;
      const anon = new Client(s.url);
      const ics = await anon.get(url);
      expect(ics.headers.get('content-type')).toContain('text/calendar');
      const body = await ics.text();
      expect(body).toContain('BEGIN:VCALENDAR');
      expect(body).toContain('DTSTART;VALUE=DATE:20261223');
      expect(body.replace(/\r\n /g, '')).toContain(sel.entityName);
      await a.post('/me/calendar', { _csrf: await a.csrf('/me') });
      expect((await anon.get(url)).status).toBe(404);
      expect((await anon.get('/calendar/' + 'x'.repeat(32) + '.ics')).status).toBe(404);
    });

    it('publishes only approved results', async () => {
      const id = (s.db.prepare('SELECT id FROM results').get() as { id: number }).id;
      const token = await admin.csrf('/admin/results');
      const before = s.db.prepare('SELECT last_inspected AS d, last_result AS r FROM entities WHERE id = ?').get(sel.entityId) as { d: string; r: string };
      expect(before.r).toBe('');
      await admin.post(`/admin/results/${id}/publish`, { _csrf: token });
      expect(s.db.prepare('SELECT status FROM results WHERE id = ?').get(id)).toEqual({ status: '已公示' });
      // The entity's record now carries its latest published inspection: the next draw's "recent" rule reads it.
      const r = s.db.prepare('SELECT inspected_on AS d, category AS c FROM results WHERE id = ?').get(id) as { d: string; c: string };
      expect(s.db.prepare('SELECT last_inspected AS d, last_result AS r FROM entities WHERE id = ?').get(sel.entityId)).toEqual({ d: before.d > r.d ? before.d : r.d, r: before.d > r.d ? '' : r.c });
      expect(r.d > before.d).toBe(true);
      await admin.post(`/admin/results/${id}/publish`, { _csrf: token });
      expect(await page(admin, '/admin/results?status=已通过')).toContain('不能公示');
    });
  });
});
