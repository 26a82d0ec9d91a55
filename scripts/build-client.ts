// Builds the inspectors' offline app: its page script (public/offline.js), its service worker
// (public/sw.js, served at /sw.js) from src/client, and the app's PNG icons from its SVG.
import path from 'node:path';
import { build } from 'esbuild';
import sharp from 'sharp';
import { projectRoot } from '../src/root';

export async function buildClient(): Promise<string[]> {
  const root = projectRoot();
  const out: string[] = [];
  for (const name of ['offline', 'sw']) {
    const outfile = path.join(root, 'public', `${name}.js`);
    await build({
      entryPoints: [path.join(root, 'src', 'client', `${name}.ts`)], bundle: true, platform: 'browser', format: 'iife', target: ['es2020'],
      outfile, minify: true, legalComments: 'none', logLevel: 'warning',
    });
    out.push(outfile);
  }
  for (const size of [192, 512]) {
    const file = path.join(root, 'public', `app-icon-${size}.png`);
    await sharp(path.join(root, 'public', 'app-icon.svg')).resize(size, size).png().toFile(file);
    out.push(file);
  }
  return out;
}

if (require.main === module) {
  buildClient().then((f) => console.log('offline app written:', f.map((x) => path.basename(x)).join(', ')));
}
