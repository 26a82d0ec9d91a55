// Launches Chromium through playwright-core: Debian's where it is installed (as .ci/run does, with CJK
// fonts, so screenshots read), else the Chromium shipped inside the @sparticuz/chromium npm package,
// so that `npm ci && npm test` needs nothing else on a fresh machine.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Which browser the tests run: the system's, or the packaged one unpacked (once) into the temp folder. */
export async function browserBinary(system = CHROMIUM): Promise<{ executablePath: string; args: string[]; packaged: boolean }> {
  if (fs.existsSync(system)) return { executablePath: system, args: ARGS, packaged: false };
  const packaged = (await import('@sparticuz/chromium')).default;
  // Its own flags are for serverless hosts (one process, no zygote), where a closed page can end the
  // browser: ours are enough on a machine.
  return { executablePath: await packaged.executablePath(), args: ARGS, packaged: true };
}

export async function launch(system = CHROMIUM): Promise<Browser> {
  const b = await browserBinary(system);
  return chromium.launch({ executablePath: b.executablePath, args: b.args, headless: true });
}

/** A new page of the given width, signed in as the staff account admin. */
export async function adminPage(browser: Browser, base: string, password: string, width: number, height = 900): Promise<Page> {
  const p = await browser.newPage({ viewport: { width, height } });
  await p.goto(base + '/login');
  await p.fill('#username', 'admin');
  await p.fill('#password', password);
  await p.click('main button:has-text("登录")');
  await p.waitForURL('**/admin');
  return p;
}
