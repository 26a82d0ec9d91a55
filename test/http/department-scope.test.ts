// Department scope: an admin or auditor of one department can neither change nor read another
// department's records, whatever URL they post to. Each state-changing staff route is tried with a
// record of the other department: refused (403/404), nothing written, no audit entry.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { createSchedule } from '../../src/services/scheduler';
import { createList } from '../../src/services/special-lists';
import { insertPlan } from '../../src/store/schedules';
import { upsertSubmitted } from '../../src/store/results';
import { addRecusal } from '../../src/store/draw-population';
import { fileAuditByDepartment, verifyAuditLog } from '../../src/store/audit';

let s: TestServer;
let admin: Client;
let kj: Client;
let kjAudit: Client;
const NOW = new Date('2026-11-23T02:00:00Z');
const ids = {} as Record<'market' | 'science' | 'task' | 'ownTask' | 'draw' | 'pending' | 'approved' | 'plan' | 'schedule' | 'item' | 'inspector' | 'entity' | 'user' | 'job' | 'list', number>;

const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const dept = (code: string) => one<{ id: number }>('SELECT id FROM departments WHERE code = ?', code).id;

async function account(role: string, username: string, departmentId: number): Promise<Client> {
  const res = await admin.post('/admin/users/new', { _csrf: await admin.csrf('/admin/users'), username, displayName: username, role, departmentId: String(departmentId) });
  const pw = /id="one-time-password">([^<]+)</.exec(await res.text())![1]!;
  const c = new Client(s.url);
  await c.login(username, pw);
  const r2 = await c.post('/account/password', { _csrf: await c.csrf('/account/password'), current: pw, next: 'a much better secret', repeat: 'a much better secret' });
  expect(r2.status).toBe(303);
  return c;
}

function task(departmentId: number, number: string): number {
  const item = one<{ id: number }>('SELECT id FROM items WHERE department_id = ? ORDER BY id LIMIT 1', departmentId).id;
  const t = createTask(s.db, {
    departmentId, number, title: number, filters: {}, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 12, teamSize: 2, jointDepartments: [],
    maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: NOW.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  return t.value;
}

/** Everything a refused action could have written. */
function digest(): string {
  const tables = ['departments', 'follow_ups', 'follow_up_steps', 'plan_items', 'special_lists', 'special_list_members', 'item_scopes', 'tasks', 'task_exclusions', 'commitments', 'register_records', 'frozen_inputs', 'draws', 'results', 'result_corrections', 'plans', 'schedules', 'items', 'inspectors', 'recusals', 'import_jobs', 'audit_events'];
  const h = crypto.createHash('sha256');
  for (const t of tables) h.update(JSON.stringify(s.db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()));
  h.update(JSON.stringify(s.db.prepare('SELECT id, password_hash, active, must_change_password FROM users ORDER BY id').all()));
  return h.digest('hex');
}

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  ids.market = dept('scjgj');
  ids.science = dept('kjj');
  ids.task = task(ids.market, '市场监管局抽查〔2026〕90号');
  commitTask(s.db, ids.task, 'admin', NOW);
  const d = drawTask(s.db, ids.task, [], 'admin', NOW);
  if (!d.ok) throw new Error(d.message);
  ids.draw = d.value.drawId;
  const sels = s.db.prepare('SELECT entity_id AS e FROM draw_selections WHERE draw_id = ? ORDER BY position LIMIT 2').all(ids.draw) as { e: number }[];
  const itemId = one<{ item_id: number }>('SELECT item_id FROM task_items WHERE task_id = ?', ids.task).item_id;
  const fields = { category: '未发现问题', inspectedOn: '2026-11-25', method: '现场检查', findings: '', followUp: '无' };
  upsertSubmitted(s.db, { drawId: ids.draw, entityId: sels[0]!.e, itemId }, fields, 1, NOW.toISOString());
  upsertSubmitted(s.db, { drawId: ids.draw, entityId: sels[1]!.e, itemId }, fields, 1, NOW.toISOString());
  [ids.pending, ids.approved] = (s.db.prepare('SELECT id FROM results ORDER BY id').all() as { id: number }[]).map((r) => r.id) as [number, number];
  s.db.prepare("UPDATE results SET status = '已通过' WHERE id = ?").run(ids.approved);
  ids.plan = insertPlan(s.db, { departmentId: ids.market, year: 2026, title: '市场监管局2026年度抽查计划', notes: '', actor: 'admin', now: NOW.toISOString(), status: '已公示' });
  const sch = createSchedule(s.db, {
    departmentId: ids.market, planId: ids.plan, name: '月度抽查', cron: '0 9 1 * *', by: { username: 'admin', departmentId: null }, now: NOW.toISOString(),
    template: { title: '月度', itemIds: [itemId], filters: {}, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false },
  });
  if (!sch.ok) throw new Error(sch.message);
  ids.schedule = sch.value;
  ids.item = itemId;
  ids.inspector = one<{ id: number }>('SELECT id FROM inspectors WHERE department_id = ? ORDER BY id LIMIT 1', ids.market).id;
  ids.entity = sels[0]!.e;
  addRecusal(s.db, { inspectorId: ids.inspector, entityId: ids.entity, reason: '亲属关系', actor: 'admin', now: NOW.toISOString() });
  ids.job = Number(s.db.prepare(
    "INSERT INTO import_jobs (kind, department_id, filename, sha256, size, stored_path, format, encoding, status, created_by, created_at) VALUES ('items', ?, 'x.csv', '', 0, '/nonexistent', 'csv', 'utf-8', 'previewed', 'admin', ?)",
  ).run(ids.market, NOW.toISOString()).lastInsertRowid);
  const list = createList(s.db, { username: 'admin', departmentId: null }, { name: '市场监管局重点名录', kind: 'custom', notes: '', departmentId: ids.market }, NOW.toISOString());
  if (!list.ok) throw new Error(list.message);
  ids.list = list.value;
  await account('admin', 'sc.admin', ids.market);
  ids.user = one<{ id: number }>("SELECT id FROM users WHERE username = 'sc.admin'").id;
  kj = await account('admin', 'kj.admin', ids.science);
  kjAudit = await account('auditor', 'kj.audit', ids.science);
  ids.ownTask = task(ids.science, '科技局抽查〔2026〕91号');
});
afterAll(() => s.close());

describe('the audit log by department', () => {
  it('files every entry under its record’s department, and migration 0017 files the older entries the same way', () => {
    const want = s.db.prepare('SELECT id, department_id AS d FROM audit_events ORDER BY id').all() as { id: number; d: number | null }[];
    expect(want.filter((r) => r.d === ids.market).length).toBeGreaterThan(3);
    expect(want.filter((r) => r.d === ids.science).length).toBeGreaterThan(1);
    s.db.exec('UPDATE audit_events SET department_id = NULL');
    fileAuditByDepartment(s.db);
    expect(s.db.prepare('SELECT id, department_id AS d FROM audit_events ORDER BY id').all()).toEqual(want);
    expect(verifyAuditLog(s.db).ok).toBe(true);
  });
});

describe('another department’s records', () => {
  const posts: [string, () => string, Record<string, string>][] = [
    ['approve a result', () => `/admin/results/${ids.pending}/approve`, {}],
    ['return a result', () => `/admin/results/${ids.pending}/return`, { note: '请补充材料' }],
    ['publish a result', () => `/admin/results/${ids.approved}/publish`, {}],
    ['take a follow-up step on a result', () => `/admin/results/${ids.approved}/follow-up`, { kind: 'refer', to: '临江市公安局' }],
    ['correct a result', () => `/admin/results/${ids.approved}/correct`, { category: '发现问题待后续处理', inspectedOn: '2026-11-25', method: '现场检查', findings: '改写', followUp: '责令改正', reason: '更正的理由写在这里' }],
    ['commit a task', () => `/admin/tasks/${ids.task}/schedule`, { beacon: 'witness', place: '大厅', beaconAt: '2027-06-01T09:00', leadHours: '24' }],
    ['draw a task', () => `/admin/tasks/${ids.task}/draw`, {}],
    ['enter a beacon value for a task', () => `/admin/tasks/${ids.task}/beacon`, { lottery: '1 2 3' }],
    ['fetch a drand round for a task', () => `/admin/tasks/${ids.task}/beacon`, { fetch: '1' }],
    ['withdraw a task’s commitment', () => `/admin/tasks/${ids.task}/withdraw`, { reason: '撤回的理由' }],
    ['exclude from a task', () => `/admin/tasks/${ids.task}/exclusions`, { uscc: '91350100M000100Y43', reason: '测试' }],
    ['hold a task’s list', () => `/admin/tasks/${ids.task}/hold`, { hold: '1' }],
    ['publish a task’s teams', () => `/admin/tasks/${ids.task}/publish-teams`, { on: '1' }],
    ['make a task recurring', () => `/admin/tasks/${ids.task}/recurring`, { name: 'x', cron: '0 9 1 * *', aheadHours: '24' }],
    ['void a draw', () => `/admin/draws/${ids.draw}/void`, { reason: '作废的理由' }],
    ['stop a schedule', () => `/admin/schedules/${ids.schedule}/deactivate`, {}],
    ['restart a schedule', () => `/admin/schedules/${ids.schedule}/reactivate`, {}],
    ['add a recusal', () => `/admin/inspectors/${ids.inspector}/recusals`, { uscc: '91350100M000100Y43', reason: '亲属关系' }],
    ['remove a recusal', () => `/admin/inspectors/${ids.inspector}/recusals/${ids.entity}/remove`, {}],
    ['edit an item', () => `/admin/items/${ids.item}/edit`, { version: '1', name: '改名' }],
    ['deactivate an item', () => `/admin/items/${ids.item}/deactivate`, {}],
    ['edit an inspector', () => `/admin/inspectors/${ids.inspector}/edit`, { version: '1', name: '改名' }],
    ['deactivate an inspector', () => `/admin/inspectors/${ids.inspector}/deactivate`, {}],
    ['reset a password', () => `/admin/users/${ids.user}/reset`, {}],
    ['deactivate an account', () => `/admin/users/${ids.user}/deactivate`, {}],
    ['commit an import', () => `/admin/imports/${ids.job}/commit`, {}],
    ['cancel an import', () => `/admin/imports/${ids.job}/cancel`, {}],
    ['edit an annual plan', () => `/admin/plans/${ids.plan}`, { title: '改名', itemIds: String(ids.item) }],
    ['move an annual plan on', () => `/admin/plans/${ids.plan}/return`, { reason: '退回的理由写在这里' }],
    ['edit a task', () => `/admin/tasks/${ids.task}/edit`, { departmentId: String(ids.science), number: '改号', title: '改名', itemIds: String(ids.item), teamSize: '2', recentMonths: '12' }],
    ['cancel a task', () => `/admin/tasks/${ids.task}/cancel`, { reason: '取消的理由写在这里' }],
    ['set an item’s targets', () => `/admin/items/${ids.item}/scope`, { entityTypes: '有限责任公司' }],
    ['change a department’s settings', () => `/admin/departments/${ids.market}/settings`, { keepPhotoLocation: '1' }],
    ['confirm a special list’s import', () => `/admin/lists/${ids.list}/import/${'0'.repeat(24)}.csv`, {}],
  ];

  it.each(posts)('cannot %s', async (_what, url, form) => {
    const before = digest();
    const res = await kj.post(url(), { _csrf: await kj.csrf('/admin'), ...form });
    expect([403, 404]).toContain(res.status);
    expect(digest()).toBe(before);
  });

  it('cannot upload a file to another department’s special list', async () => {
    const before = digest();
    const uscc = one<{ u: string }>('SELECT uscc AS u FROM entities ORDER BY id LIMIT 1').u;
    const res = await kj.upload(`/admin/lists/${ids.list}/import`, { _csrf: await kj.csrf('/admin') }, { name: '名单.csv', data: Buffer.from(`统一社会信用代码\r\n${uscc}\r\n`) });
    expect([403, 404]).toContain(res.status);
    expect(digest()).toBe(before);
  });

  it('the same actions work for the department itself (the refusals above are about scope, not the form)', async () => {
    const sc = new Client(s.url);
    await sc.login('sc.admin', 'a much better secret');
    const res = await sc.post(`/admin/results/${ids.pending}/approve`, { _csrf: await sc.csrf('/admin') });
    expect(res.status).toBe(303);
    expect(one<{ status: string }>('SELECT status FROM results WHERE id = ?', ids.pending).status).toBe('已通过');
  });

  it('cannot put its own schedule into another department’s annual plan', async () => {
    const before = digest();
    const res = await kj.post(`/admin/tasks/${ids.ownTask}/recurring`, { _csrf: await kj.csrf('/admin'), planId: String(ids.plan), name: '借用计划', cron: '0 9 1 * *', aheadHours: '24' });
    expect([403, 404]).toContain(res.status);
    expect(digest()).toBe(before);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM schedules WHERE name = '借用计划'").n).toBe(0);
  });

  it('cannot read another department’s records', async () => {
    for (const url of [`/admin/plans/${ids.plan}`, `/admin/tasks/${ids.task}/edit`, `/admin/tasks/new?copy=${ids.task}`, `/admin/lists/${ids.list}`, `/admin/items/${ids.item}/scope`, `/admin/tasks/${ids.task}`, `/admin/draws/${ids.draw}/bundle.json`, `/admin/schedules/${ids.schedule}`, `/admin/items/${ids.item}`, `/admin/inspectors/${ids.inspector}`, `/admin/imports/${ids.job}`]) {
      for (const c of [kj, kjAudit]) expect([403, 404], url).toContain((await c.get(url)).status);
    }
  });

  it('reads only its own department’s audit log and inspector loads', async () => {
    const other = await (await kjAudit.get('/admin/audit')).text();
    expect(other).not.toContain('sc.admin');
    expect(other).not.toContain('月度抽查');
    expect(other).toContain('kj.audit');
    const all = await (await admin.get('/admin/audit')).text();
    expect(all).toContain('月度抽查');
    const team = [one<{ i: number }>('SELECT inspector_id AS i FROM assignments WHERE draw_id = ? ORDER BY entity_id, slot LIMIT 1', ids.draw).i];
    const cert = one<{ c: string }>('SELECT cert_no AS c FROM inspectors WHERE id = ?', team[0]).c;
    expect(await (await admin.get('/admin/statistics')).text()).toContain(cert);
    expect(await (await kjAudit.get('/admin/statistics')).text()).not.toContain(cert);
  });
});
