// The public side of ssj-draw/2 over HTTP: the department's register as a page and as JSON (checked
// whole by the verifier with the bundles it links), the task notice with its commitment, beacon and
// reveal, the projector view of a public meeting, and what is overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { startRelay, type Relay } from '../helpers/drand-relay';
import { createTask } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon, withdrawCommitment } from '../../src/services/draws-v2';
import { fetchBeaconOfTask } from '../../src/services/beacons';
import { drandRoundTime, type PublishedRecord } from '../../src/domain/draw-v2';
import { verifyRegister } from '../../src/domain/register';

let s: TestServer;
let relay: Relay;
const anon = () => new Client(s.url);
const at = (iso: string) => new Date(iso);
const dept = () => s.db.prepare("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get() as number;
const item = () => s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").pluck().get() as number;
let n = 0;

function task(over: Record<string, unknown> = {}): number {
  const r = createTask(s.db, {
    departmentId: dept(), number: `登记簿-${++n}`, title: '企业公示信息抽查', filters: { region: '江滨区' }, strataMode: 'all', strataRules: { '*': { ratioBp: 2000 } },
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin',
    itemIds: [item()], now: '2023-09-01T00:00:00Z', ...over,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

let drawnTask = 0;
let waitingTask = 0;
let failedTask = 0;

beforeAll(async () => {
  s = await startServer();
  relay = await startRelay();
  // An unattended draw on drand round 657413 (2023-09-15T11:00:03Z), a withdrawn commitment, and one
  // that waits for its beacon (past its reveal deadline later on).
  drawnTask = task();
  const c = commitDrawV2(s.db, drawnTask, { kind: 'drand', at: new Date(drandRoundTime(657413) - 3000) }, { actor: 'admin', now: at('2023-09-14T02:00:00Z') });
  if (!c.ok) throw new Error(c.message);
  const withdrawn = task();
  if (!commitDrawV2(s.db, withdrawn, { kind: 'lottery', name: '中国福利彩票快乐8', issue: '2023250', at: at('2023-09-17T13:30:00Z') }, { actor: 'admin', now: at('2023-09-14T03:00:00Z') }).ok) throw new Error('commit');
  expect(withdrawCommitment(s.db, withdrawn, '抽查事项调整', 'admin', at('2023-09-14T04:00:00Z')).ok).toBe(true);
  expect(await fetchBeaconOfTask(s.db, drawnTask, relay.url, 'admin', at('2023-09-15T11:01:00Z'))).toEqual({ ok: true, value: null });
  const r = revealDraw(s.db, drawnTask, [], 'admin', at('2023-09-15T11:02:00Z'));
  if (!r.ok) throw new Error(r.message);
  // A draw by credit class that cannot staff its teams: its failure record lists every entity's class.
  failedTask = task({ strataMode: 'class', strataRules: { A: { ratioBp: 5000 }, B: { ratioBp: 5000 }, C: { ratioBp: 5000 }, D: { ratioBp: 5000 }, U: { ratioBp: 5000 } }, teamSize: 3, maxLoad: 1 });
  const f = commitDrawV2(s.db, failedTask, { kind: 'witness', at: at('2023-09-16T13:00:00Z'), place: '一楼大厅' }, { actor: 'admin', now: at('2023-09-15T12:00:00Z'), riskReason: '按期摇号，人员不足另行报请' });
  if (!f.ok) throw new Error(f.message);
  expect(setBeacon(s.db, failedTask, { witnesses: [{ name: '公证员', value: '77' }] }, 'admin', at('2023-09-16T13:01:00Z')).ok).toBe(true);
  const fr = revealDraw(s.db, failedTask, [], 'admin', at('2023-09-16T13:02:00Z'));
  if (!fr.ok || fr.value.kind !== 'failure') throw new Error('expected a failure');
  waitingTask = task();
  if (!commitDrawV2(s.db, waitingTask, { kind: 'drand', at: at('2023-09-20T00:00:00Z') }, { actor: 'admin', now: at('2023-09-16T14:00:00Z') }).ok) throw new Error('commit');
  s.clock.set('2023-09-21T00:00:00Z');
});
afterAll(async () => {
  await relay.close();
  await s.close();
});

describe('the public register', () => {
  it('is a page listing every record in order, and JSON that verifies whole with the bundles it links', async () => {
    const page = await (await anon().get('/public/register/scjgj')).text();
    expect(page).toContain('临江市市场监督管理局 抽取登记簿');
    expect(page).toContain('id="register-ok"');
    for (const word of ['承诺', '撤回', '抽取']) expect(page).toContain(`<td>${word}`);
    expect(page).toContain('理由：抽查事项调整');
    expect(page).toContain('drand quicknet 第 657413 轮');
    const res = await anon().get('/public/register/scjgj.json');
    expect(res.headers.get('content-type')).toContain('application/json');
    const records = (await res.json()) as PublishedRecord[];
    expect(records.map((r) => r.kind)).toEqual(['commitment', 'commitment', 'withdrawal', 'draw-ref', 'commitment', 'draw-ref', 'commitment']);
    // The failure by credit class is published by reference, without its inputs (which list every class).
    const failure = records[5] as Extract<PublishedRecord, { kind: 'draw-ref' }>;
    expect(failure).toMatchObject({ url: null, commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(records)).not.toContain('"inputs"');
    expect(page).toContain('无法配齐检查组，承诺作废');
    const ref = records[3] as Extract<PublishedRecord, { kind: 'draw-ref' }>;
    expect(ref.url).toMatch(/^\/public\/draws\/\d+\/bundle\.json$/);
    const bundle = await (await anon().get(ref.url!)).json();
    const report = verifyRegister(records, { now: Date.parse('2023-09-21T00:00:00Z'), bundles: new Map([[ref.hash, bundle]]) });
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.open).toHaveLength(1);
    expect((await anon().get('/public/register/nobody')).status).toBe(404);
    // Found from the public home page.
    expect(await (await anon().get('/public')).text()).toContain('href="/public/register/scjgj"');
  });

  it('shows a commitment past its reveal deadline as overdue (逾期未揭示)', async () => {
    s.clock.set('2023-09-24T00:00:00Z');
    const page = await (await anon().get('/public/register/scjgj')).text();
    expect(page).toContain('id="overdue"');
    expect(page).toContain('（逾期未揭示）');
    const notice = await (await anon().get(`/public/tasks/${waitingTask}`)).text();
    expect(notice).toContain('逾期未揭示');
  });
});

describe('the task notice and the projector', () => {
  it('shows the commitment time, the beacon, the revealed value, the bundle hash, and no 定时抽取 for a manual draw', async () => {
    const notice = await (await anon().get(`/public/tasks/${drawnTask}`)).text();
    expect(notice).toContain('drand quicknet 第 657413 轮');
    expect(notice).toContain('fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587');
    expect(notice).toContain('公布于 2023-09-14 10:00');
    expect(notice).toMatch(/结果包哈希 <code class="bundle-hash">[0-9a-f]{64}</);
    expect(notice).toContain('现场见证输入：（无）');
    expect(notice).not.toContain('定时抽取');
    expect(notice).toContain('登记簿中的本任务记录');
  });

  it('the projector waits for the beacon, reloading itself, then shows the value and the drawn list', async () => {
    s.clock.set('2023-09-19T00:00:00Z');
    const waiting = await (await anon().get(`/public/tasks/${waitingTask}/projector`)).text();
    expect(waiting).toContain('<meta http-equiv="refresh" content="5">');
    expect(waiting).toContain('id="projector-state">承诺中<');
    const drawn = await (await anon().get(`/public/tasks/${drawnTask}/projector`)).text();
    expect(drawn).not.toContain('http-equiv="refresh"');
    expect(drawn).toContain('id="projector-beacon">fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587<');
    const items = (drawn.match(/<li><span class="uscc">/g) ?? []).length;
    expect(items).toBeGreaterThan(0);
  });

  it('a withdrawn task stays public with its records', async () => {
    const withdrawn = s.db.prepare("SELECT task_id FROM register_records WHERE kind = 'withdrawal'").pluck().get() as number;
    const notice = await (await anon().get(`/public/tasks/${withdrawn}`)).text();
    expect(notice).toContain('理由：抽查事项调整');
    expect(setBeacon(s.db, withdrawn, { lottery: '1 2 3' }, 'admin', at('2023-09-18T00:00:00Z'))).toMatchObject({ ok: false, message: '该任务没有待揭示的承诺' });
  });
});

