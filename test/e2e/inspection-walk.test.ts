// One inspection walked end to end through the real server, the inspector in Chromium on a phone-sized
// page with the network switched off: the assignment opens offline, the checklist is answered (the
// category suggested), two photos are taken and the result recorded, all kept on the phone and sent
// when the connection returns; staff return it with a note, the inspector sends it again (the note
// kept), staff approve it, order it put right, record the re-inspection (已完结) and publish it with its
// outcome; the entity's record and credit class follow, the PDFs say what they must, the case file
// verifies. A draft made offline over a result a teammate changed meanwhile is shown as a conflict and
// never sent over it. Every upload path refuses a wrong type, a file too big and a broken photo.
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, newAccount, SETTLED_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { drawnTask, type DrawnTask } from '../helpers/drawn-task';
import { pdfText } from '../helpers/pdf-text';
import { verifyCaseFile } from '../../src/case-verify';
import { launch } from './browser';
import { qrOfPdf } from './pdf-qr';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };
let s: TestServer;
let browser: Browser;
let admin: Client;
let d: DrawnTask;
let team: { id: number; cert: string; name: string }[] = [];

const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const teamOf = (drawId: number, entityId: number) =>
  s.db.prepare<[number, number], { id: number; cert: string; name: string }>(
    'SELECT p.id, p.cert_no AS cert, p.name FROM assignments a JOIN inspectors p ON p.id = a.inspector_id WHERE a.draw_id = ? AND a.entity_id = ? AND a.expert = 0 ORDER BY a.slot',
  ).all(drawId, entityId);

/** A signed-in client of the inspector with this certificate (an account made for it, or the one it has). */
async function inspectorAccount(username: string, cert: string): Promise<{ username: string; client: Client }> {
  const existing = s.db.prepare<[string], string>('SELECT u.username FROM users u JOIN inspectors p ON p.id = u.inspector_id WHERE p.cert_no = ?').pluck().get(cert);
  if (!existing) return { username, client: await newAccount(admin, { username, role: 'inspector', certNo: cert }) };
  const client = new Client(s.url);
  await client.login(existing, SETTLED_PASSWORD);
  return { username: existing, client };
}

async function phone(username: string): Promise<{ ctx: BrowserContext; p: Page }> {
  const ctx = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const p = await ctx.newPage();
  await p.goto(s.url + '/login');
  await p.fill('#username', username);
  await p.fill('#password', SETTLED_PASSWORD);
  await p.click('main button:has-text("登录")');
  await p.waitForURL('**/me');
  // The assignments are kept on the phone by the service worker.
  await expect.poll(() => p.textContent('#offline-ready'), { timeout: 15000 }).toMatch(/已保存 \d+ 项检查任务到手机/);
  return { ctx, p };
}

const jpeg = (color: string) => sharp({ create: { width: 80, height: 60, channels: 3, background: color } }).jpeg().withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '26/1 5/1 0/1' } }).toBuffer();

beforeAll(async () => {
  s = await startServer({ env: { SSJ_IMPORT_MAX_MB: '1' } });
  admin = new Client(s.url);
  await admin.login();
  d = drawnTask(s.db, { number: '全过程-1', itemCode: 'SJ-002', at: new Date('2026-11-23T02:00:00Z'), entities: 2 });
  team = teamOf(d.drawId, d.entities[0]!);
  await newAccount(admin, { username: 'insp.walk', role: 'inspector', certNo: team[0]!.cert });
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('one inspection, end to end', { shuffle: false }, () => {
  const href = () => `/me/assignments/${d.drawId}/${d.entities[0]}`;
  const results = () => s.db.prepare<[number, number], { id: number; status: string; category: string; findings: string; answers: string; reviewNote: string; version: number }>(
    'SELECT id, status, category, findings, answers, review_note AS reviewNote, version FROM results WHERE draw_id = ? AND entity_id = ?',
  ).all(d.drawId, d.entities[0]!);
  const attachments = () => s.db.prepare<[number, number], number>('SELECT count(*) FROM attachments WHERE draw_id = ? AND entity_id = ?').pluck().get(d.drawId, d.entities[0]!)!;
  let ctx: BrowserContext;
  let p: Page;

  it('records the inspection offline on a phone: checklist, two photos, result, kept on the phone', async () => {
    ({ ctx, p } = await phone('insp.walk'));
    await ctx.setOffline(true);
    await p.goto(s.url + href());
    await expect.poll(() => p.textContent('#offline-state')).toContain('当前离线');
    expect(await p.textContent('h1')).toBe(one<{ name: string }>('SELECT name FROM entities WHERE id = ?', d.entities[0]).name);
    const form = p.locator('form[data-offline="result"]');
    await form.locator('input[name=cp_0][value="符合"]').check();
    await form.locator('input[name=cp_1][value="不符合"]').check();
    await form.locator('input[name=cpnote_1]').fill('缺2026年10月进货查验记录');
    await form.locator('input[name=cp_2][value="不涉及"]').check();
    // The answers suggest the category; the inspector may keep it or choose another.
    expect(await form.locator('select[name=category]').inputValue()).toBe('发现问题待后续处理');
    await expect.poll(() => form.locator('.suggestion').textContent()).toContain('建议检查结果为：发现问题待后续处理');
    await form.locator('input[name=inspectedOn]').fill('2026-11-23');
    await form.locator('textarea[name=findings]').fill('进货查验记录不全');
    await form.locator('select[name=followUp]').selectOption('责令改正');
    const upload = p.locator('form[data-offline="file"]');
    for (const [name, color] of [['现场1.jpg', '#c33'], ['现场2.jpg', '#36c']] as const) {
      await upload.locator('input[type=file]').setInputFiles({ name, mimeType: 'image/jpeg', buffer: await jpeg(color) });
      await upload.locator('button[type=submit]').click();
      await expect.poll(() => p.locator('#offline-drafts li').count()).toBeGreaterThan(name === '现场1.jpg' ? 0 : 1);
    }
    await form.locator('button[type=submit]').click();
    await expect.poll(() => p.locator('#offline-drafts li').count()).toBe(3);
    expect(await p.textContent('#offline-drafts')).toContain('保存在手机上，联网后自动提交');
    await p.screenshot({ path: path.join(shots, 'inspector-offline-drafts-phone.png'), fullPage: true });
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Nothing reached the server; the drafts outlive a reload without a connection.
    expect(results()).toHaveLength(0);
    expect(attachments()).toBe(0);
    await p.reload();
    await expect.poll(() => p.locator('#offline-drafts li').count()).toBe(3);
  });

  it('sends the drafts when the connection returns', async () => {
    await ctx.setOffline(false);
    await expect.poll(() => p.textContent('#offline-state'), { timeout: 15000 }).toContain('已提交手机上保存的 3 项内容');
    const [r] = results();
    expect(r).toMatchObject({ status: '待审核', category: '发现问题待后续处理', findings: '进货查验记录不全' });
    expect(JSON.parse(r!.answers)[1]).toEqual({ point: '原料进货查验记录完整', answer: '不符合', note: '缺2026年10月进货查验记录' });
    expect(attachments()).toBe(2);
    // The photos lost their location on the way in.
    for (const b of s.db.prepare<[number], Buffer>('SELECT bytes FROM attachments WHERE draw_id = ?').pluck().all(d.drawId)) expect((await sharp(b).metadata()).exif).toBeUndefined();
    await expect.poll(() => p.locator('#offline-drafts').count()).toBe(0);
  });

  it('is returned with a note, sent again with the note kept, and approved', async () => {
    const id = results()[0]!.id;
    await admin.post(`/admin/results/${id}/return`, { _csrf: await admin.csrf('/admin/results'), note: '请写明缺少的记录月份和整改要求' });
    await p.goto(s.url + href());
    expect(await p.textContent('main')).toContain('审核退回：请写明缺少的记录月份和整改要求');
    const form = p.locator('form[data-offline="result"]');
    await form.locator('textarea[name=findings]').fill('进货查验记录不全：缺2026年10月记录，现场责令补齐');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => p.textContent('.status')).toBe('待审核');
    const r = results()[0]!;
    expect(r).toMatchObject({ status: '待审核', findings: '进货查验记录不全：缺2026年10月记录，现场责令补齐', reviewNote: '请写明缺少的记录月份和整改要求', version: 2 });
    const review = await (await admin.get('/admin/results')).text();
    expect(review).toContain('请写明缺少的记录月份和整改要求');
    await admin.post(`/admin/results/${id}/approve`, { _csrf: await admin.csrf('/admin/results') });
    expect(results()[0]!.status).toBe('已通过');
  });

  it('is ordered put right, re-inspected to 已完结, and published with its outcome; the entity follows', async () => {
    const id = results()[0]!.id;
    const step = async (form: Record<string, string>) => admin.post(`/admin/results/${id}/follow-up`, { _csrf: await admin.csrf('/admin/results'), back: '已通过', ...form });
    const classBefore = one<{ c: string }>('SELECT credit_class AS c FROM entities WHERE id = ?', d.entities[0]).c;
    await step({ kind: 'order', deadline: '2026-12-10', note: '补齐2026年10月进货查验记录' });
    await step({ kind: 'recheck', on: '2026-11-23', findings: '已补齐记录', fixed: '1' });
    expect(one('SELECT state, ended_on AS endedOn FROM follow_ups WHERE result_id = ?', id)).toEqual({ state: '已整改', endedOn: '2026-11-23' });
    expect(await (await admin.get('/admin/results?status=' + encodeURIComponent('已通过'))).text()).toContain('后续处置：已整改');
    await admin.post(`/admin/results/${id}/publish`, { _csrf: await admin.csrf('/admin/results') });
    expect(results()[0]!.status).toBe('已公示');
    expect(await (await admin.get('/admin/results?status=' + encodeURIComponent('已公示'))).text()).toContain('已完结');
    const pub = await (await new Client(s.url).get('/public/results')).text();
    expect(pub).toContain('<td>已整改（复查 2026-11-23）</td>');
    const e = one<{ lastInspected: string; lastResult: string; creditClass: string }>('SELECT last_inspected AS lastInspected, last_result AS lastResult, credit_class AS creditClass FROM entities WHERE id = ?', d.entities[0]);
    expect(e).toMatchObject({ lastInspected: '2026-11-23', lastResult: '发现问题待后续处理' });
    expect(['C', 'D']).toContain(e.creditClass);
    expect(e.creditClass >= classBefore || classBefore === 'D').toBe(true);
  });

  it('has its documents: the notice, the record with the checklist, the draw record and the public results notice', async () => {
    const entity = one<{ name: string; uscc: string }>('SELECT name, uscc FROM entities WHERE id = ?', d.entities[0]);
    const publicPage = `${s.url}/public/tasks/${d.taskId}`;
    const get = async (c: Client, url: string) => {
      const res = await c.get(url);
      expect(res.headers.get('content-type'), url).toBe('application/pdf');
      const bytes = Buffer.from(await res.arrayBuffer());
      // The QR code, read off the rendered page, leads to the task's public page (its draw, verifiable).
      expect(await qrOfPdf(browser, bytes), url).toBe(publicPage);
      return (await pdfText(bytes)).text;
    };
    const notice = await get(admin, `/documents/${d.drawId}/${d.entities[0]}/notice.pdf`);
    expect(notice).toContain(`${entity.name}（统一社会信用代码 ${entity.uscc}）`);
    expect(notice).toContain(`${team[0]!.name}（组长）（执法证号 ${team[0]!.cert}）`);
    const record = (await get(admin, `/documents/${d.drawId}/${d.entities[0]}/record.pdf`)).replace(/\s/g, '');
    expect(record).toContain('原料进货查验记录完整不符合缺2026年10月进货查验记录');
    expect(record).toContain('已整改（复查2026-11-23）');
    const drawRecord = await get(admin, `/admin/draws/${d.drawId}/record.pdf`);
    expect(drawRecord).toContain(entity.uscc);
    const notice2 = await get(new Client(s.url), `/public/tasks/${d.taskId}/results.pdf`);
    expect(notice2).toContain('抽查结果公告');
    expect(notice2.replace(/\s/g, '')).toContain('已整改（复查2026-11-23）');
  });

  it('has a case file that verifies', async () => {
    const res = await admin.get(`/admin/cases/${d.drawId}/${d.entities[0]}.zip`);
    const file = path.join(s.dir, 'walk-case.zip');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const names = new AdmZip(file).getEntries().map((x) => x.entryName);
    expect(names.filter((n) => n.startsWith('attachments/'))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('documents/'))).toHaveLength(3);
    expect(verifyCaseFile(file)).toEqual([]);
    await ctx.close();
  });
});

describe('a draft made offline over a result changed meanwhile', () => {
  it('is shown as a conflict, kept on the phone, and never sent over the newer result', async () => {
    const d2 = drawnTask(s.db, { number: '全过程-冲突', itemCode: 'SJ-002', at: new Date('2026-11-23T02:00:00Z') });
    const [a, b] = teamOf(d2.drawId, d2.entities[0]!);
    const mine = await inspectorAccount('insp.conflict.a', a!.cert);
    const { username: otherName, client: other } = await inspectorAccount('insp.conflict.b', b!.cert);
    const { ctx, p } = await phone(mine.username);
    const url = `/me/assignments/${d2.drawId}/${d2.entities[0]}`;
    await ctx.setOffline(true);
    await p.goto(s.url + url);
    const form = p.locator('form[data-offline="result"]');
    for (const k of [0, 1, 2]) await form.locator(`input[name=cp_${k}][value="符合"]`).check();
    await form.locator('select[name=category]').selectOption('未发现问题');
    await form.locator('input[name=inspectedOn]').fill('2026-11-23');
    await form.locator('textarea[name=findings]').fill('离线填写的草稿');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => p.locator('#offline-drafts li').count()).toBe(1);
    // Meanwhile the teammate records the result online.
    const res = await other.post(`${url}/items/${d2.itemId}`, {
      _csrf: await other.csrf(url), seen: '0', category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '同组执法人员在线提交', followUp: '无',
      cp_0: '符合', cpnote_0: '', cp_1: '符合', cpnote_1: '', cp_2: '不涉及', cpnote_2: '',
    });
    expect(res.status).toBe(303);
    await ctx.setOffline(false);
    await expect.poll(() => p.textContent('#offline-drafts'), { timeout: 15000 }).toContain('冲突，未提交');
    expect(await p.textContent('#offline-drafts .conflict')).toContain(`已由${otherName}于`);
    const stored = s.db.prepare<[number], { findings: string; version: number }>('SELECT findings, version FROM results WHERE draw_id = ?').get(d2.drawId)!;
    expect(stored).toEqual({ findings: '同组执法人员在线提交', version: 1 });
    await p.screenshot({ path: path.join(shots, 'inspector-offline-conflict-phone.png'), fullPage: true });
    // The draft stays on the phone until the inspector decides. While the teammate's result waits for
    // review it cannot be loaded; once staff return that result, it loads into the form and goes in.
    await p.reload();
    await expect.poll(() => p.locator('#offline-drafts li').count()).toBe(1);
    expect(await p.textContent('#offline-drafts')).toContain('草稿暂时无法载入');
    const rid = s.db.prepare<[number], number>('SELECT id FROM results WHERE draw_id = ?').pluck().get(d2.drawId)!;
    await admin.post(`/admin/results/${rid}/return`, { _csrf: await admin.csrf('/admin/results'), note: '请两位执法人员核对后由一人提交' });
    await p.reload();
    await p.locator('#offline-drafts button:has-text("载入表单")').click();
    expect(await form.locator('textarea[name=findings]').inputValue()).toBe('离线填写的草稿');
    await expect.poll(() => p.locator('#offline-drafts').count()).toBe(0);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => p.textContent('.status')).toBe('待审核');
    expect(s.db.prepare<[number], { findings: string; version: number }>('SELECT findings, version FROM results WHERE draw_id = ?').get(d2.drawId)).toEqual({ findings: '离线填写的草稿', version: 2 });
    // Signing out takes the kept pages (with the entities' contacts) off the phone.
    expect(await p.evaluate(async (u) => !!(await caches.match(u)), s.url + url)).toBe(true);
    p.on('dialog', (dialog) => void dialog.accept());
    await p.click('form.logout button');
    await p.waitForURL('**/login', { timeout: 8000 });
    expect(await p.evaluate(async (u) => !!(await caches.match(u)), s.url + url)).toBe(false);
    await ctx.close();
  });
});

describe('every upload path', () => {
  const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 7)]);
  const flash = (html: string) => /class="flash error"[^>]*>([^<]*)/.exec(html)?.[1] ?? /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';

  it('refuses a wrong type, a file too big and a broken photo, with a message, keeping nothing', async () => {
    // Evidence (an inspector's upload): checked by its bytes and its kind's size; a photo must decode.
    const d3 = drawnTask(s.db, { number: '全过程-上传', itemCode: 'SJ-001', at: new Date('2026-11-23T02:00:00Z') });
    const insp = (await inspectorAccount('insp.upload', teamOf(d3.drawId, d3.entities[0]!)[0]!.cert)).client;
    const page = `/me/assignments/${d3.drawId}/${d3.entities[0]}`;
    const attach = async (name: string, data: Buffer) => {
      await insp.upload(`${page}/items/${d3.itemId}/attachments`, { _csrf: await insp.csrf(page) }, { name, data });
      return flash(await (await insp.get(page)).text());
    };
    const count = () => s.db.prepare('SELECT count(*) FROM attachments').pluck().get();
    const before = count();
    expect(await attach('照片.jpg', Buffer.from('不是照片'))).toContain('不是支持的文件');
    expect(await attach('大照片.jpg', Buffer.concat([await jpeg('#333'), Buffer.alloc(16 << 20)]))).toContain('不能超过 15 MB');
    expect(await attach('坏照片.jpg', broken)).toContain('已损坏或无法读取');
    expect(count()).toBe(before);

    // A directory import: a photo named .xlsx, and a file over the limit (1 MB on this server).
    const rows = () => s.db.prepare('SELECT (SELECT count(*) FROM entities) + (SELECT count(*) FROM items) + (SELECT count(*) FROM inspectors)').pluck().get();
    const dirRows = rows();
    const wrong = await admin.upload('/admin/entities/import', { _csrf: await admin.csrf('/admin/entities/import') }, { name: '名录.xlsx', data: await jpeg('#999') });
    expect(wrong.status).toBe(303);
    expect(flash(await (await admin.get(wrong.headers.get('location')!)).text())).toContain('这不是表格文件（看起来是照片，image/jpeg）');
    const big = await admin.upload('/admin/entities/import', { _csrf: await admin.csrf('/admin/entities/import') }, { name: '名录.csv', data: Buffer.alloc((1 << 20) + 10, 0x41) });
    expect(big.status).toBe(413);
    expect(flash(await big.text())).toContain('上传的文件过大');
    expect(rows()).toBe(dirRows);

    // A special list's import.
    const list = s.db.prepare<[], number>('SELECT id FROM special_lists ORDER BY id LIMIT 1').pluck().get()!;
    const members = () => s.db.prepare('SELECT count(*) FROM special_list_members').pluck().get();
    const kept = members();
    const wrongList = await admin.upload(`/admin/lists/${list}/import`, { _csrf: await admin.csrf(`/admin/lists/${list}`) }, { name: '名单.xlsx', data: await jpeg('#999') });
    expect(wrongList.status).toBe(400);
    expect(await wrongList.text()).toContain('这不是表格文件（看起来是照片，image/jpeg）');
    const bigList = await admin.upload(`/admin/lists/${list}/import`, { _csrf: await admin.csrf(`/admin/lists/${list}`) }, { name: '名单.csv', data: Buffer.alloc((1 << 20) + 10, 0x41) });
    expect(bigList.status).toBe(413);
    expect(members()).toBe(kept);
    // No uploaded file left behind.
    expect(fs.readdirSync(s.config.uploadsDir).filter((f) => f.startsWith('list-'))).toEqual([]);
  });
});
