// The pages of the user guide (docs/用户手册.md), opened in a real browser as staff, an inspector
// and a citizen would, each checked for what the guide says is on it, and screenshotted into
// test-results/screenshots/guide/ (`npm run guide:images` copies them into docs/images/).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server';
import { createTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { commitDrawV2, revealDraw, setBeacon } from '../../src/services/draws-v2';
import { encodeCsv, ENTITY_HEADER } from '../import/fixtures';
import { buildVerifier } from '../../scripts/build-verifier';
import { adminPage, launch } from './browser';

const root = path.join(__dirname, '..', '..');
const shots = path.join(root, 'test-results', 'screenshots', 'guide');
let s: TestServer;
let browser: Browser;
let taskId = 0;
let drawnUscc = '';
let previewUrl = '';

beforeAll(async () => {
  s = await startServer();
  const now = new Date('2026-11-23T02:00:00Z');
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const t = createTask(s.db, {
    departmentId: 2, number: '临江市市场监管局抽查〔2026〕12号', title: '企业年度报告公示信息抽查', filters: { region: '江滨区' }, strataMode: 'region',
    strataRules: { ...DEFAULT_CLASS_RULES, '*': { ratioBp: 500 } }, recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null,
    homeRegionAvoidance: false, avoidLastInspector: true, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  taskId = t.value;
  // Committed two days before the clock, to a public meeting the day after; drawn there.
  const day = 24 * 3600_000;
  const c0 = commitDrawV2(s.db, taskId, { kind: 'witness', at: new Date(now.getTime() - day), place: '临江市市场监管局一楼大厅' }, { actor: 'admin', now: new Date(now.getTime() - 2 * day) });
  if (!c0.ok) throw new Error(c0.message);
  const meeting = new Date(now.getTime() - day + 10 * 60_000);
  const b = setBeacon(s.db, taskId, { witnesses: [{ name: '见证人王伟（市科技局）', value: '4817' }, { name: '企业代表李娜', value: '0923' }] }, 'admin', meeting);
  if (!b.ok) throw new Error(b.message);
  const d = revealDraw(s.db, taskId, [], 'admin', meeting);
  if (!d.ok || d.value.kind !== 'draw') throw new Error(d.ok ? 'failure' : d.message);
  drawnUscc = d.value.record.result.selected[0]!.entity;
  const c = new Client(s.url);
  await c.login();
  const rows = [['临江市检查对象名录（2026年11月）'], ENTITY_HEADER, ['91350100M000100Y43', '临江某某科技有限公司', '有限责任公司', '科技推广', '江滨区', '临江市江滨区工业路1号', '2018-06-01', '存续', 'B', '王五', '13800000000'], ['91350100M00010', '临江某某贸易有限公司', '', '', '', '', '', '存续', '', '', '']];
  const up = await c.upload('/admin/entities/import', { _csrf: await c.csrf('/admin/entities/import') }, { name: '名录.csv', data: encodeCsv(rows, 'utf8') });
  previewUrl = up.headers.get('location')!;
  await buildVerifier();
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the pages of the user guide', () => {
  it('staff: the registers, an import preview, a new task, a draw, the review, the calendar', async () => {
    const p = await adminPage(browser, s.url, ADMIN_PASSWORD, 1280);
    const pages: [string, string, string][] = [
      ['staff-home', '/admin', '工作台'],
      ['staff-entities', '/admin/entities', '检查对象名录库'],
      ['staff-import-preview', previewUrl, '表头：第2行'],
      ['staff-task-new', '/admin/tasks/new', '新建抽查任务'],
      ['staff-task-drawn', `/admin/tasks/${taskId}`, '见证人王伟（市科技局）：4817'],
      ['staff-results', '/admin/results', '检查结果审核'],
      ['staff-calendar', '/admin/calendar?year=2027', '2027 年的节假日安排尚未录入'],
    ];
    for (const [name, url, text] of pages) {
      await p.goto(s.url + url);
      expect(await p.textContent('main'), name).toContain(text);
      await p.screenshot({ path: path.join(shots, `${name}.png`), fullPage: name !== 'staff-task-drawn' && name !== 'staff-entities' });
    }
    await p.close();
  });

  it('the public: a task notice, 查询本企业摇号号码, and the verifier page from disk', async () => {
    const p = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await p.goto(`${s.url}/public/tasks/${taskId}`);
    expect(await p.textContent('main')).toContain('临江市市场监管局抽查〔2026〕12号');
    await p.screenshot({ path: path.join(shots, 'public-task.png') });
    await p.goto(`${s.url}/public/check?uscc=${drawnUscc}`);
    expect(await p.textContent('main')).toContain('已被抽中');
    await p.screenshot({ path: path.join(shots, 'public-check.png'), fullPage: true });
    await p.goto(`${s.url}/public/register/scjgj`);
    expect(await p.textContent('main')).toContain('抽取登记簿');
    expect(await p.textContent('main')).toContain('临江市市场监管局一楼大厅');
    await p.screenshot({ path: path.join(shots, 'public-register.png'), fullPage: true });
    await p.goto(pathToFileURL(path.join(root, 'public', 'verifier', 'index.html')).href);
    await p.setInputFiles('#bundle-file', path.join(root, 'test', 'golden', 'joint-witnessed.json'));
    await expect.poll(() => p.textContent('#result')).toContain('验证通过');
    await p.screenshot({ path: path.join(shots, 'public-verifier.png'), fullPage: true });
    await p.close();
  });
});
