// Before any test file runs: dist/ (the workers and child processes the tests start) is built from the
// sources under test. `npm test` has just built it, so this finds it fresh; a bare `vitest run` after
// an edit builds it here, once. No test builds it while other tests run what is in it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { browserBinary } from './e2e/browser';

const root = path.join(__dirname, '..');

function newest(dir: string, pattern: RegExp): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, pattern));
    else if (pattern.test(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

export default async function setup(): Promise<void> {
  await unpackBrowser();
  build();
}

/**
 * Without a system Chromium the browser tests use the packaged one: unpacked here, once, before the
 * test files (which run at once in several processes) would each unpack it into the same place.
 */
async function unpackBrowser(): Promise<void> {
  await browserBinary();
}

function build(): void {
  const built = path.join(root, 'dist', 'src', 'main.js');
  const source = Math.max(newest(path.join(root, 'src'), /\.m?ts$/), newest(path.join(root, 'scripts'), /\.ts$/));
  if (fs.existsSync(built) && newest(path.join(root, 'dist'), /\.js$/) >= source) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
