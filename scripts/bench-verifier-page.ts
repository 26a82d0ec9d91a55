// Benchmark of the verifier page on a large ssj-draw/2 record (part of `npm run bench`, after
// bench-v2.ts, which leaves the 1,000,000-row directory's record in data/bench/v2-record.json): the
// record chosen in Chromium and checked in the page (whole, as it does below 64 MB, and in pieces), against `npm run verify` of the same
// file in the same run (the baseline).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { projectRoot } from '../src/root';
import { BENCH_DIR } from './bench-setup';

async function main(): Promise<void> {
  const file = path.join(BENCH_DIR, 'v2-record.json');
  if (!fs.existsSync(file)) {
    console.log('verifier page: no record to check (run bench-v2 first)');
    return;
  }
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) {
    console.log('verifier page: no Chromium here (apt install chromium)');
    return;
  }
  const size = fs.statSync(file).size;
  let t = process.hrtime.bigint();
  const cli = spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'verify.js'), file], { encoding: 'utf8' });
  const baseline = Number(process.hrtime.bigint() - t) / 1e9;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    console.log(`\nverifier page, a ${(size / 1048576).toFixed(0)} MiB ssj-draw/2 record in Chromium`);
    console.log(`  baseline: npm run verify of the same file        ${baseline.toFixed(2)} s (${cli.status === 0 ? 'OK' : 'FAILED'})`);
    // As the page chooses for this size (whole below 64 MB), and in pieces (as for a larger record).
    for (const [label, from] of [['the page, as it chooses (read whole)', ''], ['the page, checked in pieces', '1']] as const) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(projectRoot(), 'public', 'verifier', 'index.html')).href);
      if (from) await page.evaluate((v) => (document.body.dataset.inPiecesFrom = v), from);
      t = process.hrtime.bigint();
      await page.setInputFiles('#bundle-file', file);
      await page.waitForFunction(() => /验证(通过|不通过)|无法/.test(document.getElementById('result')?.textContent ?? ''), null, { timeout: 600_000 });
      const secs = Number(process.hrtime.bigint() - t) / 1e9;
      const said = (await page.textContent('#result'))!.slice(0, 4);
      console.log(`  ${label.padEnd(46)}${secs.toFixed(2)} s = ${(secs / baseline).toFixed(2)}x the baseline (${said})`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
