// Staff pages on a phone (390 px, what inspectors and their chiefs carry): no page scrolls sideways
// (wide tables scroll inside their own box), and no chart text is cut off, on a phone or a desktop.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { adminPage, launch } from './browser';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
let s: TestServer;
let browser: Browser;
let taskId = 0;

beforeAll(async () => {
  s = await startServer();
  const now = new Date('2026-11-23T02:00:00Z');
  for (const [dept, code] of [[2, 'SJ-001'], [1, 'KJ-001']] as const) {
    const item = (s.db.prepare('SELECT id FROM items WHERE code = ?').get(code) as { id: number }).id;
    const t = createTask(s.db, {
      departmentId: dept, number: `手机测试-${dept}`, title: '手机页面测试', filters: {}, strataMode: 'region-class', strataRules: DEFAULT_CLASS_RULES,
      recentMonths: 0, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
    });
    if (!t.ok) throw new Error(t.message);
    commitTask(s.db, t.value, 'admin', now);
    const d = drawTask(s.db, t.value, [{ name: '见证人', value: '7' }], 'admin', now);
    if (!d.ok) throw new Error(d.message);
    taskId ||= t.value;
  }
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const signedIn = (width: number): Promise<Page> => adminPage(browser, s.url, ADMIN_PASSWORD, width, 844);

describe('staff pages on a phone', () => {
  it('none scrolls sideways at 390 px', async () => {
    const p = await signedIn(390);
    const pages = ['/admin', '/admin/tasks', `/admin/tasks/${taskId}`, '/admin/tasks/new', '/admin/entities', '/admin/inspectors', '/admin/items', '/admin/results',
      '/admin/results/deadlines', '/admin/statistics', '/admin/audit', '/admin/users', '/admin/plans', '/admin/entities/import'];
    const wide: string[] = [];
    for (const url of pages) {
      await p.goto(s.url + url);
      const w = await p.evaluate(() => document.documentElement.scrollWidth);
      if (w > 390) wide.push(`${url}: ${w}px`);
      await p.screenshot({ path: path.join(shots, `staff${url.replace(/\//g, '-')}-phone.png`), fullPage: true });
    }
    expect(wide).toEqual([]);
    await p.close();
  });

  for (const width of [390, 1280]) {
    it(`shows every chart text whole at ${width} px`, async () => {
      const p = await signedIn(width);
      for (const url of ['/admin/statistics', '/public/statistics']) {
        await p.goto(s.url + url);
        const cut = await p.$$eval('svg.chart', (svgs) => svgs.flatMap((svg) => {
          const vb = (svg as SVGSVGElement).viewBox.baseVal;
          return [...svg.querySelectorAll('text')].map((t) => ({ b: (t as SVGTextElement).getBBox(), text: t.textContent ?? '', vb: { w: vb.width, h: vb.height } }))
            .filter(({ b, vb: v }) => b.x < -0.5 || b.x + b.width > v.w + 0.5)
            .map(({ text, b }) => `${text} (${Math.round(b.x)}..${Math.round(b.x + b.width)})`);
        }));
        expect(cut, url).toEqual([]);
        expect(await p.$$eval('svg.chart', (x) => x.length), url).toBeGreaterThan(2);
      }
      await p.close();
    });
  }
});
