// The electronic case file (电子案卷) of one inspection: its files and a manifest of their SHA-256, which
// anyone checks with one command (src/case-verify.ts). Pure: the caller reads the files.
import { createHash } from 'node:crypto';

export const MANIFEST = 'manifest.json';

export interface CaseManifest {
  format: 'ssj-case/1';
  case: { task: string; taskTitle: string; entity: string; uscc: string; drawId: number; bundleHash: string };
  /** Every other file of the case, with its SHA-256 and size. */
  files: { path: string; sha256: string; size: number }[];
  /** The attachments' SHA-256 as the audit log recorded them when they were attached. */
  attachedHashes: string[];
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The manifest of a case's files. */
export function manifestOf(c: CaseManifest['case'], files: { path: string; bytes: Uint8Array }[], attachedHashes: string[]): CaseManifest {
  return { format: 'ssj-case/1', case: c, files: files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.length })), attachedHashes };
}

/** What is wrong with a case file's contents against its manifest: changed, missing and extra files, attachments unlike their audit record. */
export function caseProblems(files: Map<string, Uint8Array>): string[] {
  const raw = files.get(MANIFEST);
  if (!raw) return [`${MANIFEST} is missing`];
  let m: CaseManifest;
  try {
    m = JSON.parse(Buffer.from(raw).toString('utf8')) as CaseManifest;
  } catch {
    return [`${MANIFEST} is not JSON`];
  }
  if (m.format !== 'ssj-case/1' || !Array.isArray(m.files)) return [`${MANIFEST} is not an ssj-case/1 manifest`];
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const f of m.files) {
    listed.add(f.path);
    const b = files.get(f.path);
    if (!b) problems.push(`${f.path}: missing`);
    else if (sha256(b) !== f.sha256) problems.push(`${f.path}: SHA-256 ${sha256(b)}, the manifest says ${f.sha256}`);
  }
  for (const p of files.keys()) if (p !== MANIFEST && !listed.has(p)) problems.push(`${p}: not in the manifest`);
  for (const f of m.files) {
    if (f.path.startsWith('attachments/') && !m.attachedHashes.includes(f.sha256)) problems.push(`${f.path}: its SHA-256 is not the one recorded when it was attached`);
  }
  return problems;
}
