// An ssj-draw/2 draw as staff do it in a real browser: the task page's commitment form (a public
// meeting as the beacon), the meeting's entries, the draw; and the projector a meeting watches, on a
// wide screen and on a phone, with nothing scrolling sideways.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { createTask } from '../../src/services/draws';
import { verifyOutcomeRecord, type DrawRecord } from '../../src/domain/draw-v2';
import { drawBundleText } from '../../src/store/tasks';
import { adminPage, launch } from './browser';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
let s: TestServer;
let browser: Browser;
let taskId = 0;

beforeAll(async () => {
  s = await startServer();
  const item = s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").pluck().get() as number;
  const t = createTask(s.db, {
    departmentId: 2, number: '浏览器摇号-1', title: '公开摇号会', filters: { region: '江滨区' }, strataMode: 'all', strataRules: { '*': { ratioBp: 1500 } },
    recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: s.clock.now().toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  taskId = t.value;
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('a public 摇号 meeting in the browser', { shuffle: false }, () => {
  it('commits with the form: a meeting as the beacon, at least a day ahead', async () => {
    const p = await adminPage(browser, s.url, ADMIN_PASSWORD, 1280, 900);
    await p.goto(`${s.url}/admin/tasks/${taskId}`);
    await p.check('input[name="beacon"][value="witness"]');
    await p.fill('input[name="place"]', '临江市市场监管局一楼大厅');
    // 2026-11-24 10:00 Beijing: 24 hours after the clock's 2026-11-23 10:00.
    await p.fill('input[name="beaconAt"]', '2026-11-24T10:00');
    await p.click('button.primary:has-text("冻结范围并公布承诺")');
    await expect.poll(() => p.textContent('#commitment-state')).toBe('承诺中');
    expect(await p.textContent('#beacon')).toContain('临江市市场监管局一楼大厅');
    await p.screenshot({ path: path.join(shots, 'staff-commit-v2.png'), fullPage: true });
    await p.close();
  });

  it('shows the meeting on the projector, then the entries, the draw and the list as they come', async () => {
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${s.url}/public/tasks/${taskId}/projector`);
    expect(await wall.textContent('#projector-state')).toBe('承诺中');
    expect(await wall.locator('meta[http-equiv="refresh"]').count()).toBe(1);
    s.clock.set('2026-11-24T02:05:00Z');
    const p = await adminPage(browser, s.url, ADMIN_PASSWORD, 1280, 900);
    await p.goto(`${s.url}/admin/tasks/${taskId}`);
    expect(await p.textContent('#commitment-state')).toBe('等待随机信标');
    await p.fill('input[aria-label="见证人1"]', '公证员张敏');
    await p.fill('input[aria-label="见证人1输入值"]', '5821');
    await p.fill('input[aria-label="见证人2"]', '企业代表王伟');
    await p.fill('input[aria-label="见证人2输入值"]', '0417');
    await p.click('button.primary:has-text("录入")');
    await expect.poll(() => p.textContent('#commitment-state')).toBe('可以抽取');
    await p.click('button.primary:has-text("开始抽取")');
    await expect.poll(() => p.textContent('#task-status')).toBe('已抽取');
    expect(await p.textContent('.beacon-value')).toBe('公证员张敏：5821；企业代表王伟：0417');
    await p.close();
    const drawId = s.db.prepare('SELECT id FROM draws WHERE task_id = ?').pluck().get(taskId) as number;
    expect(verifyOutcomeRecord(JSON.parse(drawBundleText(s.db, drawId)!) as DrawRecord)).toEqual({ ok: true });
    await wall.reload();
    await expect.poll(() => wall.locator('#projector-list li').count()).toBeGreaterThan(0);
    expect(await wall.textContent('#projector-beacon')).toBe('公证员张敏：5821；企业代表王伟：0417');
    expect(await wall.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await wall.screenshot({ path: path.join(shots, 'public-projector.png') });
    await wall.close();
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const url of [`/public/tasks/${taskId}/projector`, '/public/register/scjgj', `/public/tasks/${taskId}`]) {
      await phone.goto(s.url + url);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(390);
    }
    await phone.close();
  });
});
