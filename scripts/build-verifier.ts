// Bundles the static verifier page's script (public/verifier/verifier.js) from the same domain code
// the server uses; only H is swapped for a browser implementation (src/verifier/hash-browser.mts).
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { projectRoot } from '../src/root';

export async function buildVerifier(): Promise<string> {
  const root = projectRoot();
  const browserHash: Plugin = {
    name: 'browser-hash',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\/(domain\/)?hash$/ }, (args) =>
        args.importer.includes(`${path.sep}verifier${path.sep}hash-browser`) ? undefined : { path: path.join(root, 'src', 'verifier', 'hash-browser.mts') },
      );
    },
  };
  const outfile = path.join(root, 'public', 'verifier', 'verifier.js');
  await build({
    entryPoints: [path.join(root, 'src', 'verifier', 'page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    outfile,
    minify: true,
    legalComments: 'none',
    external: ['crypto'], // seedrandom only tries it for auto-seeding, which ssj-draw/1 never uses
    plugins: [browserHash],
    // Node's Buffer, for the reader of large records (checked in pieces).
    inject: [path.join(root, 'src', 'verifier', 'buffer-shim.ts')],
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  buildVerifier().then((f) => console.log('verifier page script written to', f));
}
