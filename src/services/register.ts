// The department's register as the public gets it (v2 §1): every record oldest first, draws by
// reference (their bundles are large, and withheld where stratum keys are credit classes), with what
// is open and what is overdue. The command line and the tests check the same thing against the
// stored bundles.
import type { Db } from '../store/db';
import { commitmentRecordHash, registerLastTime, registerRows, type RegisterRow } from '../store/register';
import { drawBundleText, getDraw } from '../store/tasks';
import { beaconText, instant, recordHash, type Beacon, type DrawRef, type PublishedRecord } from '../domain/draw-v2';
import { chinaDateTime } from '../domain/dates';
import { verifyRegister, type RegisterReport } from '../domain/register';
import { bundleByteLength, bundleReader } from '../store/bundle-pieces';
import { checkedInPieces, verifyRecordAt } from '../verify-stream';
import { STREAM_FROM_BYTES } from '../verify';
import { failureHead } from './reveal-record';

const KIND_TEXT = { commitment: '承诺', draw: '抽取', failure: '抽取失败', withdrawal: '撤回' } as const;

/** A register record in words, for the staff's task page, the public notice and the register page. */
export function recordWords(r: Pick<RegisterRow, 'kind' | 'body' | 'protocol'>): { kind: string; text: string } {
  const kind = KIND_TEXT[r.kind];
  if (!r.body) return { kind, text: `抽取结果（${r.protocol}）` };
  // A failure carries a population: only its head is read.
  const b = (r.kind === 'failure' ? failureHead(r.body) : JSON.parse(r.body.toString())) as { beacon?: Beacon; error?: { message: string }; reason?: string; revealBy?: string };
  if (r.kind === 'commitment') return { kind, text: `随机信标：${b.beacon ? beaconText(b.beacon) : ''}；揭示期限 ${chinaDateTime(b.revealBy ?? '')}` };
  if (r.kind === 'failure') return { kind, text: `无法配齐检查组，承诺作废：${b.error?.message ?? ''}` };
  return { kind, text: `理由：${b.reason ?? ''}` };
}

/** Why a record dated `nowMs` would go back before the department's last one (v2 §5), or null. */
export function backdated(db: Db, departmentId: number, nowMs: number): string | null {
  const last = registerLastTime(db, departmentId);
  return last !== null && instant(last) > nowMs ? `服务器时间（${chinaDateTime(new Date(nowMs).toISOString())}）早于登记簿最后一条记录的时间，请检查服务器时钟` : null;
}

/** A published draw reference for a register row of kind 'draw'. */
function refOf(db: Db, r: RegisterRow, url: (drawId: number) => string | null): DrawRef {
  const d = getDraw(db, r.drawId!)!;
  // A v2 draw names its commitment by the commitment record's hash (kept on the commitment's row).
  const commitment = r.protocol === 'ssj-draw/2' ? commitmentRecordHash(db, d.commitmentId) : '';
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
    // A failure past V8's longest string (kept as bytes) cannot go into a JSON page either.
    if (r.kind === 'failure' && ((r.taskId !== null && withheld(r.taskId)) || Buffer.isBuffer(r.body))) {
      const f = failureHead(r.body!);
      return { kind: 'draw-ref', protocol: 'ssj-draw/2', hash: r.hash, commitment: recordHash(f.commitment), drawnAt: f.reveal.drawnAt, previous: f.previous, url: null };
    }
    return JSON.parse(r.body!.toString()) as PublishedRecord;
  });
}

/**
 * The register checked as a verifier would (v2 §6), each draw against its stored bundle when
 * `withBundles`: read whole, or from `streamFrom` bytes on (an ssj-draw/2 record) checked in its
 * pieces as `npm run verify` checks a large file.
 */
export function checkRegister(db: Db, departmentId: number, now: Date, withBundles = true, streamFrom = STREAM_FROM_BYTES): RegisterReport {
  const entries = publishedRegister(db, departmentId);
  const bundles = new Map<string, unknown>();
  if (withBundles) {
    // Every failure is published whole here, so the references are the draws; each bundle read once.
    for (const r of registerRows(db, departmentId)) {
      if (r.kind !== 'draw') continue;
      if (r.protocol === 'ssj-draw/2' && (bundleByteLength(db, r.drawId!) ?? 0) >= streamFrom) bundles.set(r.hash, checkedInPieces(verifyRecordAt(bundleReader(db, r.drawId!))));
      else bundles.set(r.hash, JSON.parse(drawBundleText(db, r.drawId!)!) as unknown);
    }
  }
  return verifyRegister(entries, { now: now.getTime(), bundles });
}

