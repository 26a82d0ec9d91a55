// The public inspector directory (执法检查人员名录): who may be sent, by department, with certificate
// number and field, and never an ID number or a phone (domain.md); inspectors off duty are not in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../../src/services/draws-v2';

let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('the public inspector directory', () => {
  it('lists the inspectors on duty by department, without ID numbers or phones', async () => {
    const off = s.db.prepare<[], { cert: string }>("SELECT cert_no AS cert FROM inspectors ORDER BY id LIMIT 1").get()!;
    s.db.prepare("UPDATE inspectors SET status = '离岗' WHERE cert_no = ?").run(off.cert);
    const page = await (await new Client(s.url).get('/public/inspectors')).text();
    const rows = s.db.prepare<[], { name: string; cert: string; id: string; phone: string; status: string; expert: string }>('SELECT name, cert_no AS cert, id_number AS id, phone, status, is_expert AS expert FROM inspectors').all();
    // Experts join teams beside the inspectors (never in an inspector's slot): not in this directory.
    const onDuty = rows.filter((r) => r.status === '在岗' && r.expert !== '是');
    for (const r of rows.filter((x) => x.expert === '是')) expect(page).not.toContain(`<td>${r.cert}</td>`);
    expect(onDuty.length).toBeGreaterThan(20);
    for (const r of onDuty) expect(page).toContain(`<td>${r.name}</td><td>${r.cert}</td>`);
    expect(page).not.toContain(off.cert);
    for (const r of rows) {
      if (r.id) expect(page).not.toContain(r.id);
      if (r.phone) expect(page).not.toContain(r.phone);
    }
    expect(page).toContain('<h2>临江市科学技术局</h2>');
    expect(page).toContain('<h2>临江市市场监督管理局</h2>');
    expect(rows.some((r) => r.id)).toBe(true);
  });
});

describe('team names on a task notice', () => {
  it('are shown only where the department publishes them, 组长 first, and held with the list', async () => {
    const market = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
    const item = s.db.prepare<[], number>("SELECT id FROM items WHERE code = 'SJ-001'").pluck().get()!;
    const t = createTask(s.db, {
      departmentId: market, number: '临江市市场监管局抽查〔2026〕31号', title: '企业公示信息抽查', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
      recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: '2026-11-23T02:00:00Z',
    });
    if (!t.ok) throw new Error(t.message);
    const c = commitDrawV2(s.db, t.value, { kind: 'witness', at: new Date('2026-11-25T02:00:00Z'), place: '大厅' }, { actor: 'admin', now: new Date('2026-11-23T02:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    setBeacon(s.db, t.value, { witnesses: [{ name: '见证人', value: '77' }] }, 'admin', new Date('2026-11-25T02:01:00Z'));
    const r = revealDraw(s.db, t.value, [], 'admin', new Date('2026-11-25T02:02:00Z'));
    if (!r.ok || r.value.kind !== 'draw') throw new Error('expected a draw');
    const first = s.db.prepare<[number], { e: number }>('SELECT entity_id AS e FROM draw_selections WHERE draw_id = ? ORDER BY position LIMIT 1').get(r.value.drawId)!.e;
    const names = s.db.prepare<[number, number], string>('SELECT p.name FROM assignments a JOIN inspectors p ON p.id = a.inspector_id WHERE a.draw_id = ? AND a.entity_id = ? ORDER BY a.slot').pluck().all(r.value.drawId, first);
    const notice = () => new Client(s.url).get(`/public/tasks/${t.value}`).then((x) => x.text());
    expect(await notice()).not.toContain('<th scope="col">检查组</th>');
    const admin = new Client(s.url);
    await admin.login();
    const href = `/admin/tasks/${t.value}`;
    expect((await admin.post(`${href}/publish-teams`, { _csrf: await admin.csrf(href), on: '1' })).status).toBe(303);
    let page = await notice();
    expect(page).toContain('<th scope="col">检查组</th>');
    expect(page).toContain(`<td>${names[0]}（组长）、${names[1]}</td>`);
    // An unannounced inspection: the list, teams included, waits until the inspections end.
    await admin.post(`${href}/hold`, { _csrf: await admin.csrf(href), hold: '1' });
    page = await notice();
    expect(page).not.toContain(`${names[0]}（组长）`);
    expect(page).toContain('检查结束后公布');
  });
});
