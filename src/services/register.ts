// The department's register as the public gets it (v2 §1): every record oldest first, draws by
// reference (their bundles are large, and withheld where stratum keys are credit classes), with what
// is open and what is overdue. The command line and the tests check the same thing against the
// stored bundles.
import type { Db } from '../store/db';
import { registerRows, type RegisterRow } from '../store/register';
import { drawBundleText, getDraw } from '../store/tasks';
import { verifyRegister, type DrawRef, type PublishedRecord, type RegisterReport } from '../domain/draw-v2';

/** A published draw reference for a register row of kind 'draw'. */
function refOf(db: Db, r: RegisterRow, url: (drawId: number) => string | null): DrawRef {
  const d = getDraw(db, r.drawId!)!;
  // A v2 draw names its commitment by the commitment record's hash (kept on the commitment's row).
  const commitment = r.protocol === 'ssj-draw/2' ? (db.prepare<[number], string>('SELECT record_hash FROM commitments WHERE id = ?').pluck().get(d.commitmentId) ?? '') : '';
  return { kind: 'draw-ref', protocol: r.protocol, hash: r.hash, commitment, drawnAt: r.at, previous: r.previous, url: url(r.drawId!) };
}

/** The register's records as published, oldest first. `bundleUrl` gives a draw's public bundle address, or null when withheld. */
export function publishedRegister(db: Db, departmentId: number, bundleUrl: (drawId: number) => string | null = () => null): PublishedRecord[] {
  return registerRows(db, departmentId).map((r) => (r.kind === 'draw' ? refOf(db, r, bundleUrl) : (JSON.parse(r.body!) as PublishedRecord)));
}

/** The register checked as a verifier would (v2 §6), each draw against its stored bundle when `withBundles`. */
export function checkRegister(db: Db, departmentId: number, now: Date, withBundles = true): RegisterReport {
  const entries = publishedRegister(db, departmentId);
  const bundles = new Map<string, unknown>();
  if (withBundles) {
    for (const e of entries) {
      if (e.kind !== 'draw-ref') continue;
      const row = registerRows(db, departmentId).find((r) => r.hash === e.hash)!;
      bundles.set(e.hash, JSON.parse(drawBundleText(db, row.drawId!)!) as unknown);
    }
  }
  return verifyRegister(entries, { now: now.getTime(), bundles });
}
