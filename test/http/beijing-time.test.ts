// People read Beijing time: a draw at 03:05 on 1 December in Beijing (19:05 on 30 November UTC) is a
// draw of 1 December on every page, and one at 01:00 on 1 January counts for the new year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { stubBeacons } from '../helpers/stub-beacons';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { createSchedule, tick } from '../../src/services/scheduler';
import { chinaDay, chinaYear } from '../../src/domain/dates';

let s: TestServer;
const anon = () => new Client(s.url);
let taskId = 0;
let uscc = '';

function drawAt(number: string, iso: string, region: string): { taskId: number; drawId: number } {
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const at = new Date(iso);
  const t = createTask(s.db, {
    departmentId: 2, number, title: '北京时间测试', filters: { region }, strataMode: 'region', strataRules: { ...DEFAULT_CLASS_RULES, '*': { ratioBp: 3000 } },
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: new Date(at.getTime() - 86400000).toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', new Date(at.getTime() - 3600000));
  const d = drawTask(s.db, t.value, [], 'admin', at);
  if (!d.ok) throw new Error(d.message);
  return { taskId: t.value, drawId: d.value.drawId };
}

beforeAll(async () => {
  s = await startServer();
  const d = drawAt('北京时间-1', '2026-11-30T19:05:00Z', '江滨区');
  taskId = d.taskId;
  uscc = (s.db.prepare('SELECT e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? LIMIT 1').get(d.drawId) as { uscc: string }).uscc;
});
afterAll(() => s.close());

// In order: the draws here are dated one after another (a register's times never go back).
describe('dates around midnight in Beijing', { shuffle: false }, () => {
  it('the domain reads instants in Beijing', () => {
    expect(chinaDay('2026-11-30T15:59:59Z')).toBe('2026-11-30');
    expect(chinaDay('2026-11-30T16:00:00Z')).toBe('2026-12-01');
    expect(chinaYear(new Date('2026-12-31T16:00:00Z'))).toBe('2027');
  });

  it('a draw at 03:05 Beijing time on 1 December shows as 1 December on the notice and the entity check', async () => {
    const notice = await (await anon().get(`/public/tasks/${taskId}`)).text();
    expect(notice).toContain('<td>2026-12-01</td>');
    expect(notice).not.toContain('2026-11-30');
    const check = await (await anon().get('/public/check?uscc=' + uscc)).text();
    expect(check).toContain('<td>2026-12-01</td>');
  });

  it('a draw at 01:00 Beijing time on 1 January counts in the statistics of the new year', async () => {
    drawAt('北京时间-2', '2026-12-31T17:00:00Z', '晋福区');
    expect(await (await anon().get('/public/statistics?year=2027')).text()).toContain('有效抽取 1 次');
    expect(await (await anon().get('/public/statistics?year=2026')).text()).toContain('有效抽取 1 次');
    // Asked without a year on 1 January in Beijing (still 31 December in UTC), the page shows the new year.
    s.clock.set('2026-12-31T17:30:00Z');
    expect(await (await anon().get('/public/statistics')).text()).toContain('2027');
  });

  it('a scheduled draw caught up after a stop names its due time in Beijing time', () => {
    const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
    const sch = createSchedule(s.db, {
      departmentId: 2, planId: null, name: '月初抽查', cron: '5 3 1 * *', commitAheadHours: 1, by: { username: 'admin', departmentId: null }, now: '2026-12-30T00:00:00Z',
      template: { title: '月初', itemIds: [item], filters: { region: '江滨区' }, strataMode: 'region', strataRules: { ...DEFAULT_CLASS_RULES, '*': { ratioBp: 1000 } }, recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false },
    });
    if (!sch.ok) throw new Error(sch.message);
    // Committed 55 minutes ahead (the schedule's lead time is one hour): its round is the one after 03:10.
    expect(tick(s.db, new Date('2026-12-31T18:10:00Z')).committed).toHaveLength(1);
    // The server was down at 03:05 Beijing time on 1 January and comes back at 09:00.
    stubBeacons(s.db, '2027-01-01T01:00:00Z');
    expect(tick(s.db, new Date('2027-01-01T01:00:00Z')).drawn).toHaveLength(1);
    const msg = (s.db.prepare('SELECT message FROM occurrences WHERE schedule_id = ?').get(sch.value) as { message: string }).message;
    expect(msg).toContain('2027-01-01 03:05');
    expect(msg).not.toContain('2026-12-31');
  });
});
