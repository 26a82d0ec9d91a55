// `npm run verify -- bundle.json [more.json ...]`: recomputes published bundles, prints OK or the first
// difference. Several files are also checked as one department's chain, in the order given.
import fs from 'node:fs';
import { verifyBundle, verifyChain, type Bundle } from './domain/bundle';

export function verifyFiles(files: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const bundles: Bundle[] = [];
  let code = 0;
  for (const f of files) {
    let b: Bundle;
    try {
      b = JSON.parse(fs.readFileSync(f, 'utf8')) as Bundle;
    } catch (e) {
      lines.push(`${f}: cannot read as JSON (${(e as Error).message})`);
      code = 2;
      continue;
    }
    const v = verifyBundle(b);
    lines.push(v.ok ? `${f}: OK  ${b.task?.id ?? ''}  ${b.result.selected.length} selected of ${b.inputs.entities.length}` : `${f}: FAILED  ${v.difference}`);
    if (!v.ok) code = Math.max(code, 1);
    bundles.push(b);
  }
  if (bundles.length > 1 && code === 0) {
    const c = verifyChain(bundles);
    lines.push(c.ok ? `chain of ${bundles.length} bundles: OK` : `chain: FAILED  ${c.difference}`);
    if (!c.ok) code = 1;
  }
  return { code, lines };
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npm run verify -- bundle.json [next-bundle.json ...]');
    process.exit(2);
  }
  const r = verifyFiles(files);
  for (const l of r.lines) console.log(l);
  process.exit(r.code);
}
