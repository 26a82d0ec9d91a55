// Every form page in a real browser: checkboxes and radio buttons keep a checkbox's size (a rule that
// stretched every input of a form made them wide boxes of different sizes), on a desktop and a phone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server';
import { encodeCsv, ENTITY_HEADER } from '../import/fixtures';
import { adminPage, launch } from './browser';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
let s: TestServer;
let browser: Browser;
let previewUrl = '';

beforeAll(async () => {
  s = await startServer();
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
  // An import preview with an invalid row offers the "skip invalid rows" checkbox.
  const c = new Client(s.url);
  await c.login();
  const res = await c.upload('/admin/entities/import', { _csrf: await c.csrf('/admin/entities/import') }, { name: 'x.csv', data: encodeCsv([ENTITY_HEADER, ['91350100M000100Y43', '某公司', '', '', '', '', '', '存续', '', '', ''], ['BAD', '某公司', '', '', '', '', '', '存续', '', '', '']], 'utf8') });
  previewUrl = res.headers.get('location')!;
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const signedIn = (width: number): Promise<Page> => adminPage(browser, s.url, ADMIN_PASSWORD, width, 900);

describe('checkboxes and radio buttons on every form page', () => {
  for (const width of [1280, 390]) {
    it(`are small and all the same size at ${width} px`, async () => {
      const p = await signedIn(width);
      const pages = ['/admin/tasks/new', '/admin/items/new', '/admin/inspectors/new', '/admin/entities/new', previewUrl];
      let seen = 0;
      for (const url of pages) {
        await p.goto(s.url + url);
        const boxes = await p.$$eval('input[type=checkbox], input[type=radio]', (els) => els.map((e) => {
          const r = e.getBoundingClientRect();
          return { w: Math.round(r.width), h: Math.round(r.height), type: (e as HTMLInputElement).type };
        }));
        for (const b of boxes) {
          expect(b.w, `${url} ${b.type}`).toBeGreaterThanOrEqual(12);
          expect(b.w, `${url} ${b.type}`).toBeLessThanOrEqual(24);
          expect(b.h, `${url} ${b.type}`).toBeGreaterThanOrEqual(12);
          expect(b.h, `${url} ${b.type}`).toBeLessThanOrEqual(24);
          expect(b.w, `${url} ${b.type}`).toBe(boxes[0]!.w);
          expect(b.h, `${url} ${b.type}`).toBe(boxes[0]!.h);
        }
        seen += boxes.length;
        if (url === '/admin/tasks/new') await p.screenshot({ path: path.join(shots, `task-form-${width}.png`), fullPage: true });
      }
      // The task form alone has items, strata modes, joint departments and two rules.
      expect(seen).toBeGreaterThan(10);
      await p.close();
    });
  }
});
