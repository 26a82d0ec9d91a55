// The static verifier page, opened from disk in a real browser, with no server.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildVerifier } from '../../scripts/build-verifier';
import { tempDir } from '../helpers/server';
import { launch } from './browser';

const root = path.join(__dirname, '..', '..');
const shots = path.join(root, 'test-results', 'screenshots');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildVerifier();
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function open(width: number): Promise<Page> {
  page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(pathToFileURL(path.join(root, 'public', 'verifier', 'index.html')).href);
  return page;
}

describe('verifier page from disk', () => {
  it('verifies a golden bundle and answers an entity’s question', async () => {
    const p = await open(1100);
    await p.setInputFiles('#bundle-file', path.join(root, 'test', 'golden', 'joint-witnessed.json'));
    await expect.poll(() => p.textContent('#result')).toContain('验证通过');
    expect(await p.textContent('#details')).toContain('见证人王伟（市科技局）：4817');
    const b = JSON.parse(fs.readFileSync(path.join(root, 'test', 'golden', 'joint-witnessed.json'), 'utf8'));
    await p.fill('#uscc', b.result.selected[0].entity);
    await p.click('#entity-form button');
    expect(await p.textContent('#entity-result')).toContain('已被抽中');
    const out = b.inputs.entities.find((e: { id: string }) => !b.result.selected.some((s: { entity: string }) => s.entity === e.id));
    await p.fill('#uscc', out.id);
    await p.keyboard.press('Enter');
    await expect.poll(() => p.textContent('#entity-result')).toContain('确属依规未抽中');
    await p.screenshot({ path: path.join(shots, 'verifier-desktop.png'), fullPage: true });
    await p.close();
  });

  it('shows where a tampered bundle differs, on a phone-sized screen', async () => {
    const dir = tempDir();
    const b = JSON.parse(fs.readFileSync(path.join(root, 'test', 'golden', 'market-monthly.json'), 'utf8'));
    b.result.selected[2].inspectors = [...b.result.selected[2].inspectors].reverse();
    const f = path.join(dir, 'tampered.json');
    fs.writeFileSync(f, JSON.stringify(b));
    const p = await open(390);
    await p.setInputFiles('#bundle-file', f);
    await expect.poll(() => p.textContent('#result')).toContain('验证不通过：result.selected[2].inspectors[0]');
    await p.screenshot({ path: path.join(shots, 'verifier-phone-tampered.png'), fullPage: true });
    await p.close();
    fs.rmSync(dir, { recursive: true });
  });
});
