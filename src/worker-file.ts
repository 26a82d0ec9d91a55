// Where the compiled script of a worker thread is. Worker threads run JavaScript: compiled, each
// worker sits next to the module that starts it; under the tests (TypeScript sources) it is taken from
// dist/, which test/global-setup.ts builds from the sources under test before any test runs.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './root';

/** `from` is the starting module's __dirname; `rel` the worker's path under src/ (e.g. 'import/read-worker.js'). */
export function compiledWorker(from: string, rel: string): string {
  for (const f of [path.join(from, path.basename(rel)), path.join(projectRoot(), 'dist', 'src', rel)]) {
    if (fs.existsSync(f)) return f;
  }
  throw new Error(`dist/src/${rel} is missing: run \`npm run build\` first`);
}
