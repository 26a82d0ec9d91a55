// A schedule of an annual plan draws in the plan's year only (Beijing time): a 2027 plan's schedule
// made in 2026 commits nothing in December 2026, a 2026 plan's schedule stops at the year's end, and a
// schedule with no date left in its plan's year is refused with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { createSchedule, tick } from '../../src/services/scheduler';
import { createPlan, movePlan, updatePlan } from '../../src/services/plans';
import { DEFAULT_CLASS_RULES } from '../../src/services/draws';
import type { TaskTemplate } from '../../src/store/schedules';
import type { User } from '../../src/store/users';

let s: TestServer;
const admin = { username: 'admin', departmentId: null } as User;
const dept = () => s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;

function template(): TaskTemplate {
  const item = s.db.prepare<[], number>("SELECT id FROM items WHERE code = 'SJ-001'").pluck().get()!;
  const region = s.db.prepare<[], string>("SELECT region FROM entities WHERE region <> '' GROUP BY region ORDER BY count(*) DESC LIMIT 1").pluck().get()!;
  return {
    title: '企业公示信息月度抽查', itemIds: [item], filters: { region }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false,
  };
}

/** An approved plan of the year with item SJ-001. */
function plan(year: number): number {
  const r = createPlan(s.db, admin, { year, title: `${year}年度双随机抽查计划`, notes: '', departmentId: dept() }, '2026-11-01T00:00:00Z');
  if (!r.ok) throw new Error(r.message);
  const item = s.db.prepare<[], number>("SELECT id FROM items WHERE code = 'SJ-001'").pluck().get()!;
  const u = updatePlan(s.db, admin, r.value, { title: `${year}年度双随机抽查计划`, notes: '', leadOffice: '', jointDepartments: [], items: [{ itemId: item, ratio: '', period: '每月' }] }, '2026-11-01T00:00:00Z');
  if (!u.ok) throw new Error(u.message);
  for (const e of ['submit', 'approve'] as const) {
    const m = movePlan(s.db, admin, r.value, e, '', '2026-11-01T00:00:00Z');
    if (!m.ok) throw new Error(m.message);
  }
  return r.value;
}

function schedule(planId: number, cron: string, now: string) {
  return createSchedule(s.db, { departmentId: dept(), planId, name: `计划${planId}月度抽取`, cron, template: template(), by: admin, now });
}

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('plan years', { shuffle: false }, () => {
  let y2026: number;
  let y2027: number;

  it('refuses a schedule with no date left in its plan year, saying which year', () => {
    const past = schedule(plan(2025), '0 9 1 * *', '2026-11-20T00:00:00Z');
    expect(past).toMatchObject({ ok: false, message: expect.stringContaining('2025年度') });
    // Made in December 2027 for 1 June: no date of it is left in 2027.
    expect(schedule(plan(2027), '0 9 1 6 *', '2027-12-20T00:00:00Z')).toMatchObject({ ok: false, message: expect.stringContaining('没有抽取日期') });
    expect(s.db.prepare('SELECT count(*) FROM schedules').pluck().get()).toBe(0);
  });

  it("commits a 2026 plan's occurrence in December and none of the 2027 plan's", () => {
    const a = schedule(plan(2026), '0 9 1 * *', '2026-11-20T00:00:00Z');
    const b = schedule(plan(2027), '0 9 1 * *', '2026-11-20T00:00:00Z');
    if (!a.ok || !b.ok) throw new Error('schedules');
    y2026 = a.value;
    y2027 = b.value;
    // 2026-12-01 08:30 Beijing: the 09:00 occurrence is inside the 24-hour commitment window.
    const r = tick(s.db, new Date('2026-12-01T00:30:00Z'), { draws: false });
    expect(r.failed).toEqual([]);
    expect(r.committed).toEqual([`${y2026}@2026-12-01T01:00:00.000Z`]);
  });

  it("commits the 2027 plan's first occurrence on 1 January, and nothing more of the 2026 plan", () => {
    const r = tick(s.db, new Date('2027-01-01T00:30:00Z'), { draws: false });
    expect(r.failed).toEqual([]);
    expect(r.committed).toEqual([`${y2027}@2027-01-01T01:00:00.000Z`]);
    const occurrences = s.db.prepare<[number], string>('SELECT key FROM occurrences WHERE schedule_id = ? ORDER BY key').pluck().all(y2026);
    expect(occurrences).toEqual([`${y2026}@2026-12-01T01:00:00.000Z`]);
  });
});
