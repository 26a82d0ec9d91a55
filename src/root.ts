// Locates the project folder (the one with package.json), whether running from src/ or dist/.
import fs from 'node:fs';
import path from 'node:path';

let cached: string | null = null;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  cached = dir;
  return dir;
}
