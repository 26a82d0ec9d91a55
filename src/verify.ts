// `npm run verify -- file.json [more.json ...]`: recomputes what was published, offline, and prints OK
// or the first difference for each file. A file is an ssj-draw/1 bundle, an ssj-draw/2 record (a draw,
// a failure, a commitment, a withdrawal) or a whole register (a JSON array, as the public register
// page gives it). Several records are also checked as a chain in the order given; a register is
// checked whole (§6 of ssj-draw/2), its draws against the bundle files given beside it.
// `npm run register:verify -- register.json [bundle.json ...]` is the same with the register first.
import fs from 'node:fs';
import { verifyBundle, type Bundle } from './domain/bundle';
import { commitmentProblem, recordHash, verifyOutcomeRecord, type CommitmentRecord, type DrawRecord, type FailureRecord, type RegisterRecord } from './domain/draw-v2';
import { verifyRegister, type CheckedInPieces, type RegisterEntry } from './domain/register';
import { chinaDateTime } from './domain/dates';
import { checkedInPieces, verifyRecordFile } from './verify-stream';

type Parsed = { file: string; value: unknown };

function describeOne(value: unknown): { ok: boolean; text: string } {
  const v = value as Partial<RegisterRecord> & Partial<Bundle>;
  if (!v || typeof v !== 'object') return { ok: false, text: 'FAILED  not a bundle, record or register' };
  if (!('kind' in v)) {
    const r = verifyBundle(v as Bundle);
    return r.ok ? { ok: true, text: `OK  ssj-draw/1  ${v.task?.id ?? ''}  ${v.result!.selected.length} selected of ${v.inputs!.entities.length}` } : { ok: false, text: `FAILED  ${r.difference}` };
  }
  switch (v.kind) {
    case 'draw':
    case 'failure': {
      const rec = value as DrawRecord | FailureRecord;
      const r = verifyOutcomeRecord(rec);
      if (!r.ok) return { ok: false, text: `FAILED  ${r.difference}` };
      const what = rec.kind === 'draw' ? `${rec.result.selected.length} selected of ${rec.inputs.entities.length}` : `a failure at ${rec.error.entity}, ${rec.error.pool} slot ${rec.error.slot}`;
      return { ok: true, text: `OK  ssj-draw/2 ${rec.kind}  ${rec.commitment.task.number}  ${what}; beacon ${rec.reveal.beacon.kind}, drawn ${chinaDateTime(rec.reveal.drawnAt)}` };
    }
    case 'commitment': {
      const p = commitmentProblem(value as CommitmentRecord);
      return p ? { ok: false, text: `FAILED  ${p}` } : { ok: true, text: `OK  ssj-draw/2 commitment  ${v.task!.number}  committed ${chinaDateTime(v.committedAt!)}` };
    }
    case 'withdrawal':
      return { ok: true, text: `OK  ssj-draw/2 withdrawal (checked in its register: what it withdraws and when)` };
    default:
      return { ok: false, text: `FAILED  unknown kind ${String(v.kind)}` };
  }
}

/** Files from this size on are checked in pieces (verify-stream.ts): a string stops at 512 MiB. */
export const STREAM_FROM_BYTES = 256 * 1048576;

/** A large record checked in pieces, as a line of the report (and as the register check takes it). */
function streamed(file: string): { ok: boolean; line: string; pieces: CheckedInPieces } {
  const v = verifyRecordFile(file);
  const pieces = checkedInPieces(v);
  if (!v.ok) return { ok: false, line: `${file}: FAILED  ${v.difference}`, pieces };
  const c = v.record.commitment;
  const what = v.kind === 'draw' ? `${v.selected.toLocaleString('en')} selected of ${v.eligible.toLocaleString('en')}` : `a failure at ${v.record.error?.entity}, slot ${v.record.error?.slot}`;
  return { ok: true, pieces, line: `${file}: OK  ssj-draw/2 ${v.kind} (checked in pieces)  ${c.task.number}  ${what}; beacon ${v.record.reveal.beacon.kind}, drawn ${chinaDateTime(v.record.reveal.drawnAt)}; hash ${v.hash}` };
}

/** Whether a file's JSON is an array (a register): its first byte that is not white space is '['. */
function startsArray(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, 64, 0);
    return head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('[');
  } finally {
    fs.closeSync(fd);
  }
}

export function verifyFiles(files: string[], now = Date.now(), streamFrom = STREAM_FROM_BYTES): { code: number; lines: string[] } {
  const lines: string[] = [];
  const parsed: Parsed[] = [];
  const inPieces: CheckedInPieces[] = [];
  let code = 0;
  for (const file of files) {
    // A large record is read in pieces (a register, a JSON array, is read whole).
    if (fs.existsSync(file) && fs.statSync(file).size >= streamFrom && !startsArray(file)) {
      const r = streamed(file);
      lines.push(r.line);
      if (r.ok) inPieces.push(r.pieces);
      else code = Math.max(code, 1);
      continue;
    }
    try {
      parsed.push({ file, value: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown });
    } catch (e) {
      lines.push(`${file}: cannot read as JSON (${(e as Error).message})`);
      code = 2;
    }
  }
  const registers = parsed.filter((p) => Array.isArray(p.value));
  const records = parsed.filter((p) => !Array.isArray(p.value));
  for (const p of records) {
    const r = describeOne(p.value);
    lines.push(`${p.file}: ${r.text}`);
    if (!r.ok) code = Math.max(code, 1);
  }
  if (records.length === 1 && registers.length === 0 && code === 0) {
    const prev = (records[0]!.value as { previous?: string }).previous;
    lines.push(`previous: not checked (${prev ? `names ${prev}` : 'empty'}; give the record before it, or the register, to check the link)`);
  }
  if (records.length > 1 && code === 0 && registers.length === 0) {
    // The files as a chain, in the order given.
    let ok = true;
    for (let i = 1; i < records.length; i++) {
      const want = recordHash(records[i - 1]!.value);
      const got = (records[i]!.value as { previous?: string }).previous;
      if (got !== want) {
        lines.push(`chain: FAILED  ${records[i]!.file}: previous is ${got || '""'}, expected ${want} (the hash of ${records[i - 1]!.file})`);
        ok = false;
        code = 1;
        break;
      }
    }
    if (ok) lines.push(`chain of ${records.length} records: OK`);
  }
  const bundles = new Map<string, unknown>(records.map((p) => [recordHash(p.value), p.value]));
  for (const p of inPieces) bundles.set(p.hash, p);
  for (const reg of registers) {
    const report = verifyRegister(reg.value as RegisterEntry[], { now, bundles });
    const entries = reg.value as RegisterEntry[];
    const checked = entries.filter((r) => 'kind' in r && r.kind === 'draw-ref' && bundles.has(r.hash)).length;
    const whole = entries.filter((r) => 'kind' in r && (r.kind === 'draw' || r.kind === 'failure')).length;
    const unchecked = entries.filter((r) => 'kind' in r && r.kind === 'draw-ref' && !bundles.has(r.hash)).length;
    if (report.ok) {
      lines.push(
        `${reg.file}: register OK  ${report.records} records; ${whole} draws and failures recomputed whole, ${checked} draw bundles checked against their references` +
          `${unchecked ? ` (${unchecked} given by reference only: pass their bundle files to recompute them)` : ''}; ${report.open.length} open commitments, ${report.overdue.length} overdue`,
      );
      for (const h of report.overdue) lines.push(`  overdue (逾期未揭示): commitment ${h}`);
    } else {
      code = Math.max(code, 1);
      lines.push(`${reg.file}: register FAILED`);
      for (const p of report.problems) lines.push(`  ${p}`);
    }
  }
  return { code, lines };
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npm run verify -- file.json [more.json ...]   (bundles, ssj-draw/2 records, or a register)');
    process.exit(2);
  }
  const r = verifyFiles(files);
  for (const l of r.lines) console.log(l);
  process.exit(r.code);
}
