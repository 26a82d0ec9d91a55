// Scheduled draws: commitments ahead, exactly once, late catch-up, two real processes, SIGKILL mid-draw.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { createSchedule, parseCron, tick } from '../../src/services/scheduler';
import { DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { verifyChain, type Bundle } from '../../src/domain/bundle';
import { departmentBundleTexts, drawBundleText } from '../../src/store/tasks';
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

describe('cron expressions', () => {
  it('accepts five fields and explains a bad one in Chinese', () => {
    expect(parseCron('0 9 1 * *').ok).toBe(true);
    expect(parseCron('0 61 * * *')).toMatchObject({ ok: false, message: expect.stringContaining('不是有效的 cron 表达式') });
    expect(parseCron('0 0 9 1 * *').ok).toBe(false);
  });
});

// One story, in order: months of one schedule, each step after the one before.
describe('a monthly schedule (09:00 on the 1st, Asia/Shanghai)', { shuffle: false }, () => {
  let id: number;
  const key = (due: string) => `${id}@${due}`;

  it('publishes the commitment 24 hours ahead, not earlier', () => {
    id = schedule('江滨区月度抽查', '江滨区', '2026-11-23T00:00:00Z');
    expect(tick(s.db, new Date('2026-11-30T00:59:00Z')).committed).toEqual([]);
    const r = tick(s.db, new Date('2026-11-30T01:00:00Z'));
    expect(r.committed).toEqual([key('2026-12-01T01:00:00.000Z')]);
    const o = s.db.prepare('SELECT t.status, c.commitment, c.secret FROM occurrences o JOIN tasks t ON t.id = o.task_id JOIN commitments c ON c.task_id = t.id WHERE o.key = ?').get(key('2026-12-01T01:00:00.000Z')) as { status: string; commitment: string; secret: string };
    expect(o.status).toBe('已承诺');
    expect(H(o.secret)).toBe(o.commitment);
    expect(tick(s.db, new Date('2026-11-30T12:00:00Z'))).toEqual({ committed: [], drawn: [], failed: [] });
  });

  it('draws at the due time exactly once, with the commitment published beforehand', () => {
    expect(tick(s.db, new Date('2026-12-01T00:59:59Z')).drawn).toEqual([]);
    const r = tick(s.db, new Date('2026-12-01T01:00:00Z'));
    expect(r.drawn).toEqual([{ key: key('2026-12-01T01:00:00.000Z'), late: false }]);
    expect(tick(s.db, new Date('2026-12-01T01:01:00Z')).drawn).toEqual([]);
    const b = JSON.parse(drawBundleText(s.db, s.db.prepare('SELECT draw_id FROM occurrences WHERE key = ?').pluck().get(key('2026-12-01T01:00:00.000Z')) as number)!) as Bundle;
    expect(Date.parse(b.seed.committedAt)).toBeLessThanOrEqual(Date.parse(b.task.drawnAt) - 24 * 3600000);
    expect(b.seed.entropy).toBe('');
  });

  it('after three months down, draws each missed occurrence once, marked late', () => {
    const r = tick(s.db, new Date('2027-03-15T08:00:00Z'));
    expect(r.drawn).toEqual([
      { key: key('2027-01-01T01:00:00.000Z'), late: true },
      { key: key('2027-02-01T01:00:00.000Z'), late: true },
      { key: key('2027-03-01T01:00:00.000Z'), late: true },
    ]);
    expect(r.committed).toContain(key('2027-01-01T01:00:00.000Z'));
    expect(tick(s.db, new Date('2027-03-15T08:01:00Z')).drawn).toEqual([]);
    expect(count("SELECT count(*) AS n FROM occurrences WHERE schedule_id = ? AND status = 'drawn' AND late = 1", id)).toBe(3);
    expect(verifyChain([...departmentBundleTexts(s.db, dept('scjgj'))].map((d) => JSON.parse(d) as Bundle))).toEqual({ ok: true });
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

describe('across processes', () => {
  it('two processes ticking at once never draw the same occurrence twice', async () => {
    s.db.prepare('UPDATE schedules SET active = 0').run();
    const id = schedule('仓前区月度抽查', '仓前区', '2027-03-20T00:00:00Z');
    const now = '2027-07-10T00:00:00Z'; // four occurrences due: Apr, May, Jun, Jul
    const [a, b] = await Promise.all([run([s.config.dbFile, now]), run([s.config.dbFile, now])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const keys = [a, b].flatMap((x) => (JSON.parse(x.out.trim().split('\n').pop()!) as { drawn: { key: string }[] }).drawn.map((d) => d.key));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    expect(count('SELECT count(*) AS n FROM occurrences WHERE schedule_id = ?', id)).toBe(4);
    expect(count('SELECT count(*) AS n FROM draws d JOIN occurrences o ON o.task_id = d.task_id WHERE o.schedule_id = ?', id)).toBe(4);
  });

  it('a process killed in the middle of a draw leaves nothing half-done; the next start draws it once', async () => {
    s.db.prepare('UPDATE schedules SET active = 0').run();
    const id = schedule('马港区月度抽查', '马港区', '2027-07-20T00:00:00Z');
    const now = '2027-08-01T02:00:00Z';
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
