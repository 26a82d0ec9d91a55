// A department's register as a whole (ssj-draw/2 §1, §5, §6): the chain of its records, at most one
// outcome per commitment, withdrawals before their beacons, one open commitment per task, times that
// never go back, what is open and what is overdue. One record is checked by draw-v2.ts.
import { PROTOCOL } from './draw';
import {
  commitmentProblem, instant, recordHash, verifyOutcomeRecord, PROTOCOL_V2,
  type CommitmentRecord, type DrawRecord, type DrawRef, type PublishedRecord, type RegisterRecord,
} from './draw-v2';

/** An ssj-draw/1 bundle as it stands in a register (a record without "kind"). */
interface V1Bundle {
  protocol: typeof PROTOCOL;
  task: { drawnAt: string };
  previous: string;
}

export type RegisterEntry = PublishedRecord | DrawRecord | V1Bundle;

export interface RegisterReport {
  ok: boolean;
  problems: string[];
  /** Commitments without an outcome whose revealBy has passed (逾期未揭示), by hash. */
  overdue: string[];
  /** Commitments still open (no outcome yet), by hash. */
  open: string[];
  records: number;
}

/** The time a record is dated by (§5: committedAt, reveal.drawnAt, withdrawnAt; a v1 bundle's task.drawnAt). */
function recordTime(r: RegisterEntry): string {
  if (!('kind' in r)) return r.task?.drawnAt;
  switch (r.kind) {
    case 'commitment': return r.committedAt;
    case 'draw': case 'failure': return r.reveal?.drawnAt;
    case 'withdrawal': return r.withdrawnAt;
    case 'draw-ref': return r.drawnAt;
  }
}

/**
 * Checks a register, oldest record first, from the first: each `previous` links to the record before
 * it; draws and failures embed a commitment published earlier; a commitment has at most one outcome;
 * a withdrawal names an earlier commitment (before its beacon's time) or draw (at most once); a task
 * never has two open commitments; times never go back; v1 bundles come before any v2 record. Full
 * draw and failure records are also verified whole (verifyOutcomeRecord); a draw given by reference is
 * checked against its bundle when `bundles` has it (by hash). `now` decides what is overdue.
 */
/**
 * An ssj-draw/2 draw record checked in pieces (§6, by the streaming verifier) by whoever holds it: its
 * hash, the header members a reference names, and the check's first problem or null.
 */
export interface CheckedInPieces {
  checkedInPieces: true;
  hash: string;
  previous: string;
  protocol: string;
  /** The hash of its commitment record. */
  commitment: string;
  drawnAt: string;
  problem: string | null;
}

function isCheckedInPieces(b: unknown): b is CheckedInPieces {
  return typeof b === 'object' && b !== null && (b as CheckedInPieces).checkedInPieces === true;
}

export function verifyRegister(entries: RegisterEntry[], opts: { now: number; bundles?: Map<string, unknown> }): RegisterReport {
  const problems: string[] = [];
  const commitments = new Map<string, { c: CommitmentRecord; outcome: string | null; index: number }>();
  const draws = new Map<string, { voided: boolean }>();
  const openByTask = new Map<string, string>();
  let prev = '';
  let lastTime = -Infinity;
  let seenV2 = false;
  entries.forEach((r, i) => {
    const at = `record ${i + 1}`;
    const kind = 'kind' in r ? r.kind : 'v1-bundle';
    // The hash that stands for this record in the chain.
    let hash: string;
    let previous: string;
    if (kind === 'v1-bundle') {
      const b = r as V1Bundle;
      if (seenV2) problems.push(`${at}: an ssj-draw/1 bundle after an ssj-draw/2 record`);
      hash = recordHash(b);
      previous = b.previous;
      draws.set(hash, { voided: false });
    } else if (kind === 'draw-ref') {
      const d = r as DrawRef;
      hash = d.hash;
      previous = d.previous;
      if (d.protocol === PROTOCOL) {
        if (seenV2) problems.push(`${at}: an ssj-draw/1 bundle after an ssj-draw/2 record`);
        if (d.commitment !== '') problems.push(`${at}: an ssj-draw/1 draw has no v2 commitment`);
      } else {
        seenV2 = true;
        settle(d.commitment, hash, at);
      }
      const bundle = opts.bundles?.get(d.hash);
      if (isCheckedInPieces(bundle)) {
        // Checked by the caller in pieces (too large to hold as one value): its verdict and its header.
        if (bundle.problem) problems.push(`${at}: ${bundle.problem}`);
        else if (bundle.hash !== d.hash) problems.push(`${at}: the bundle file does not hash to its reference`);
        else {
          if (bundle.previous !== d.previous) problems.push(`${at}: the bundle's previous differs from its reference`);
          if (bundle.protocol !== d.protocol) problems.push(`${at}: the bundle's protocol differs from its reference`);
          if (bundle.commitment !== d.commitment) problems.push(`${at}: the bundle's commitment differs from its reference`);
          if (bundle.drawnAt !== d.drawnAt) problems.push(`${at}: the bundle's drawnAt differs from its reference`);
        }
      } else if (bundle !== undefined) {
        if (recordHash(bundle) !== d.hash) problems.push(`${at}: the bundle file does not hash to its reference`);
        else {
          const b = bundle as Omit<DrawRecord, 'protocol'> & { protocol: string; task?: { drawnAt: string } };
          if (b.previous !== d.previous) problems.push(`${at}: the bundle's previous differs from its reference`);
          if (b.protocol !== d.protocol) problems.push(`${at}: the bundle's protocol differs from its reference`);
          if (d.protocol === PROTOCOL_V2) {
            if (recordHash(b.commitment) !== d.commitment) problems.push(`${at}: the bundle's commitment differs from its reference`);
            if (b.reveal?.drawnAt !== d.drawnAt) problems.push(`${at}: the bundle's drawnAt differs from its reference`);
            const v = verifyOutcomeRecord(b as DrawRecord);
            if (!v.ok) problems.push(`${at}: ${v.difference}`);
          } else if (b.task?.drawnAt !== d.drawnAt) problems.push(`${at}: the bundle's drawnAt differs from its reference`);
        }
      }
      draws.set(hash, { voided: false });
    } else {
      seenV2 = true;
      const rec = r as RegisterRecord;
      hash = recordHash(rec);
      previous = rec.previous;
      if (rec.protocol !== PROTOCOL_V2) problems.push(`${at}: protocol is ${String(rec.protocol)}`);
      if (rec.kind === 'commitment') {
        const p = commitmentProblem(rec);
        if (p) problems.push(`${at}: ${p}`);
        const open = openByTask.get(rec.task?.id);
        if (open) problems.push(`${at}: task ${rec.task.id} already has an open commitment`);
        openByTask.set(rec.task?.id, hash);
        commitments.set(hash, { c: rec, outcome: null, index: i });
      } else if (rec.kind === 'draw' || rec.kind === 'failure') {
        settle(recordHash(rec.commitment), hash, at);
        const v = verifyOutcomeRecord(rec);
        if (!v.ok) problems.push(`${at}: ${v.difference}`);
        if (rec.kind === 'draw') draws.set(hash, { voided: false });
      } else if (rec.kind === 'withdrawal') {
        const w = rec;
        if (typeof w.reason !== 'string' || !w.reason.trim()) problems.push(`${at}: a withdrawal gives its reason`);
        const c = commitments.get(w.withdraws);
        const d = draws.get(w.withdraws);
        if (c) {
          settle(w.withdraws, hash, at);
          if (!(instant(w.withdrawnAt) < instant(c.c.beacon.time))) problems.push(`${at}: a commitment is withdrawn only before its beacon's time`);
        } else if (d) {
          if (d.voided) problems.push(`${at}: the draw is voided twice`);
          d.voided = true;
        } else problems.push(`${at}: withdraws no earlier commitment or draw`);
      } else problems.push(`${at}: unknown kind ${String((rec as { kind?: unknown }).kind)}`);
    }
    if (previous !== prev) problems.push(`${at}: previous is ${previous || '""'}, expected ${prev || '""'}`);
    const t = instant(recordTime(r));
    if (Number.isNaN(t)) problems.push(`${at}: its time is not a time with an offset`);
    else if (t < lastTime) problems.push(`${at}: its time goes back before the record before it`);
    else lastTime = t;
    prev = hash;
  });

  function settle(commitmentHash: string, outcome: string, at: string): void {
    const c = commitments.get(commitmentHash);
    if (!c) return void problems.push(`${at}: its commitment is not an earlier record of this register`);
    if (c.outcome) return void problems.push(`${at}: the commitment already has an outcome`);
    c.outcome = outcome;
    if (openByTask.get(c.c.task.id) === commitmentHash) openByTask.delete(c.c.task.id);
  }

  const open = [...commitments].filter(([, c]) => !c.outcome).map(([h]) => h);
  const overdue = open.filter((h) => instant(commitments.get(h)!.c.revealBy) < opts.now);
  return { ok: problems.length === 0, problems, overdue, open, records: entries.length };
}

