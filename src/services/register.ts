// The department's register as the public gets it (v2 §1): every record oldest first, draws by
// reference (their bundles are large, and withheld where stratum keys are credit classes), with what
// is open and what is overdue. The command line and the tests check the same thing against the
// stored bundles.
import type { Db } from '../store/db';
import { registerRows, type RegisterRow } from '../store/register';
import { drawBundleText, getDraw } from '../store/tasks';
import { recordHash, type DrawRef, type FailureRecord, type PublishedRecord } from '../domain/draw-v2';
import { verifyRegister, type RegisterReport } from '../domain/register';

/** A published draw reference for a register row of kind 'draw'. */
function refOf(db: Db, r: RegisterRow, url: (drawId: number) => string | null): DrawRef {
  const d = getDraw(db, r.drawId!)!;
  // A v2 draw names its commitment by the commitment record's hash (kept on the commitment's row).
  const commitment = r.protocol === 'ssj-draw/2' ? (db.prepare<[number], string>('SELECT record_hash FROM commitments WHERE id = ?').pluck().get(d.commitmentId) ?? '') : '';
  return { kind: 'draw-ref', protocol: r.protocol, hash: r.hash, commitment, drawnAt: r.at, previous: r.previous, url: url(r.drawId!) };
}

/**
 * The register's records as published, oldest first. `bundleUrl` gives a draw's public bundle address,
 * or null when withheld. A failure carries its inputs, which list every entity's stratum: where the
 * strata are credit classes (not published, domain.md) and `withheld(taskId)` says so, the failure is
 * published by reference as a withheld bundle is (its hash, its commitment's, its time, its link).
 */
export function publishedRegister(
  db: Db, departmentId: number, bundleUrl: (drawId: number) => string | null = () => null, withheld: (taskId: number) => boolean = () => false,
): PublishedRecord[] {
  return registerRows(db, departmentId).map((r): PublishedRecord => {
    if (r.kind === 'draw') return refOf(db, r, bundleUrl);
    if (r.kind === 'failure' && r.taskId !== null && withheld(r.taskId)) {
      const f = JSON.parse(r.body!) as FailureRecord;
      return { kind: 'draw-ref', protocol: 'ssj-draw/2', hash: r.hash, commitment: recordHash(f.commitment), drawnAt: f.reveal.drawnAt, previous: f.previous, url: null };
    }
    return JSON.parse(r.body!) as PublishedRecord;
  });
}

/** The register checked as a verifier would (v2 §6), each draw against its stored bundle when `withBundles`. */
export function checkRegister(db: Db, departmentId: number, now: Date, withBundles = true): RegisterReport {
  const entries = publishedRegister(db, departmentId);
  const bundles = new Map<string, unknown>();
  if (withBundles) {
    for (const e of entries) {
      if (e.kind !== 'draw-ref') continue;
      const row = registerRows(db, departmentId).find((r) => r.hash === e.hash)!;
      bundles.set(e.hash, JSON.parse(row.kind === 'draw' ? drawBundleText(db, row.drawId!)! : row.body!) as unknown);
    }
  }
  return verifyRegister(entries, { now: now.getTime(), bundles });
}
