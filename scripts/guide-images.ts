// `npm run guide:images`: copies the screenshots the browser tests made (test/e2e/guide.test.ts and
// portal.test.ts) into docs/images/, for the user guide (docs/用户手册.md). Run it after the browser
// tests, when pages change.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/root';

const SHOTS = path.join(projectRoot(), 'test-results', 'screenshots');
const OUT = path.join(projectRoot(), 'docs', 'images');

export const GUIDE_IMAGES = [
  'guide/staff-home.png', 'guide/staff-entities.png', 'guide/staff-import-preview.png', 'guide/staff-task-new.png', 'guide/staff-task-drawn.png',
  'guide/staff-results.png', 'guide/staff-calendar.png', 'guide/public-task.png', 'guide/public-check.png', 'guide/public-verifier.png', 'guide/public-register.png',
  'inspector-assignments-phone.png', 'inspector-result-form-phone.png', 'inspector-returned-phone.png', 'inspector-offline-drafts-phone.png',
];

if (require.main === module) {
  fs.mkdirSync(OUT, { recursive: true });
  const missing = GUIDE_IMAGES.filter((f) => !fs.existsSync(path.join(SHOTS, f)));
  if (missing.length) {
    console.error(`run the browser tests first (npx vitest run test/e2e); missing: ${missing.join(', ')}`);
    process.exit(1);
  }
  for (const f of GUIDE_IMAGES) fs.copyFileSync(path.join(SHOTS, f), path.join(OUT, path.basename(f)));
  console.log(`${GUIDE_IMAGES.length} screenshots copied to docs/images/`);
}
