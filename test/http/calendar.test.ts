// The working-day calendar staff keep: started from the package (to 2026), a warning for a coming
// year without official data, days entered by an admin of all departments moving the deadlines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { upsertSubmitted } from '../../src/store/results';

let s: TestServer;
let admin: Client;

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const now = new Date('2026-11-23T02:00:00Z');
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const t = createTask(s.db, {
    departmentId: 2, number: '日历-1', title: '日历测试', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', now);
  const d = drawTask(s.db, t.value, [], 'admin', now);
  if (!d.ok) throw new Error(d.message);
  const e = (s.db.prepare('SELECT entity_id AS e FROM draw_selections WHERE draw_id = ? LIMIT 1').get(d.value.drawId) as { e: number }).e;
  upsertSubmitted(s.db, { drawId: d.value.drawId, entityId: e, itemId: item }, { category: '未发现问题', inspectedOn: '2027-01-29', method: '现场检查', findings: '', followUp: '无' }, 1, now.toISOString());
});
afterAll(() => s.close());

const deadlineOf = (html: string) => /<tr[^>]*><td>(\d{4}-\d{2}-\d{2})/.exec(html)?.[1];

describe('the working-day calendar', () => {
  it('starts from the package’s official days', async () => {
    const html = await (await admin.get('/admin/calendar?year=2026')).text();
    expect(html).toContain('<td>2026-02-16</td><td>放假</td><td>春节</td>');
    expect(html).toContain('调休上班');
    expect(html).not.toContain('尚未录入');
  });

  it('warns on the deadline page that the coming year has no official data, and counts it Monday to Friday', async () => {
    const html = await (await admin.get('/admin/results/deadlines')).text();
    expect(html).toContain('id="calendar-warning"');
    expect(html).toContain('2027 年的法定节假日和调休安排尚未录入');
    expect(deadlineOf(html)).toBe('2027-02-26');
  });

  it('lets only an admin of all departments change it; a department’s admin reads it', async () => {
    const res = await admin.post('/admin/users/new', { _csrf: await admin.csrf('/admin/users'), username: 'sc.cal', displayName: 'x', role: 'admin', departmentId: '2' });
    const pw = /id="one-time-password">([^<]+)</.exec(await res.text())![1]!;
    const dept = new Client(s.url);
    await dept.login('sc.cal', pw);
    await dept.post('/account/password', { _csrf: await dept.csrf('/account/password'), current: pw, next: 'another long secret', repeat: 'another long secret' });
    expect((await dept.get('/admin/calendar?year=2027')).status).toBe(200);
    const before = s.db.prepare('SELECT count(*) AS n FROM calendar_days').get();
    const refused = await dept.post('/admin/calendar', { _csrf: await dept.csrf('/admin/calendar'), from: '2027-02-08', to: '2027-02-12', kind: 'holiday', name: '春节' });
    expect(refused.status).toBe(403);
    expect(s.db.prepare('SELECT count(*) AS n FROM calendar_days').get()).toEqual(before);
  });

  it('moves the deadlines when the year’s holidays are entered, and the warning goes', async () => {
    const token = await admin.csrf('/admin/calendar?year=2027');
    let res = await admin.post('/admin/calendar', { _csrf: token, from: '2027-02-08', to: '2027-02-01', kind: 'holiday', name: '春节' });
    expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('结束日期不能早于开始日期');
    res = await admin.post('/admin/calendar', { _csrf: token, from: '2027-02-08', to: '2027-02-12', kind: 'holiday', name: '春节' });
    expect(res.headers.get('location')).toBe('/admin/calendar?year=2027');
    const page = await (await admin.get('/admin/calendar?year=2027')).text();
    expect(page).toContain('已设置 5 天');
    expect(page).toContain('<td>2027-02-12</td><td>放假</td><td>春节</td><td>admin 录入</td>');
    const html = await (await admin.get('/admin/results/deadlines')).text();
    expect(html).not.toContain('id="calendar-warning"');
    expect(deadlineOf(html)).toBe('2027-03-05');
    // Given back to the ordinary week, a day counts again.
    await admin.post('/admin/calendar/2027-02-12/clear', { _csrf: token });
    expect(deadlineOf(await (await admin.get('/admin/results/deadlines')).text())).toBe('2027-03-04');
    expect(s.db.prepare("SELECT count(*) AS n FROM audit_events WHERE target_kind = 'calendar'").get()).toEqual({ n: 6 });
  });
});
