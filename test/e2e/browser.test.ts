// On a machine without a system Chromium the browser tests still run, on the Chromium that ships
// inside an npm package: `npm ci && npm test` is all a fresh machine needs.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserBinary, launch } from './browser';

describe('the browser of the browser tests', () => {
  it('is the packaged Chromium where the system has none, and it renders Chinese pages', async () => {
    const b = await browserBinary('/nonexistent/chromium');
    expect(b.packaged).toBe(true);
    expect(fs.existsSync(b.executablePath)).toBe(true);
    const browser = await launch('/nonexistent/chromium');
    try {
      const p = await browser.newPage();
      await p.setContent('<main><h1>双随机、一公开</h1></main>');
      expect(await p.textContent('h1')).toBe('双随机、一公开');
      await p.close();
      const second = await browser.newPage();
      expect(await second.evaluate(() => 1 + 1)).toBe(2);
    } finally {
      await browser.close();
    }
  });
});
