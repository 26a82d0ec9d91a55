// The printed documents (PDF) through a real server: 检查通知书 and 检查记录表 of an inspection for its team
// and for staff, the 摇号记录 of the draw, and the public 抽查结果公告. Their text is extracted as a
// reader's software does it and checked for what each must say in Chinese; they are refused to whom
// they do not belong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { drawnTask, firstOfTeam, type DrawnTask } from '../helpers/drawn-task';
import { pdfText } from '../helpers/pdf-text';
import { upsertSubmitted } from '../../src/store/results';
import { createTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../../src/services/draws-v2';

let s: TestServer;
let admin: Client;
let insp: Client;
let d: DrawnTask;
const NOW = new Date('2026-11-23T02:00:00Z');
const entity = () => s.db.prepare<[number], { name: string; uscc: string; address: string }>('SELECT name, uscc, address FROM entities WHERE id = ?').get(d.entities[0]!)!;
const pdf = async (c: Client, url: string) => {
  const res = await c.get(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return { res, ...(await pdfText(bytes)) };
};

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  d = drawnTask(s.db, { number: '文书-1', itemCode: 'SJ-002', at: NOW, entities: 2 });
  insp = await newAccount(admin, { username: 'insp.doc', role: 'inspector', certNo: firstOfTeam(s.db, d.drawId, d.entities[0]!).cert });
});
afterAll(() => s.close());

describe('the printed documents of an inspection', { shuffle: false }, () => {
  it('检查通知书 says what, when, who, on what basis, what to prepare and the remedies, with a QR code to the public page', async () => {
    const e = entity();
    const team = s.db.prepare<[number, number], { name: string; cert: string }>(
      'SELECT p.name, p.cert_no AS cert FROM assignments a JOIN inspectors p ON p.id = a.inspector_id WHERE a.draw_id = ? AND a.entity_id = ? AND a.expert = 0 ORDER BY a.slot',
    ).all(d.drawId, d.entities[0]!);
    const item = s.db.prepare<[number], { name: string; basis: string }>('SELECT name, basis FROM items WHERE id = ?').get(d.itemId)!;
    const { text, res, info } = await pdf(insp, `/documents/${d.drawId}/${d.entities[0]}/notice.pdf`);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(`检查通知书-文书-1-${e.uscc}.pdf`);
    expect(info.Author).toBe('临江市市场监督管理局');
    expect(text).toContain('检查通知书');
    expect(text).toContain(`${e.name}（统一社会信用代码 ${e.uscc}）：`);
    expect(text).toContain('将于2026年11月23日至2026年12月23日期间');
    expect(text).toContain(item.name);
    expect(text.replace(/\s/g, '')).toContain(item.basis.replace(/\s/g, ''));
    expect(text).toContain(`${team[0]!.name}（组长）（执法证号 ${team[0]!.cert}）`);
    expect(text).toContain(`${team[1]!.name}（执法证号 ${team[1]!.cert}）`);
    expect(text).toContain('持有有效的食品生产许可证');
    expect(text).toContain('六十日内依法申请行政复议');
    expect(text).toContain('六个月内依法向人民法院提起行政诉讼');
    expect(text).toContain(`${s.url}/public/tasks/${d.taskId}`);
    expect(text).toContain('临江市市场监督管理局2026年11月23日');
    expect(text).toContain('第 1 页 共');
  });

  it('检查记录表 is blank to fill in before the result, and carries the checklist answers after it', async () => {
    const blank = await pdf(insp, `/documents/${d.drawId}/${d.entities[0]}/record.pdf`);
    expect(blank.text).toContain('检查记录表');
    expect(blank.text.replace(/\s/g, '')).toContain('原料进货查验记录完整□符合□不符合□不涉及');
    expect(blank.text).toContain('被检查单位负责人（签字）：');
    upsertSubmitted(s.db, { drawId: d.drawId, entityId: d.entities[0]!, itemId: d.itemId }, {
      category: '发现问题待后续处理', inspectedOn: '2026-11-23', method: '现场检查', findings: '进货查验记录不全', followUp: '责令改正',
    }, 1, NOW.toISOString(), [
      { point: '持有有效的食品生产许可证，生产范围与许可一致', answer: '符合', note: '' },
      { point: '原料进货查验记录完整', answer: '不符合', note: '缺2026年10月进货查验记录' },
      { point: '出厂检验记录完整，留样符合规定', answer: '不涉及', note: '本季度未生产' },
    ]);
    const filled = await pdf(admin, `/documents/${d.drawId}/${d.entities[0]}/record.pdf`);
    expect(filled.text.replace(/\s/g, '')).toContain('原料进货查验记录完整不符合缺2026年10月进货查验记录');
    expect(filled.text).toContain('本季度未生产');
    expect(filled.text).toContain('检查日期 2026年11月23日');
    expect(filled.text).toContain('发现问题待后续处理');
    expect(filled.text).toContain('进货查验记录不全');
  });

  it('摇号记录 carries the commitment, the seed, the hashes and the drawn list, to sign', async () => {
    const draw = s.db.prepare<[number], { bundleHash: string; summary: string }>('SELECT bundle_hash AS bundleHash, summary FROM draws WHERE id = ?').get(d.drawId)!;
    const seed = (JSON.parse(draw.summary) as { seed: { commitment: string; value: string } }).seed;
    const { text } = await pdf(admin, `/admin/draws/${d.drawId}/record.pdf`);
    expect(text).toContain('随机抽取记录');
    for (const h of [seed.commitment, seed.value, draw.bundleHash]) expect(text).toContain(h);
    const drawn = s.db.prepare<[number], string>('SELECT e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? ORDER BY ds.position').pluck().all(d.drawId);
    expect(drawn.length).toBeGreaterThan(1);
    for (const u of drawn) expect(text).toContain(u);
    expect(text).toContain(`抽取结果（共 ${drawn.length} 户）`);
    expect(text).toContain('公证人员（签字）：');
  });

  it('prints every notice of a draw in one file, each numbered on its own', async () => {
    const drawn = s.db.prepare<[number], { name: string; uscc: string }>('SELECT e.name, e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? ORDER BY ds.position').all(d.drawId);
    const { res, pages } = await pdf(admin, `/admin/draws/${d.drawId}/notices.pdf`);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(`检查通知书-文书-1-全部${drawn.length}份.pdf`);
    const starts = pages.map((p, i) => ({ p, i })).filter(({ p }) => p.startsWith('检查通知书'));
    expect(starts).toHaveLength(drawn.length);
    drawn.forEach((e, k) => {
      const from = starts[k]!.i;
      const to = starts[k + 1]?.i ?? pages.length;
      const notice = pages.slice(from, to).join('');
      expect(notice).toContain(`${e.name}（统一社会信用代码 ${e.uscc}）：`);
      expect(notice).toContain(`第 1 页 共 ${to - from} 页`);
    });
  });

  it('摇号记录 of an ssj-draw/2 draw names its public beacon and the value it gave', async () => {
    const dept = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
    const t = createTask(s.db, {
      departmentId: dept, number: '文书-2', title: '文书-2', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0,
      teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [d.itemId], now: '2026-11-23T03:00:00Z',
    });
    if (!t.ok) throw new Error(t.message);
    const c = commitDrawV2(s.db, t.value, { kind: 'lottery', name: '中国福利彩票快乐8', issue: '2026321', at: new Date('2026-11-24T13:30:00Z') }, { actor: 'admin', now: new Date('2026-11-23T03:00:00Z') });
    if (!c.ok) throw new Error(c.message);
    expect(setBeacon(s.db, t.value, { lottery: '03 07 12 19 24 31 36 42 47 53 58 61 66 70 72 75 77 78 79 80' }, 'admin', new Date('2026-11-24T14:00:00Z')).ok).toBe(true);
    const r = revealDraw(s.db, t.value, [], 'admin', new Date('2026-11-24T14:05:00Z'));
    if (!r.ok || r.value.kind !== 'draw') throw new Error('expected a draw');
    const { text } = await pdf(admin, `/admin/draws/${r.value.drawId}/record.pdf`);
    expect(text).toContain('ssj-draw/2');
    expect(text).toContain('中国福利彩票快乐8');
    expect(text).toContain('2026321');
    expect(text).toContain('3,7,12,19,24,31,36,42,47,53,58,61,66,70,72,75,77,78,79,80');
    expect(text).toContain('2026-11-24 22:05');
  });

  it('抽查结果公告 lists only published results, and is public', async () => {
    s.db.prepare("UPDATE results SET status = '已公示' WHERE draw_id = ? AND entity_id = ?").run(d.drawId, d.entities[0]!);
    upsertSubmitted(s.db, { drawId: d.drawId, entityId: d.entities[1]!, itemId: d.itemId }, { category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '', followUp: '无' }, 1, NOW.toISOString());
    const other = s.db.prepare<[number], string>('SELECT uscc FROM entities WHERE id = ?').pluck().get(d.entities[1]!)!;
    const { text } = await pdf(new Client(s.url), `/public/tasks/${d.taskId}/results.pdf`);
    expect(text).toContain('抽查结果公告');
    expect(text).toContain(entity().uscc);
    expect(text).toContain('发现问题待后续处理（责令改正）');
    expect(text).not.toContain(other);
    expect((await new Client(s.url).get('/public/tasks/999999/results.pdf')).status).toBe(404);
  });

  it('is refused to whom it does not belong', async () => {
    const kjj = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'kjj'").pluck().get()!;
    const other = await newAccount(admin, { username: 'kj.doc', role: 'admin', departmentId: kjj });
    for (const u of [`/documents/${d.drawId}/${d.entities[0]}/notice.pdf`, `/documents/${d.drawId}/${d.entities[0]}/record.pdf`, `/admin/draws/${d.drawId}/record.pdf`, `/admin/draws/${d.drawId}/notices.pdf`]) {
      expect((await other.get(u)).status, u).toBe(403);
      const anon = await new Client(s.url).get(u);
      expect(anon.status, u).toBe(303);
    }
    // An inspector of another team: not theirs, as if it did not exist.
    expect((await insp.get(`/documents/${d.drawId}/${d.entities[1]}/notice.pdf`)).status).toBe(404);
    expect((await insp.get(`/admin/draws/${d.drawId}/record.pdf`)).status).toBe(403);
  });
});
