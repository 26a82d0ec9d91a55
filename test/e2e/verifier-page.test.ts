// The static verifier page, opened from disk in a real browser, with no server.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildVerifier } from '../../scripts/build-verifier';
import { tempDir } from '../helpers/server';
import { launch } from './browser';
import { checkBundleText } from '../../src/verifier/core';
import { canonicalize } from '../../src/domain/jcs';
import { recordHash } from '../../src/domain/draw-v2';

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
    // Another bundle loaded: the answer about the first one does not stay on the page.
    await p.setInputFiles('#bundle-file', path.join(root, 'test', 'golden', 'market-monthly.json'));
    await expect.poll(() => p.textContent('#details')).toContain('名录户数');
    expect(await p.textContent('#entity-result')).toBe('');
    expect(await p.textContent('#details')).not.toContain('见证人王伟');
    await p.screenshot({ path: path.join(shots, 'verifier-desktop.png'), fullPage: true });
    await p.close();
  });

  it('says in Chinese what is wrong with a tampered seed, inputs or commitment', () => {
    const load = () => JSON.parse(fs.readFileSync(path.join(root, 'test', 'golden', 'market-monthly.json'), 'utf8'));
    const cases: [string, (b: any) => void, string][] = [
      ['commitment', (b) => (b.seed.commitment = '0'.repeat(64)), '承诺值对不上'],
      ['seed', (b) => (b.seed.value = '1'.repeat(64)), '种子对不上'],
      ['inputs hash', (b) => (b.inputsHash = '2'.repeat(64)), '输入数据'],
      ['protocol', (b) => (b.protocol = 'x'), '协议版本'],
      ['threshold', (b) => (b.result.strata[0].threshold = 'ff'), '分层结果第1层的门槛号码对不上'],
    ];
    for (const [what, tamper, words] of cases) {
      const b = load();
      tamper(b);
      const r = checkBundleText(JSON.stringify(b));
      expect(r.ok, what).toBe(false);
      const message = r.ok ? '' : r.message;
      expect(message, what).toContain(words);
      expect(message, what).not.toMatch(/the bundle|recomputed|SHA-256 is not|[a-z]{5,} [a-z]{3,}/);
    }
  });

  it('checks a large ssj-draw/2 record in pieces, from its bytes, as npm run verify does', async () => {
    const dir = tempDir();
    const register = JSON.parse(fs.readFileSync(path.join(root, 'test', 'golden', 'v2', 'register.json'), 'utf8'));
    const write = (name: string, text: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    const p = await open(1100);
    // The size from which records are checked in pieces (64 MB) lowered on this page: every file is "large".
    await p.evaluate(() => (document.body.dataset.inPiecesFrom = '1'));
    await p.setInputFiles('#bundle-file', write('draw.json', canonicalize(register[1])));
    await expect.poll(() => p.textContent('#result')).toContain('验证通过');
    const details = (await p.textContent('#details'))!;
    expect(details).toContain('逐段核对');
    expect(details).toContain('drand quicknet 第 1000 轮');
    expect(details).toContain(`记录哈希：${recordHash(register[1])}`);
    expect(await p.isHidden('#entity-form')).toBe(true);
    const changed = structuredClone(register[1]);
    changed.result.selected[0].inspectors.reverse();
    await p.setInputFiles('#bundle-file', write('changed.json', canonicalize(changed)));
    await expect.poll(() => p.textContent('#result')).toBe('验证不通过：抽中名单第1条与重新计算的不一致');
    await p.setInputFiles('#bundle-file', write('spaced.json', JSON.stringify(register[1], null, 1)));
    await expect.poll(() => p.textContent('#result')).toContain('这个文件不是这种格式；请用命令行 npm run verify 核对');
    await p.close();
    fs.rmSync(dir, { recursive: true });
  });

  it('sends a record too large for a page to the command line, which reads it in pieces', async () => {
    const p = await open(1280);
    // The page's limit (256 MB) lowered on this page, so that a small file stands for a large one.
    await p.evaluate(() => (document.body.dataset.maxBytes = '1000'));
    await p.setInputFiles('#bundle-file', path.join(root, 'test', 'golden', 'market-monthly.json'));
    await expect.poll(() => p.textContent('#result')).toMatch(/^文件有 \d+ MB，超过本页面能在浏览器中核对的大小（1 MB）。请在电脑上用命令行逐段核对：npm run verify -- market-monthly\.json/);
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
    await expect.poll(() => p.textContent('#result')).toContain('验证不通过：抽中名单第3条的检查人员第1位对不上');
    // The whole page speaks Chinese: no English words in what it says of the bundle.
    expect(await p.textContent('#result')).not.toMatch(/the bundle|recomputed|[a-z]{4,} [a-z]{4,}/);
    await p.screenshot({ path: path.join(shots, 'verifier-phone-tampered.png'), fullPage: true });
    await p.close();
    fs.rmSync(dir, { recursive: true });
  });

  it('verifies ssj-draw/2 records: a drand draw with its beacon and the link it cannot check alone, a failure, and refuses a forged round', async () => {
    const dir = tempDir();
    const register = JSON.parse(fs.readFileSync(path.join(root, 'test', 'golden', 'v2', 'register.json'), 'utf8'));
    const write = (name: string, v: unknown) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, JSON.stringify(v));
      return f;
    };
    const p = await open(1100);
    await p.setInputFiles('#bundle-file', write('draw.json', register[1]));
    await expect.poll(() => p.textContent('#result')).toContain('验证通过');
    const details = (await p.textContent('#details'))!;
    expect(details).toContain('drand quicknet 第 1000 轮');
    expect(details).toContain('fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd');
    expect(details).toContain('承诺时间：2023-08-22 10:00');
    expect(details).toMatch(/本记录哈希：[0-9a-f]{64}/);
    expect(details).toContain('单独一个文件无法核对这条链接');
    await p.fill('#uscc', register[1].result.selected[0].entity);
    await p.click('#entity-form button');
    expect(await p.textContent('#entity-result')).toContain('已被抽中');
    await p.setInputFiles('#bundle-file', write('failure.json', register[7]));
    await expect.poll(() => p.textContent('#details')).toContain('无法配齐检查组');
    expect(await p.textContent('#result')).toContain('验证通过');
    expect(await p.isHidden('#entity-form')).toBe(true);
    const forged = JSON.parse(JSON.stringify(register[1]));
    forged.reveal.beacon.signature = register[9].reveal.beacon.signature;
    await p.setInputFiles('#bundle-file', write('forged.json', forged));
    await expect.poll(() => p.textContent('#result')).toContain('签名或数值核验不通过');
    expect(await p.textContent('#result')).not.toMatch(/[a-z]{5,} [a-z]{3,}/);
    await p.close();
    fs.rmSync(dir, { recursive: true });
  });
});
