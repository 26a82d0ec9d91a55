// ssj-draw/2 through the services on a real database: inputs frozen at commitment, beacons named
// ahead and valued after (drand from a local relay serving recorded real rounds), every outcome on
// the register, and the audit's attacks, each of which must now fail to steer a draw.
import { failureHead } from '../../src/services/reveal-record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { startRelay, roundJson, type Relay } from '../helpers/drand-relay';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon, voidDrawV2, withdrawCommitment, type BeaconChoice } from '../../src/services/draws-v2';
import { fetchBeaconOfTask } from '../../src/services/beacons';
import { drandRoundTime, recordHash, verifyOutcomeRecord, type DrawRecord, type FailureRecord } from '../../src/domain/draw-v2';
import { verifyRegister, type RegisterEntry } from '../../src/domain/register';
import { getTask, drawBundleText } from '../../src/store/tasks';
import { registerRows } from '../../src/store/register';
import { bundleTeams, type BundleTeam } from '../helpers/bundle-teams';
import { checkRegister, publishedRegister, recordWords } from '../../src/services/register';
import type { NewTask } from '../../src/store/tasks';

let s: TestServer;
let relay: Relay;
let n = 0;
const at = (iso: string) => new Date(iso);
/** 2023-09-15T11:00:00Z: the first quicknet round after it is 657413 (11:00:03Z), a recorded real round. */
const T657413 = new Date(drandRoundTime(657413) - 3000);

beforeAll(async () => {
  s = await startServer();
  relay = await startRelay();
});
afterAll(async () => {
  await relay.close();
  await s.close();
});

const dept = (code: string) => s.db.prepare('SELECT id FROM departments WHERE code = ?').pluck().get(code) as number;
const item = (code: string) => s.db.prepare('SELECT id FROM items WHERE code = ?').pluck().get(code) as number;

function task(over: Partial<NewTask> = {}, now = '2023-08-01T00:00:00Z'): number {
  const r = createTask(s.db, {
    departmentId: dept('scjgj'), number: `临江市市场监管局抽查〔2023〕V2-${++n}号`, title: '企业公示信息抽查（v2）', filters: {}, strataMode: 'class',
    strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false,
    avoidLastInspector: false, createdBy: 'admin', itemIds: [item('SJ-001')], now, ...over,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** The department's register as published: draws by reference, their bundles beside it. */
function published(departmentId: number): { entries: RegisterEntry[]; bundles: Map<string, unknown> } {
  const bundles = new Map<string, unknown>();
  const entries = registerRows(s.db, departmentId).map((r): RegisterEntry => {
    if (r.kind !== 'draw') return JSON.parse(r.body!.toString()) as RegisterEntry;
    const b = JSON.parse(drawBundleText(s.db, r.drawId!)!) as DrawRecord;
    bundles.set(r.hash, b);
    return r.protocol === 'ssj-draw/2'
      ? { kind: 'draw-ref', protocol: 'ssj-draw/2', hash: r.hash, commitment: recordHash(b.commitment), drawnAt: b.reveal.drawnAt, previous: b.previous, url: null }
      : { kind: 'draw-ref', protocol: 'ssj-draw/1', hash: r.hash, commitment: '', drawnAt: r.at, previous: r.previous, url: null };
  });
  return { entries, bundles };
}

const drand = (t: Date): BeaconChoice => ({ kind: 'drand', at: t });

/** The stored selections of a draw, in draw order, each with its team (row ids in pick order), as bundleTeams gives the record's. */
function storedTeams(drawId: number): BundleTeam[] {
  const rows = s.db
    .prepare<[number], { uscc: string; team: string }>(
      `SELECT e.uscc, (SELECT group_concat(inspector_id) FROM (SELECT inspector_id FROM assignments a WHERE a.draw_id = ds.draw_id AND a.entity_id = ds.entity_id ORDER BY slot)) AS team
       FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? ORDER BY ds.position`,
    )
    .all(drawId);
  return rows.map((r) => ({ uscc: r.uscc, ids: r.team.split(',').map(Number) }));
}

// The parts run in order: each writes the market bureau's register at a later time (times never go back).
describe('ssj-draw/2 through the services, in time order', { shuffle: false }, () => {
describe('an unattended draw on a drand round', () => {
  let id: number;
  let frozenFirst: string;

  it('commits at least leadHours before the round, freezing the inputs', () => {
    id = task();
    // Too soon: the round would come 30 minutes after the commitment.
    const soon = commitDrawV2(s.db, id, drand(new Date(T657413.getTime())), { actor: 'admin', now: new Date(T657413.getTime() - 30 * 60_000) });
    expect(soon).toMatchObject({ ok: false, message: expect.stringContaining('至少 24 小时') });
    const r = commitDrawV2(s.db, id, drand(T657413), { actor: 'admin', now: at('2023-09-14T02:00:00Z') });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.commitment.beacon).toEqual({ kind: 'drand', chain: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971', round: 657413, time: '2023-09-15T19:00:03+08:00' });
    expect(r.value.commitment.committedAt).toBe('2023-09-14T10:00:00+08:00');
    expect(r.value.commitment.counts.strata).toBeNull(); // strata by credit class are not public
    expect(getTask(s.db, id)!.status).toBe('已承诺');
    frozenFirst = s.db.prepare("SELECT uscc FROM entities WHERE active = 1 AND reg_state = '存续' ORDER BY uscc LIMIT 1").pluck().get() as string;
  });

  it('refuses a second open commitment for the task, and a draw or a beacon value before the round', () => {
    expect(commitDrawV2(s.db, id, drand(new Date(T657413.getTime() + 3_600_000)), { actor: 'admin', now: at('2023-09-14T03:00:00Z') }).ok).toBe(false);
    expect(revealDraw(s.db, id, [], 'admin', at('2023-09-15T10:00:00Z'))).toMatchObject({ ok: false, message: expect.stringContaining('随机信标时间未到') });
    expect(setBeacon(s.db, id, { drandRound: roundJson(657413) }, 'admin', at('2023-09-15T10:00:00Z'))).toMatchObject({ ok: false });
  });

  it('keeps an entity deactivated after the commitment in the draw', () => {
    s.db.prepare('UPDATE entities SET active = 0 WHERE uscc = ?').run(frozenFirst);
  });

  it('takes the round from the relay only when its signature verifies', async () => {
    relay.forge.add(657413);
    const forged = await fetchBeaconOfTask(s.db, id, relay.url, 'admin', at('2023-09-15T11:00:10Z'));
    expect(forged).toMatchObject({ ok: false, message: expect.stringContaining('签名验证失败') });
    expect(revealDraw(s.db, id, [], 'admin', at('2023-09-15T11:00:20Z'))).toMatchObject({ ok: false, message: expect.stringContaining('等待随机信标') });
    relay.forge.delete(657413);
    const down = await fetchBeaconOfTask(s.db, id, 'http://127.0.0.1:9', 'admin', at('2023-09-15T11:00:30Z'));
    expect(down).toMatchObject({ ok: false, message: expect.stringContaining('无法连接随机信标服务') });
    expect(await fetchBeaconOfTask(s.db, id, relay.url, 'admin', at('2023-09-15T11:01:00Z'))).toEqual({ ok: true, value: null });
    expect(relay.requests.at(-1)).toBe('/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/657413');
  });

  it('draws on the frozen inputs: the record verifies whole and the deactivated entity is in its population', () => {
    const r = revealDraw(s.db, id, [], 'admin', at('2023-09-15T11:02:00Z'));
    if (!r.ok) throw new Error(r.message);
    if (r.value.kind !== 'draw') throw new Error('expected a draw');
    const stored = JSON.parse(drawBundleText(s.db, r.value.drawId)!) as DrawRecord;
    const { inputs, ...rest } = stored;
    expect(rest).toEqual(r.value.record);
    expect(inputs.entities.length).toBe(r.value.eligible);
    // The selected rows found by their positions in the frozen population are the record's.
    expect(storedTeams(r.value.drawId)).toEqual(bundleTeams(s.db, r.value.drawId));
    expect(s.db.prepare('SELECT count(*) FROM frozen_row_ids').pluck().get()).toBe(0);
    expect(verifyOutcomeRecord(stored)).toEqual({ ok: true });
    expect(stored.inputs.entities.some((e) => e.id === frozenFirst)).toBe(true);
    expect(stored.reveal.beacon.value).toBe(roundJson(657413).randomness);
    expect(getTask(s.db, id)!.status).toBe('已抽取');
    // The frozen copy went: the bundle holds the inputs now.
    expect(s.db.prepare('SELECT count(*) FROM frozen_inputs').pluck().get()).toBe(0);
    const p = published(dept('scjgj'));
    expect(verifyRegister(p.entries, { now: Date.parse('2023-10-01T00:00:00Z'), bundles: p.bundles })).toMatchObject({ ok: true, problems: [] });
  });

  it('voids the draw with a withdrawal on the register; drawing again needs a new commitment and a new beacon', () => {
    const drawId = s.db.prepare('SELECT id FROM draws WHERE task_id = ?').pluck().get(id) as number;
    expect(voidDrawV2(s.db, drawId, '录入错误，重新抽取', 'admin', at('2023-09-16T01:00:00Z')).ok).toBe(true);
    expect(getTask(s.db, id)!.status).toBe('计划');
    expect(revealDraw(s.db, id, [], 'admin', at('2023-09-16T01:00:01Z'))).toMatchObject({ ok: false, message: '该任务没有待揭示的承诺' });
    const rows = registerRows(s.db, dept('scjgj'));
    expect(rows.map((r) => r.kind)).toEqual(['commitment', 'draw', 'withdrawal']);
    expect(JSON.parse(rows[2]!.body!.toString()).withdraws).toBe(rows[1]!.hash);
    const p = published(dept('scjgj'));
    expect(verifyRegister(p.entries, { now: Date.parse('2023-10-01T00:00:00Z'), bundles: p.bundles }).ok).toBe(true);
  });
});

describe('withdrawal, failure, lead time', () => {
  it('withdraws a commitment only before its beacon, with a reason', () => {
    const id = task({}, '2023-09-16T02:00:00Z');
    const c = commitDrawV2(s.db, id, { kind: 'lottery', name: '中国福利彩票快乐8', issue: '2023250', at: at('2023-09-18T13:30:00Z') }, { actor: 'admin', now: at('2023-09-16T02:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    expect(withdrawCommitment(s.db, id, '', 'admin', at('2023-09-17T00:00:00Z'))).toMatchObject({ ok: false, message: '撤回承诺必须写明理由' });
    expect(withdrawCommitment(s.db, id, '抽查事项调整，重新承诺', 'admin', at('2023-09-17T00:00:00Z')).ok).toBe(true);
    expect(getTask(s.db, id)!.status).toBe('计划');
    const again = commitDrawV2(s.db, id, { kind: 'lottery', name: '中国福利彩票快乐8', issue: '2023252', at: at('2023-09-20T13:30:00Z') }, { actor: 'admin', now: at('2023-09-17T01:00:00Z') });
    if (!again.ok) throw new Error(again.message);
    // After the lottery's draw the commitment stands: its outcome must be published.
    expect(withdrawCommitment(s.db, id, '不想要这个结果了', 'admin', at('2023-09-20T14:00:00Z'))).toMatchObject({ ok: false, message: expect.stringContaining('不能再撤回') });
    expect(setBeacon(s.db, id, { lottery: '03 07 12 19 24 31 36 42 47 53 58 61 66 70 72 75 77 78 79 80' }, 'admin', at('2023-09-20T14:00:00Z')).ok).toBe(true);
    // As a commitment made before the row ids were kept (migration 0022): the reveal looks the USCCs up.
    expect(s.db.prepare('DELETE FROM frozen_row_ids').run().changes).toBe(1);
    const r = revealDraw(s.db, id, [], 'admin', at('2023-09-20T14:05:00Z'));
    if (!r.ok) throw new Error(r.message);
    if (r.value.kind !== 'draw') throw new Error('expected a draw');
    expect(storedTeams(r.value.drawId)).toEqual(bundleTeams(s.db, r.value.drawId));
    expect(r.value.record.reveal.beacon.value).toBe('3,7,12,19,24,31,36,42,47,53,58,61,66,70,72,75,77,78,79,80');
  });

  it('publishes a draw that cannot staff its teams as a failure, burns the commitment, and allows no retry with other witnesses', () => {
    const id = task({ maxLoad: 1, teamSize: 3 }, '2023-09-21T00:00:00Z');
    const meeting: BeaconChoice = { kind: 'witness', at: at('2023-09-23T01:00:00Z'), place: '市场监管局一楼大厅' };
    const refused = commitDrawV2(s.db, id, meeting, { actor: 'admin', now: at('2023-09-21T01:00:00Z') });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.feasibility?.failures).toBeGreaterThan(0);
    expect(refused.feasibility?.slots.join()).toMatch(/最多检查户数/);
    const c = commitDrawV2(s.db, id, meeting, { actor: 'admin', now: at('2023-09-21T01:00:00Z'), riskReason: '人员不足，报请增派后仍按期摇号' });
    if (!c.ok) throw new Error(c.message);
    expect(setBeacon(s.db, id, { witnesses: [{ name: '公证员', value: '5821' }] }, 'admin', at('2023-09-23T01:10:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, id, [], 'admin', at('2023-09-23T01:11:00Z'));
    if (!r.ok) throw new Error(r.message);
    expect(r.value.kind).toBe('failure');
    // Stored whole (the inputs being the frozen ones); the register reads its head without the inputs.
    const body = registerRows(s.db, dept('scjgj')).filter((x) => x.kind === 'failure').at(-1)!.body!;
    const f = JSON.parse(body.toString()) as FailureRecord;
    const { inputs, ...head } = f;
    expect(head).toEqual(r.value.record);
    expect(failureHead(body)).toEqual(r.value.record);
    expect(inputs.entities.length).toBe(r.value.eligible);
    expect(verifyOutcomeRecord(f)).toEqual({ ok: true });
    expect(getTask(s.db, id)!.status).toBe('计划');
    // The commitment is burnt: other witness values find nothing to draw with.
    expect(setBeacon(s.db, id, { witnesses: [{ name: '公证员', value: '1' }] }, 'admin', at('2023-09-23T01:12:00Z'))).toMatchObject({ ok: false, message: '该任务没有待揭示的承诺' });
    expect(revealDraw(s.db, id, [{ name: '见证人', value: '2' }], 'admin', at('2023-09-23T01:12:00Z'))).toMatchObject({ ok: false, message: '该任务没有待揭示的承诺' });
    const p = published(dept('scjgj'));
    const report = verifyRegister(p.entries, { now: Date.parse('2023-10-01T00:00:00Z'), bundles: p.bundles });
    expect(report).toMatchObject({ ok: true, open: [] });
    expect(p.entries.filter((e) => 'kind' in e && e.kind === 'failure')).toHaveLength(1);
  });

  it('publishes a failure kept as bytes (past the longest string) by reference, and still says why it failed', () => {
    const row = registerRows(s.db, dept('scjgj')).filter((x) => x.kind === 'failure').at(-1)!;
    s.db.prepare('UPDATE register_records SET body = CAST(body AS BLOB) WHERE id = ?').run(row.id);
    try {
      const bytes = registerRows(s.db, dept('scjgj')).find((x) => x.id === row.id)!;
      expect(Buffer.isBuffer(bytes.body)).toBe(true);
      expect(recordWords(bytes).text).toContain('无法配齐检查组');
      const f = failureHead(bytes.body!);
      expect(publishedRegister(s.db, dept('scjgj')).find((e) => 'hash' in e && e.hash === row.hash)).toEqual({
        kind: 'draw-ref', protocol: 'ssj-draw/2', hash: row.hash, commitment: recordHash(f.commitment), drawnAt: f.reveal.drawnAt, previous: f.previous, url: null,
      });
    } finally {
      s.db.prepare('UPDATE register_records SET body = CAST(body AS TEXT) WHERE id = ?').run(row.id);
    }
  });

  it('refuses a population whose record would pass the size limit of one record, and writes nothing', () => {
    const id = task({}, '2023-09-24T00:00:00Z');
    const records = s.db.prepare('SELECT count(*) FROM register_records').pluck().get();
    const r = commitDrawV2(s.db, id, drand(new Date('2023-09-26T00:00:00Z')), { actor: 'admin', now: at('2023-09-24T00:00:00Z'), limits: { maxRecordBytes: 20_000 } });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('分成几个任务') });
    expect(s.db.prepare('SELECT count(*) FROM register_records').pluck().get()).toBe(records);
    expect(getTask(s.db, id)!.status).toBe('计划');
  });

  it('refuses a draw of nobody', () => {
    const id = task({ filters: { region: '不存在的片区' } }, '2023-09-24T00:00:00Z');
    expect(commitDrawV2(s.db, id, drand(new Date(Date.parse('2023-09-26T00:00:00Z'))), { actor: 'admin', now: at('2023-09-24T00:00:00Z') })).toMatchObject({ ok: false, message: expect.stringContaining('0户') });
  });

  it('refuses an ssj-draw/1 draw in a department whose register has ssj-draw/2 records', () => {
    const id = task({}, '2023-09-24T00:00:00Z');
    expect(commitTask(s.db, id, 'admin', at('2023-09-24T00:00:00Z')).ok).toBe(true);
    expect(drawTask(s.db, id, [], 'admin', at('2023-09-24T00:00:01Z'))).toMatchObject({ ok: false, message: expect.stringContaining('ssj-draw/2') });
  });

  it('reports an open commitment past its reveal deadline as overdue, and refuses to draw it then', () => {
    const id = task({}, '2023-09-24T00:00:00Z');
    const c = commitDrawV2(s.db, id, drand(new Date('2023-09-26T00:00:00Z')), { actor: 'admin', now: at('2023-09-24T01:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    expect(revealDraw(s.db, id, [], 'admin', at('2023-09-30T00:00:00Z'))).toMatchObject({ ok: false, message: expect.stringContaining('逾期未揭示') });
    const p = published(dept('scjgj'));
    const report = verifyRegister(p.entries, { now: Date.parse('2023-09-30T00:00:00Z'), bundles: p.bundles });
    expect(report.ok).toBe(true);
    expect(report.overdue).toEqual([recordHash(c.value.commitment)]);
  });
});

describe('the register check of the database', () => {
  it('passes for everything above, and finds a record edited in place', () => {
    const d = dept('scjgj');
    const now = new Date('2023-09-30T00:00:00Z');
    const ok = checkRegister(s.db, d, now);
    expect(ok).toMatchObject({ ok: true, problems: [] });
    expect(ok.records).toBeGreaterThanOrEqual(10);
    const row = s.db.prepare("SELECT id, body FROM register_records WHERE department_id = ? AND kind = 'commitment' ORDER BY id LIMIT 1").get(d) as { id: number; body: string };
    s.db.prepare('UPDATE register_records SET body = ? WHERE id = ?').run(row.body.replace('企业公示信息抽查', '企业年报信息抽查'), row.id);
    const bad = checkRegister(s.db, d, now);
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/record 2: (previous is|its commitment is not an earlier record)/);
    s.db.prepare('UPDATE register_records SET body = ? WHERE id = ?').run(row.body, row.id);
    expect(checkRegister(s.db, d, now).ok).toBe(true);
  });

  it('checks a draw record too large to read whole in its stored pieces, and finds a changed byte in them', () => {
    const d = dept('scjgj');
    const now = new Date('2023-09-30T00:00:00Z');
    // Every v2 draw checked in pieces (as a 10,000,000-entity record is: from 256 MiB on).
    expect(checkRegister(s.db, d, now, true, 0)).toMatchObject({ ok: true, problems: [] });
    const drawId = s.db.prepare<[number], number>("SELECT draw_id FROM register_records WHERE department_id = ? AND kind = 'draw' AND protocol = 'ssj-draw/2' ORDER BY id LIMIT 1").pluck().get(d)!;
    const piece = s.db.prepare<[number], { seq: number; bytes: Buffer }>('SELECT seq, bytes FROM draw_bundle_pieces WHERE draw_id = ? ORDER BY seq LIMIT 1').get(drawId)!;
    // One team member swapped for another inspector in the record's result.
    const text = drawBundleText(s.db, drawId)!;
    const at = text.indexOf('"inspectors":["', text.indexOf('"result":')) + '"inspectors":["'.length;
    const pieceBytes = piece.bytes.length;
    expect(at).toBeGreaterThan(0);
    const seq = Math.floor(Buffer.byteLength(text.slice(0, at)) / pieceBytes);
    const bytes = s.db.prepare<[number, number], Buffer>('SELECT bytes FROM draw_bundle_pieces WHERE draw_id = ? AND seq = ?').pluck().get(drawId, seq)!;
    const changed = Buffer.from(bytes);
    const offset = Buffer.byteLength(text.slice(0, at)) % pieceBytes;
    changed[offset + 3] = changed[offset + 3] === 0x30 ? 0x31 : 0x30;
    s.db.prepare('UPDATE draw_bundle_pieces SET bytes = ? WHERE draw_id = ? AND seq = ?').run(changed, drawId, seq);
    try {
      const bad = checkRegister(s.db, d, now, true, 0);
      expect(bad.ok).toBe(false);
      expect(bad.problems.join('\n')).toMatch(/result\.selected\[0\]/);
    } finally {
      s.db.prepare('UPDATE draw_bundle_pieces SET bytes = ? WHERE draw_id = ? AND seq = ?').run(bytes, drawId, seq);
    }
    expect(checkRegister(s.db, d, now, true, 0).ok).toBe(true);
  });
});

});
