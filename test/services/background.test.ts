// Long work off the server's thread: while a draw holds its transaction on a worker thread, the
// server's event loop keeps turning and pages are answered; the draw then is what it would have been.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { createSchedule } from '../../src/services/scheduler';
import { drawInBackground, tickInBackground } from '../../src/services/background';
import { verifyBundle } from '../../src/domain/bundle';
import { JOBS } from '../../src/jobs/jobs';
import { startRelay } from '../helpers/drand-relay';
import { stubBeacons } from '../helpers/stub-beacons';
import { drawBundleText, getTask } from '../../src/store/tasks';

let s: TestServer;
const NOW = new Date('2026-11-23T02:00:00Z');
const item = () => (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// In order: the draws of ssj-draw/1 come before the scheduler's ssj-draw/2 records in the same register.
describe('in time order', { shuffle: false }, () => {
describe('a draw on a worker thread', () => {
  it('leaves the server answering while it holds its transaction, and stores a draw that verifies', async () => {
    const t = createTask(s.db, {
      departmentId: 2, number: '后台-1', title: '后台抽取', filters: {}, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2,
      jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item()], now: NOW.toISOString(),
    });
    if (!t.ok) throw new Error(t.message);
    commitTask(s.db, t.value, 'admin', NOW);
    const c = new Client(s.url);
    await c.login();
    let turns = 0;
    const timer = setInterval(() => turns++, 20);
    const started = Date.now();
    const pending = drawInBackground(s.config.dbFile, t.value, [{ name: '见证人', value: '42' }], 'admin', NOW, { holdMs: 1500 });
    const answers: number[] = [];
    while (Date.now() - started < 1200) {
      const t0 = Date.now();
      for (const url of ['/public/tasks', '/admin/tasks']) expect((await c.get(url)).status, url).toBe(200);
      answers.push(Date.now() - t0);
    }
    const r = await pending;
    clearInterval(timer);
    if (!r.ok) throw new Error(r.message);
    // The draw held its transaction for 1.5 s: the loop turned all the while, every page was answered.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(turns).toBeGreaterThan(30);
    expect(answers.length).toBeGreaterThan(5);
    expect(Math.max(...answers)).toBeLessThan(1000);
    expect(getTask(s.db, t.value)!.status).toBe('已抽取');
    expect(verifyBundle(JSON.parse(drawBundleText(s.db, r.value.drawId)!))).toEqual({ ok: true });
    expect(r.value.selected).toBeGreaterThan(0);
    // A second draw of the same task is refused there as it would be here.
    expect(await drawInBackground(s.config.dbFile, t.value, [], 'admin', NOW)).toEqual({ ok: false, message: '该任务已经抽取，结果已固化' });
  });

  it('lets a staff write made meanwhile wait for the draw without holding the server: other pages are answered, the write then succeeds', async () => {
    const t = createTask(s.db, {
      departmentId: 2, number: '后台-2', title: '后台抽取二', filters: {}, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2,
      jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item()], now: NOW.toISOString(),
    });
    if (!t.ok) throw new Error(t.message);
    commitTask(s.db, t.value, 'admin', NOW);
    const reader = new Client(s.url);
    const writer = new Client(s.url);
    await writer.login();
    const token = await writer.csrf('/admin/plans');
    const plans = () => s.db.prepare("SELECT count(*) FROM plans WHERE title = '后台期间新建的计划'").pluck().get() as number;
    const started = Date.now();
    const pending = drawInBackground(s.config.dbFile, t.value, [], 'admin', NOW, { holdMs: 1500 });
    await new Promise((ok) => setTimeout(ok, 200)); // the worker has its write lock by now
    // A new plan is a write on the server's connection: it must wait for the lock, and must not make everyone else wait.
    const write = writer.post('/admin/plans/new', { _csrf: token, year: '2027', title: '后台期间新建的计划', notes: '', departmentId: '2' }).then((r) => ({ status: r.status, at: Date.now() - started }));
    const answers: number[] = [];
    while (Date.now() - started < 1300) {
      const t0 = Date.now();
      expect((await reader.get('/public/tasks')).status).toBe(200);
      answers.push(Date.now() - t0);
    }
    const r = await pending;
    if (!r.ok) throw new Error(r.message);
    const w = await write;
    expect(w.status).toBe(303);
    expect(w.at).toBeGreaterThanOrEqual(1500);
    expect(plans()).toBe(1);
    expect(answers.length).toBeGreaterThan(5);
    expect(Math.max(...answers)).toBeLessThan(500);
  });

  it('runs the scheduler’s tick there too: commitments ahead, then the draw when due', async () => {
    const sch = createSchedule(s.db, {
      departmentId: 2, planId: null, name: '后台定期', cron: '0 9 1 * *', by: { username: 'admin', departmentId: null }, now: '2026-11-25T00:00:00Z',
      template: { title: '后台定期', itemIds: [item()], filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false },
    });
    if (!sch.ok) throw new Error(sch.message);
    const first = await tickInBackground(s.config.dbFile, new Date('2026-11-30T01:00:00Z'));
    expect(first.committed).toHaveLength(1);
    expect(stubBeacons(s.db, '2026-12-01T01:05:00Z')).toBe(1);
    const second = await tickInBackground(s.config.dbFile, new Date('2026-12-01T01:05:00Z'));
    expect(second).toEqual({ committed: [], drawn: [{ key: first.committed[0], late: false }], failed: [] });
  });

  it('the minute job fetches a due round from the relay, commits and draws on a worker, and starts nothing when nothing is due', async () => {
    const relay = await startRelay();
    try {
      const kjj = s.db.prepare("SELECT id FROM departments WHERE code = 'kjj'").pluck().get() as number;
      const kjItem = s.db.prepare("SELECT id FROM items WHERE code = 'KJ-001'").pluck().get() as number;
      // 19:00 on 15 September, Beijing time: the next quicknet round is 657413, a recorded real one.
      const sch = createSchedule(s.db, {
        departmentId: kjj, planId: null, name: '每分钟任务', cron: '0 19 15 9 *', by: { username: 'admin', departmentId: null }, now: '2023-09-01T00:00:00Z',
        template: { title: '每分钟任务', itemIds: [kjItem], filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 2000 } }, recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false },
      });
      if (!sch.ok) throw new Error(sch.message);
      s.db.prepare('UPDATE schedules SET active = 0 WHERE id <> ?').run(sch.value);
      const logs: unknown[] = [];
      const logger = { info: (o: unknown) => logs.push(o), error: (o: unknown) => logs.push(o) } as unknown as Parameters<(typeof JOBS)[0]['run']>[0]['logger'];
      const run = (iso: string) => JOBS[0]!.run({ db: s.db, dbFile: s.config.dbFile, clock: { now: () => new Date(iso) }, logger, drandRelay: relay.url });
      await run('2023-09-10T00:00:00Z');
      expect(logs).toHaveLength(0);
      await run('2023-09-14T11:00:00Z');
      const occ = () => s.db.prepare('SELECT status FROM occurrences WHERE schedule_id = ?').all(sch.value);
      expect(occ()).toEqual([{ status: 'committed' }]);
      expect(relay.requests).toEqual([]);
      await run('2023-09-15T11:00:30Z');
      expect(relay.requests).toEqual(['/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/657413']);
      expect(occ()).toEqual([{ status: 'drawn' }]);
      expect(logs.length).toBeGreaterThanOrEqual(3);
    } finally {
      await relay.close();
    }
  });
});
});
