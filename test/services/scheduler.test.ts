// Scheduled draws: commitments ahead, exactly once, late catch-up, two real processes, SIGKILL mid-draw.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { createSchedule, parseCron, tick } from '../../src/services/scheduler';
import { DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { drawBundleText } from '../../src/store/tasks';
import { drandRoundTime, verifyOutcomeRecord, type DrawRecord } from '../../src/domain/draw-v2';
import { checkRegister } from '../../src/services/register';
import { fetchDueBeacons } from '../../src/services/beacons';
import { startRelay } from '../helpers/drand-relay';
import { stubBeacons as stub } from '../helpers/stub-beacons';
import { H } from '../../src/domain/hash';
import type { TaskTemplate } from '../../src/store/schedules';

const root = path.join(__dirname, '..', '..');
let s: TestServer;
const count = (sql: string, ...p: unknown[]) => (s.db.prepare(sql).get(...p) as { n: number }).n;
const dept = (code: string) => (s.db.prepare('SELECT id FROM departments WHERE code = ?').get(code) as { id: number }).id;

function template(region: string): TaskTemplate {
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  return {
    title: '企业公示信息月度抽查', itemIds: [item], filters: { region }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false,
  };
}

function schedule(name: string, region: string, createdAt: string): number {
  const r = createSchedule(s.db, { departmentId: dept('scjgj'), planId: null, name, cron: '0 9 1 * *', template: template(region), by: { username: 'admin', departmentId: null }, now: createdAt });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

// The child processes run dist/scripts/scheduler-tick.js, built once before the suite (test/global-setup.ts).
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// In order: each part writes the market bureau's register at later times (times never go back).
describe('in time order', { shuffle: false }, () => {
describe('cron expressions', () => {
  it('accepts five fields and explains a bad one in Chinese', () => {
    expect(parseCron('0 9 1 * *').ok).toBe(true);
    expect(parseCron('0 61 * * *')).toMatchObject({ ok: false, message: expect.stringContaining('不是有效的 cron 表达式') });
    expect(parseCron('0 0 9 1 * *').ok).toBe(false);
  });
});

const stubBeacons = (nowIso: string) => stub(s.db, nowIso);

/** Register problems other than the stubbed rounds' signatures (which are not real). */
const registerProblems = () => checkRegister(s.db, dept('scjgj'), new Date('2030-01-01T00:00:00Z')).problems.filter((p) => !/does not verify for quicknet round|SHA-256 of the signature/.test(p));

// One story, in order: months of one schedule, each step after the one before.
describe('a monthly schedule (09:00 on the 1st, Asia/Shanghai)', { shuffle: false }, () => {
  let id: number;
  const key = (due: string) => `${id}@${due}`;

  it('publishes the commitment 24 hours ahead, not earlier, naming the drand round after the draw time', () => {
    id = schedule('江滨区月度抽查', '江滨区', '2026-11-23T00:00:00Z');
    expect(tick(s.db, new Date('2026-11-30T00:59:00Z')).committed).toEqual([]);
    const r = tick(s.db, new Date('2026-11-30T01:00:00Z'));
    expect(r.committed).toEqual([key('2026-12-01T01:00:00.000Z')]);
    const o = s.db.prepare('SELECT t.status, c.commitment, c.secret, c.beacon FROM occurrences o JOIN tasks t ON t.id = o.task_id JOIN commitments c ON c.task_id = t.id WHERE o.key = ?').get(key('2026-12-01T01:00:00.000Z')) as { status: string; commitment: string; secret: string; beacon: string };
    expect(o.status).toBe('已承诺');
    expect(H(o.secret)).toBe(o.commitment);
    const beacon = JSON.parse(o.beacon) as { kind: string; round: number; time: string };
    expect(beacon).toMatchObject({ kind: 'drand', time: '2026-12-01T09:00:03+08:00' });
    expect(drandRoundTime(beacon.round)).toBe(Date.parse('2026-12-01T01:00:03Z'));
    expect(tick(s.db, new Date('2026-11-30T12:00:00Z'))).toEqual({ committed: [], drawn: [], failed: [] });
  });

  it('waits for the round (等待随机信标), then draws exactly once, the commitment published beforehand', () => {
    expect(tick(s.db, new Date('2026-12-01T00:59:59Z')).drawn).toEqual([]);
    // The round is out but its value is not here yet: nothing happens, nothing fails.
    expect(tick(s.db, new Date('2026-12-01T01:00:30Z'))).toEqual({ committed: [], drawn: [], failed: [] });
    expect(stubBeacons('2026-12-01T01:01:00Z')).toBe(1);
    const r = tick(s.db, new Date('2026-12-01T01:01:00Z'));
    expect(r.drawn).toEqual([{ key: key('2026-12-01T01:00:00.000Z'), late: false }]);
    expect(tick(s.db, new Date('2026-12-01T01:02:00Z')).drawn).toEqual([]);
    const b = JSON.parse(drawBundleText(s.db, s.db.prepare('SELECT draw_id FROM occurrences WHERE key = ?').pluck().get(key('2026-12-01T01:00:00.000Z')) as number)!) as DrawRecord;
    expect(Date.parse(b.commitment.committedAt)).toBeLessThanOrEqual(Date.parse(b.reveal.drawnAt) - 24 * 3600000);
    expect(b.reveal.entropy).toBe('');
  });

  it('after three months down, commits each missed occurrence with a round at least 24 hours on, and draws each once, marked late', () => {
    const back = tick(s.db, new Date('2027-03-15T08:00:00Z'));
    expect(back.committed).toEqual([key('2027-01-01T01:00:00.000Z'), key('2027-02-01T01:00:00.000Z'), key('2027-03-01T01:00:00.000Z')]);
    // Never committed and drawn at once.
    expect(back.drawn).toEqual([]);
    for (const beaconAt of s.db.prepare("SELECT beacon_at FROM commitments WHERE outcome IS NULL AND protocol = 'ssj-draw/2'").pluck().all() as string[]) {
      expect(Date.parse(beaconAt)).toBeGreaterThanOrEqual(Date.parse('2027-03-16T08:00:00Z'));
    }
    expect(tick(s.db, new Date('2027-03-15T20:00:00Z')).drawn).toEqual([]);
    stubBeacons('2027-03-16T08:01:00Z');
    const r = tick(s.db, new Date('2027-03-16T08:01:00Z'));
    expect(r.drawn).toEqual([
      { key: key('2027-01-01T01:00:00.000Z'), late: true },
      { key: key('2027-02-01T01:00:00.000Z'), late: true },
      { key: key('2027-03-01T01:00:00.000Z'), late: true },
    ]);
    expect(tick(s.db, new Date('2027-03-16T08:02:00Z')).drawn).toEqual([]);
    expect(count("SELECT count(*) AS n FROM occurrences WHERE schedule_id = ? AND status = 'drawn' AND late = 1", id)).toBe(3);
    expect(registerProblems()).toEqual([]);
  });
});

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, [path.join(root, 'dist', 'scripts', 'scheduler-tick.js'), ...args]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => ok({ code, out }));
  });
}

describe('across processes', { shuffle: false }, () => {
  it('two processes ticking at once never commit nor draw the same occurrence twice', async () => {
    s.db.prepare('UPDATE schedules SET active = 0').run();
    const id = schedule('仓前区月度抽查', '仓前区', '2027-03-20T00:00:00Z');
    const now = '2027-07-10T00:00:00Z'; // four occurrences missed: Apr, May, Jun, Jul
    const [a, b] = await Promise.all([run([s.config.dbFile, now]), run([s.config.dbFile, now])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const committed = [a, b].flatMap((x) => (JSON.parse(x.out.trim().split('\n').pop()!) as { committed: string[] }).committed);
    expect(committed).toHaveLength(4);
    expect(new Set(committed).size).toBe(4);
    expect(count("SELECT count(*) AS n FROM commitments c JOIN occurrences o ON o.task_id = c.task_id WHERE o.schedule_id = ?", id)).toBe(4);
    const later = '2027-07-11T00:01:00Z';
    stubBeacons(later);
    const [c, d] = await Promise.all([run([s.config.dbFile, later]), run([s.config.dbFile, later])]);
    const keys = [c, d].flatMap((x) => (JSON.parse(x.out.trim().split('\n').pop()!) as { drawn: { key: string }[] }).drawn.map((k) => k.key));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    expect(count('SELECT count(*) AS n FROM draws d JOIN occurrences o ON o.task_id = d.task_id WHERE o.schedule_id = ?', id)).toBe(4);
    expect(registerProblems()).toEqual([]);
  });

  it('a process killed in the middle of a draw leaves nothing half-done; the next start draws it once', async () => {
    s.db.prepare('UPDATE schedules SET active = 0').run();
    const id = schedule('马港区月度抽查', '马港区', '2027-07-20T00:00:00Z');
    expect(tick(s.db, new Date('2027-07-31T01:00:00Z')).committed).toHaveLength(1);
    const now = '2027-08-01T02:00:00Z';
    stubBeacons(now);
    const draws = count('SELECT count(*) AS n FROM draws');
    const child = spawn(process.execPath, [path.join(root, 'dist', 'scripts', 'scheduler-tick.js'), s.config.dbFile, now, '--pause-in-draw']);
    await new Promise<void>((ok) => child.stdout.on('data', (d: Buffer) => d.toString().includes('PAUSED') && ok()));
    child.kill('SIGKILL');
    await new Promise((ok) => child.on('exit', ok));
    expect(count('SELECT count(*) AS n FROM draws')).toBe(draws);
    expect(count("SELECT count(*) AS n FROM occurrences WHERE schedule_id = ? AND status = 'committed'", id)).toBe(1);
    const r = tick(s.db, new Date(now));
    expect(r.drawn).toHaveLength(1);
    expect(count('SELECT count(*) AS n FROM draws')).toBe(draws + 1);
    expect(tick(s.db, new Date(now)).drawn).toEqual([]);
  });
});

describe('a scheduled draw on a real drand round, fetched from a relay', () => {
  it('commits a day ahead naming round 657413, fetches it when due, checks its signature, and draws a record that verifies', async () => {
    const relay = await startRelay();
    try {
      s.db.prepare('UPDATE schedules SET active = 0').run();
      const kjj = dept('kjj');
      const item = s.db.prepare("SELECT id FROM items WHERE code = 'KJ-001'").pluck().get() as number;
      // 19:00 on 15 September (Beijing): 2023-09-15T11:00:00Z, whose next round is 657413 (11:00:03Z).
      const sch = createSchedule(s.db, {
        departmentId: kjj, planId: null, name: '科技计划项目年度抽查', cron: '0 19 15 9 *', by: { username: 'admin', departmentId: null }, now: '2023-09-01T00:00:00Z',
        template: { ...template(''), title: '科技计划项目年度抽查', itemIds: [item], filters: {}, strataMode: 'all', strataRules: { '*': { ratioBp: 2000 } } },
      });
      if (!sch.ok) throw new Error(sch.message);
      expect(tick(s.db, new Date('2023-09-14T11:00:00Z')).committed).toHaveLength(1);
      const beacon = JSON.parse(s.db.prepare("SELECT c.beacon FROM commitments c JOIN occurrences o ON o.task_id = c.task_id WHERE o.schedule_id = ?").pluck().get(sch.value) as string);
      expect(beacon.round).toBe(657413);
      const at = new Date('2023-09-15T11:00:30Z');
      relay.forge.add(657413);
      expect((await fetchDueBeacons(s.db, relay.url, 'scheduler', at)).waiting[0]!.message).toMatch(/签名验证失败/);
      expect(tick(s.db, at).drawn).toEqual([]);
      relay.forge.delete(657413);
      expect((await fetchDueBeacons(s.db, relay.url, 'scheduler', at)).fetched).toHaveLength(1);
      const r = tick(s.db, at);
      expect(r.drawn).toEqual([{ key: `${sch.value}@2023-09-15T11:00:00.000Z`, late: false }]);
      const drawId = s.db.prepare('SELECT draw_id FROM occurrences WHERE schedule_id = ?').pluck().get(sch.value) as number;
      const record = JSON.parse(drawBundleText(s.db, drawId)!) as DrawRecord;
      expect(verifyOutcomeRecord(record)).toEqual({ ok: true });
      expect(checkRegister(s.db, kjj, at)).toMatchObject({ ok: true, problems: [] });
    } finally {
      await relay.close();
    }
  });
});
});
