// `npm run case:verify -- FILE.zip`: checks an electronic case file (电子案卷) against its manifest — every
// file's SHA-256, nothing missing or added, each attachment as the audit log recorded it. Offline.
import fs from 'node:fs';
import AdmZip from 'adm-zip';
import { caseProblems } from './domain/case-file';

export function verifyCaseFile(file: string): string[] {
  const zip = new AdmZip(fs.readFileSync(file));
  const files = new Map<string, Uint8Array>();
  for (const e of zip.getEntries()) if (!e.isDirectory) files.set(e.entryName, e.getData());
  return caseProblems(files);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run case:verify -- FILE.zip');
    process.exit(2);
  }
  const problems = verifyCaseFile(file);
  if (problems.length) {
    console.log(`${file}: FAILED`);
    for (const p of problems) console.log(`  ${p}`);
    process.exit(1);
  }
  console.log(`${file}: OK — every file matches its SHA-256 in the manifest, and every attachment its audit record`);
}
