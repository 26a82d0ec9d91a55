// The people's path through the real server in Chromium: an inspector records a result on a phone,
// an admin approves it on a desktop. Screenshots go to test-results/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { createAccount } from '../../src/services/accounts';
import { findUserByName } from '../../src/store/users';
import { launch } from './browser';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
let s: TestServer;
let browser: Browser;
let oneTime = '';
let entityName = '';

beforeAll(async () => {
  s = await startServer();
  const now = new Date('2026-11-23T02:00:00Z');
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const t = createTask(s.db, {
    departmentId: 2, number: '临江市市场监管局抽查〔2026〕9号', title: '企业公示信息抽查', filters: { region: '仓前区' }, strataMode: 'class',
    strataRules: DEFAULT_CLASS_RULES, recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false,
    avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', now);
  const d = drawTask(s.db, t.value, [], 'admin', now);
  if (!d.ok) throw new Error(d.message);
  const first = d.value.bundle.result.selected[0]!;
  entityName = (s.db.prepare('SELECT name FROM entities WHERE uscc = ?').get(first.entity) as { name: string }).name;
  const acc = await createAccount(s.db, { username: 'wangwei', displayName: '王伟', role: 'inspector', departmentId: 2, certNo: first.inspectors[0] }, findUserByName(s.db, 'admin')!, 12, now.toISOString());
  if (!acc.ok) throw new Error(acc.message);
  oneTime = acc.value.password;
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function login(p: Page, user: string, password: string): Promise<void> {
  await p.goto(s.url + '/login');
  await p.fill('#username', user);
  await p.fill('#password', password);
  await p.click('main button:has-text("登录")');
}

// One story, in order: the result an inspector records is returned, sent again, approved, then published.
describe('the portal from account to public result', { shuffle: false }, () => {
  describe('inspector and admin in a browser', () => {
    it('an inspector changes the one-time password, opens the assignment and records a result on a phone', async () => {
      const p = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await login(p, 'wangwei', oneTime);
      await p.waitForURL('**/account/password');
      await p.fill('#current', oneTime);
      await p.fill('#next', 'wangwei-new-secret');
      await p.fill('#repeat', 'wangwei-new-secret');
      await p.click('main button:has-text("保存")');
      await p.waitForURL('**/me');
      await p.screenshot({ path: path.join(shots, 'inspector-assignments-phone.png'), fullPage: true });
      await p.click(`text=${entityName}`);
      await p.selectOption('select[name=category]', '发现问题经责令已改正');
      await p.fill('input[name=inspectedOn]', '2026-11-23');
      await p.fill('textarea[name=findings]', '年报中联系电话有误，现场责令更正，已改正。');
      await p.screenshot({ path: path.join(shots, 'inspector-result-form-phone.png'), fullPage: true });
      await p.click('text=提交审核');
      await expect.poll(() => p.textContent('.status')).toBe('待审核');
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      // The same pages at desktop width.
      await p.setViewportSize({ width: 1280, height: 900 });
      await p.screenshot({ path: path.join(shots, 'inspector-assignment-desktop.png'), fullPage: true });
      await p.goto(s.url + '/me');
      await p.screenshot({ path: path.join(shots, 'inspector-assignments-desktop.png'), fullPage: true });
      await p.close();
    });

    it('an admin returns it with a note, and the inspector finds what was submitted with the note, and sends it again', async () => {
      const staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await login(staff, 'admin', ADMIN_PASSWORD);
      await staff.goto(s.url + '/admin/results');
      await staff.fill('input[name=note]', '请写明更正后的联系电话');
      await staff.click('button:has-text("退回")');
      await expect.poll(() => staff.textContent('.flash')).toContain('已退回检查人员');
      await staff.close();
      const p = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await login(p, 'wangwei', 'wangwei-new-secret');
      await p.waitForURL('**/me');
      await p.click(`text=${entityName}`);
      expect(await p.textContent('main')).toContain('请写明更正后的联系电话');
      expect(await p.textContent('.status')).toBe('审核退回');
      expect(await p.inputValue('select[name=category]')).toBe('发现问题经责令已改正');
      expect(await p.inputValue('input[name=inspectedOn]')).toBe('2026-11-23');
      expect(await p.inputValue('textarea[name=findings]')).toBe('年报中联系电话有误，现场责令更正，已改正。');
      await p.screenshot({ path: path.join(shots, 'inspector-returned-phone.png'), fullPage: true });
      await p.fill('textarea[name=findings]', '年报中联系电话有误，现场责令更正为0591-12345678，已改正。');
      await p.click('text=提交审核');
      await expect.poll(() => p.textContent('.status')).toBe('待审核');
      await p.close();
    });

    it('an admin approves it on a desktop', async () => {
      const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await login(p, 'admin', ADMIN_PASSWORD);
      await p.goto(s.url + '/admin/results');
      expect(await p.textContent('main')).toContain('年报中联系电话有误');
      await p.screenshot({ path: path.join(shots, 'admin-review-desktop.png'), fullPage: true });
      await p.setViewportSize({ width: 390, height: 844 });
      await p.screenshot({ path: path.join(shots, 'admin-review-phone.png'), fullPage: true });
      await p.setViewportSize({ width: 1280, height: 900 });
      // The result's own button (the page also has 批量审核通过 for ticked results).
      await p.getByRole('button', { name: '审核通过', exact: true }).click();
      await expect.poll(() => p.textContent('.flash')).toContain('已审核通过');
      expect(s.db.prepare('SELECT status FROM results').get()).toEqual({ status: '已通过' });
      await p.close();
    });
  });

  describe('public pages in a browser', () => {
    it('are readable on a phone and a desktop, reachable by keyboard, and screenshotted', async () => {
      const id = (s.db.prepare('SELECT id FROM results').get() as { id: number }).id;
      s.db.prepare("UPDATE results SET status = '已公示' WHERE id = ?").run(id);
      const taskId = (s.db.prepare('SELECT id FROM tasks ORDER BY id LIMIT 1').get() as { id: number }).id;
      for (const [label, width, height] of [['phone', 390, 844], ['desktop', 1280, 900]] as const) {
        const p = await browser.newPage({ viewport: { width, height } });
        for (const [name, url] of [['public-index', '/public'], ['public-task', `/public/tasks/${taskId}`], ['public-results', '/public/results'], ['public-items', '/public/items']] as const) {
          await p.goto(s.url + url);
          // Wide tables scroll inside their own box (.table-wrap); the page itself never scrolls sideways.
          expect(await p.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(width);
          await p.screenshot({ path: path.join(shots, `${name}-${label}.png`), fullPage: true });
        }
        await p.goto(s.url + '/public');
        await p.keyboard.press('Tab');
        expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
        await p.close();
      }
      const html = await (await fetch(s.url + '/public/results')).text();
      expect(html).toContain('发现问题经责令已改正');
    });
  });
});
