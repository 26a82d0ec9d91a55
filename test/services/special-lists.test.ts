// Special lists (专项名录) and items' targets: a list imported all or nothing with row-and-column
// errors, and an item that names its targets draws only from them (the 科技局's 高新技术企业 check draws
// only current 高新技术企业), with what it leaves out counted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { createList, checkMemberFile, importMembers, setScope } from '../../src/services/special-lists';
import { createTask } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../../src/services/draws-v2';
import { drawBundleText } from '../../src/store/tasks';
import { itemScope, listByName, memberCounts } from '../../src/store/special-lists';
import { currentOn } from '../../src/domain/special-lists';
import { yearFigures } from '../../src/services/statistics';
import { usccCheckChar } from '../../src/domain/uscc';
import { Forbidden } from '../../src/services/errors';
import type { DrawRecord } from '../../src/domain/draw-v2';

let s: TestServer;
const dept = (code: string) => s.db.prepare<[string], number>('SELECT id FROM departments WHERE code = ?').pluck().get(code)!;
const admin = { username: 'admin', departmentId: null };
const file = (name: string, text: string) => {
  const f = path.join(s.dir, name);
  fs.writeFileSync(f, '\ufeff' + text);
  return f;
};
const companies = () => s.db.prepare<[], { uscc: string; name: string }>("SELECT uscc, name FROM entities WHERE substr(uscc, 2, 1) = '1' AND reg_state = '存续' ORDER BY uscc LIMIT 5").all();
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('special lists', () => {
  let listId: number;

  it('are made by a department with a name and a kind, one name once', () => {
    const r = createList(s.db, admin, { name: '测试名录', kind: 'custom', notes: '', departmentId: dept('kjj') }, '2026-11-23T02:00:00Z');
    if (!r.ok) throw new Error(r.message);
    listId = r.value;
    expect(createList(s.db, admin, { name: '测试名录', kind: 'custom', notes: '', departmentId: dept('kjj') }, 'x')).toMatchObject({ ok: false, message: expect.stringContaining('已有名为') });
    expect(createList(s.db, admin, { name: ' ', kind: 'custom', notes: '', departmentId: dept('kjj') }, 'x')).toMatchObject({ ok: false });
    expect(createList(s.db, admin, { name: '另一名录', kind: 'nonsense', notes: '', departmentId: dept('kjj') }, 'x')).toMatchObject({ ok: false, message: '请选择名录类型' });
    // An account of one department cannot make a list in another.
    expect(createList(s.db, { username: 'x', departmentId: dept('scjgj') }, { name: '市场名录', kind: 'custom', notes: '', departmentId: dept('kjj') }, 'x')).toMatchObject({ ok: true });
    expect(listByName(s.db, dept('kjj'), '市场名录')).toBeUndefined();
  });

  it('refuses a file with bad rows, naming row and column, and keeps nothing', async () => {
    const [a, b, c] = companies();
    const stranger = '91350100MA' + '0YYYY9' + 'X';
    const missing = stranger.slice(0, 17) + usccCheckChar(stranger.slice(0, 17));
    const bad = file('bad.csv', [
      '企业名称,统一社会信用代码,证书编号,发证日期,有效期至',
      `${a!.name},${a!.uscc},GR1,2024-01-05,2027-01-04`,
      `外地企业,${missing},GR2,2024-01-05,2027-01-04`,
      `${b!.name},${b!.uscc.slice(0, 17)}0,GR3,2024-01-05,2027-01-04`,
      `${c!.name},${c!.uscc},GR4,2024-13-05,2027-01-04`,
      `${a!.name},${a!.uscc},GR5,2025-01-05,2024-01-04`,
    ].join('\r\n'));
    const check = await checkMemberFile(s.db, bad);
    expect(check.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'B列（统一社会信用代码）'],
      [4, 'B列（统一社会信用代码）'],
      [5, 'D列（发证日期）'],
      [6, 'E列（有效期至）'],
      [6, 'B列（统一社会信用代码）'],
    ]);
    expect(check.errors[0]!.message).toContain('不在检查对象名录库中');
    expect(check.errors[3]!.message).toContain('早于发证日期');
    expect(check.errors[4]!.message).toContain('与第2行重复');
    const r = await importMembers(s.db, admin, listId, bad, '2026-11-23T02:00:00Z');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('未导入任何数据') });
    expect(memberCounts(s.db, listId, '2026-11-23')).toEqual({ all: 0, current: 0 });
    // A file without the USCC column says so.
    const noKey = await checkMemberFile(s.db, file('nokey.csv', '企业名称,证书编号\r\n甲,GR1\r\n'));
    expect(noKey.errors[0]!.message).toContain('缺少必填列：统一社会信用代码');
  });

  it('imports a good file whole, replacing the members, each current in its span', async () => {
    const [a, b, c] = companies();
    const good = file('good.csv', [
      '统一社会信用代码,高新技术企业证书编号,认定日期,有效期截止日期,入库年度',
      `${a!.uscc},GR202435000001,2024-01-05,2027-01-04,`,
      `${b!.uscc},GR202135000002,2021-03-01,2024-02-28,`,
      `${c!.uscc},2026350100A000003,,,2026`,
    ].join('\r\n'));
    const r = await importMembers(s.db, admin, listId, good, '2026-11-23T02:00:00Z');
    expect(r).toMatchObject({ ok: true, value: { members: 3 } });
    expect(memberCounts(s.db, listId, '2026-11-23')).toEqual({ all: 3, current: 2 });
    expect(memberCounts(s.db, listId, '2027-01-02')).toEqual({ all: 3, current: 1 });
    expect(memberCounts(s.db, listId, '2027-02-01')).toEqual({ all: 3, current: 0 });
    expect(currentOn({ issued: '', validUntil: '', year: '2026' }, '2026-12-31')).toBe(true);
    expect(currentOn({ issued: '', validUntil: '', year: '2026' }, '2027-01-01')).toBe(false);
    // Another department's list is out of reach.
    await expect(importMembers(s.db, { username: 'x', departmentId: dept('scjgj') }, listId, good, 'x')).rejects.toBeInstanceOf(Forbidden);
  });

  it("refuses an item target of another department's list", () => {
    const item = s.db.prepare<[number], number>("SELECT id FROM items WHERE department_id = ? AND code = 'KJ-001'").pluck().get(dept('kjj'))!;
    const other = listByName(s.db, dept('scjgj'), '市场名录')!;
    expect(setScope(s.db, admin, item, { entityTypes: [], industries: [], listIds: [other.id] }, 'x')).toMatchObject({ ok: false, message: '只能选择本部门的专项名录' });
    expect(() => setScope(s.db, { username: 'x', departmentId: dept('scjgj') }, item, { entityTypes: ['有限责任公司'], industries: [], listIds: [] }, 'x')).toThrow(Forbidden);
    expect(itemScope(s.db, item)).toEqual({ entityTypes: [], industries: [], listIds: [] });
  });
});

describe("the 科技局's 高新技术企业 check", () => {
  it('is refused below its item’s ratio (不低于10%), with the figures, and commits nothing', () => {
    const kjj = dept('kjj');
    const item = s.db.prepare<[number], number>("SELECT id FROM items WHERE department_id = ? AND code = 'KJ-002'").pluck().get(kjj)!;
    expect(s.db.prepare<[number], string>('SELECT ratio FROM items WHERE id = ?').pluck().get(item)).toBe('不低于10%');
    const t = createTask(s.db, {
      departmentId: kjj, number: '临科抽〔2026〕高新0号', title: '高新技术企业认定条件保持情况检查（5%）', filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 500 } },
      recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: '2026-11-23T02:00:00Z',
    });
    if (!t.ok) throw new Error(t.message);
    const records = s.db.prepare('SELECT count(*) FROM register_records').pluck().get();
    const c = commitDrawV2(s.db, t.value, { kind: 'witness', at: at('2026-11-25T01:00:00Z'), place: '科技局会议室' }, { actor: 'admin', now: at('2026-11-23T01:00:00Z') });
    expect(c).toMatchObject({ ok: false, message: expect.stringMatching(/KJ-002 .*不低于10%.*只抽取 \d+ 户 \/ \d+ 户.*至少应抽取 \d+ 户（10%）/) });
    expect(s.db.prepare('SELECT count(*) FROM register_records').pluck().get()).toBe(records);
  });


  it('draws only current 高新技术企业 of the demo list, and counts the rest as out of its targets', () => {
    const kjj = dept('kjj');
    const item = s.db.prepare<[number], number>("SELECT id FROM items WHERE department_id = ? AND code = 'KJ-002'").pluck().get(kjj)!;
    const list = listByName(s.db, kjj, '高新技术企业')!;
    expect(itemScope(s.db, item).listIds).toEqual([list.id]);
    const t = createTask(s.db, {
      departmentId: kjj, number: '临科抽〔2026〕高新1号', title: '高新技术企业认定条件保持情况检查', filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 5000 } },
      recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: '2026-11-23T02:00:00Z',
    });
    if (!t.ok) throw new Error(t.message);
    const meeting = at('2026-11-25T02:00:00Z');
    const c = commitDrawV2(s.db, t.value, { kind: 'witness', at: meeting, place: '科技局会议室' }, { actor: 'admin', now: at('2026-11-23T02:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    expect(setBeacon(s.db, t.value, { witnesses: [{ name: '见证人', value: '2718' }] }, 'admin', at('2026-11-25T02:01:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, t.value, [], 'admin', at('2026-11-25T02:02:00Z'));
    if (!r.ok || r.value.kind !== 'draw') throw new Error('expected a draw');
    const rec = JSON.parse(drawBundleText(s.db, r.value.drawId)!) as DrawRecord;
    // The population: exactly the current members that are 存续 and active.
    const current = s.db
      .prepare<[number], string>(
        `SELECT e.uscc FROM special_list_members m JOIN entities e ON e.id = m.entity_id WHERE m.list_id = ? AND e.active = 1 AND e.reg_state = '存续'
         AND m.issued <= '2026-11-25' AND m.valid_until >= '2026-11-25' ORDER BY e.uscc`,
      )
      .pluck()
      .all(list.id);
    expect(current.length).toBeGreaterThan(20);
    expect(rec.inputs.entities.map((e) => e.id)).toEqual(current);
    expect(memberCounts(s.db, list.id, '2026-11-25').all).toBeGreaterThan(current.length); // expired ones exist and are left out
    const kinds = s.db.prepare<[], string>("SELECT DISTINCT entity_type FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id WHERE ds.draw_id = (SELECT max(id) FROM draws)").pluck().all();
    expect(kinds).not.toContain('个体工商户');
    const excluded = JSON.parse(s.db.prepare<[number], string>('SELECT excluded_counts FROM draws WHERE id = ?').pluck().get(r.value.drawId)!) as { entities: Record<string, number> };
    const live = s.db.prepare<[], number>("SELECT count(*) FROM entities WHERE active = 1 AND reg_state = '存续'").pluck().get()!;
    expect(excluded.entities['不在抽查事项的检查对象范围内']).toBe(live - current.length);
    // The year's coverage of the item: against its own population (current 高新技术企业), and its floor met.
    const kj2 = yearFigures(s.db, '2026', kjj, '2026-11-25').items.find((i) => i.code === 'KJ-002')!;
    expect(kj2).toMatchObject({ drawn: rec.result.selected.length, population: current.length, minBp: 1000, met: true });
    expect(yearFigures(s.db, '2026', kjj, '2026-11-25').items.find((i) => i.code === 'KJ-001')).toMatchObject({ drawn: 0, met: false });
  });
});
