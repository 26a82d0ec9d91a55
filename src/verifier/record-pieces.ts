// Verifying an ssj-draw/2 draw or failure record read in pieces (§6), for records too large to read
// as one string (a province's 10,000,000-entity directory makes a record of about 750 MB; V8's strings
// stop at 512 MiB). The population is kept as compact arrays (the ids in one byte buffer, each
// entity's stratum as a number), never as a million objects; the inputs hash and the record's hash are
// SHA-256 of the record's own bytes, which needs the record in canonical form (JCS), as the server
// writes it. A record that is not canonical is refused with the advice to check it in memory.
// Everything §6 checks is checked, with the same functions as the in-memory verifier where they do not
// read the population (draw-v2.ts outcomeHeaderProblem, outcomeProblem; draw.ts ticketRuns,
// selectionFromOrder, assignTeams). No file and no Node module: `npm run verify` reads a file with it
// (src/verify-stream.ts), the server its stored pieces, and the verifier page a file chosen in the browser.
import { canonicalize } from '../domain/jcs';
import { bytesHasher } from '../domain/hash';
import { assignTeamsEach, checkInputs, DrawError, PROTOCOL_V2, type DrawInputs, type DrawResult } from '../domain/draw';
import { Bytes, NotCanonical, readInputs, selectCompact, strataOf, type CompactEntities, type ReadAt } from '../domain/compact-inputs';
import { countsFrom, outcomeHeaderProblem, outcomeProblem, recordHash, slotFailureOf, type DrawRecord, type SlotFailure } from '../domain/draw-v2';
import type { CheckedInPieces } from '../domain/register';

const CHUNK = 8 << 20;

/** SHA-256 of the record's bytes from `start` to `end`. */
function hashRange(read: ReadAt, start: number, end: number): string {
  const h = bytesHasher();
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let at = start; at < end; ) {
    const got = read(chunk.subarray(0, Math.min(CHUNK, end - at)), at);
    if (got === 0) break;
    h.update(chunk.subarray(0, got));
    at += got;
  }
  return h.digest();
}

export type StreamVerification =
  | { ok: true; kind: 'draw' | 'failure'; hash: string; eligible: number; selected: number; record: Omit<DrawRecord, 'inputs' | 'result'> & { error?: SlotFailure } }
  | { ok: false; difference: string; canonical: boolean };

/** Verifies one ssj-draw/2 draw or failure record (§6) read in pieces with `read` (a file, stored pieces). */
export function verifyRecordAt(read: ReadAt): StreamVerification {
  try {
    const r = new Bytes(read);
    const rec: Record<string, unknown> = {};
    let pop: CompactEntities | null = null as CompactEntities | null;
    let rest: Omit<DrawInputs, 'entities'> | null = null;
    let inputsRange: [number, number] = [0, 0];
    let resultRange: [number, number] = [0, 0];
    let last = '';
    r.expect('{');
    for (;;) {
      const k = r.key();
      if (k <= last) throw new NotCanonical(`member ${k} out of canonical order`);
      last = k;
      if (k === 'inputs') {
        const got = readInputs(r);
        pop = got.pop;
        rest = got.rest;
        inputsRange = got.range;
      } else if (k === 'result') {
        const start = r.offset;
        r.value();
        resultRange = [start, r.offset];
      } else rec[k] = r.small();
      if (r.peek() === 0x7d) break;
      r.expect(',');
    }
    r.expect('}');
    if (r.need(1) > 0) throw new NotCanonical('bytes after the record');
    const size = r.offset;
    const kind = rec.kind;
    if (kind !== 'draw' && kind !== 'failure') return { ok: false, difference: `not a draw or failure record: ${String(kind)}`, canonical: true };
    if (!pop || !rest) return { ok: false, difference: 'inputs are missing', canonical: true };
    const head = outcomeHeaderProblem(rec as unknown as Omit<DrawRecord, 'inputs' | 'result'>);
    if (typeof head === 'string') return { ok: false, difference: head, canonical: true };
    const seed = head.seed;
    if (rest.protocol !== PROTOCOL_V2) return { ok: false, difference: `inputs.protocol must be ${PROTOCOL_V2}`, canonical: true };
    const ih = hashRange(read, inputsRange[0], inputsRange[1]);
    if (ih !== rec.inputsHash) return { ok: false, difference: `inputsHash: the record says ${String(rec.inputsHash)}, recomputed ${ih}`, canonical: true };
    if (pop.problem) throw new DrawError(pop.problem);
    const shell: DrawInputs = { ...rest, entities: [] };
    checkInputs(shell, { entitiesChecked: true });
    const n = pop.n;
    const eligible = n;
    const { stratumOf, sizes } = strataOf(pop, shell.strata);
    const commitment = (rec as unknown as DrawRecord).commitment;
    const counts = countsFrom(shell, sizes, commitment.counts.strata !== null);
    if (recordHash(counts) !== recordHash(commitment.counts)) return { ok: false, difference: 'commitment.counts do not fit the inputs', canonical: true };
    // §4 from the compact population; its arrays are let go before the teams are filled.
    const selection = selectCompact(pop, stratumOf, shell, sizes, seed);
    pop = null;
    // §5, each team compared as it is filled with the file's next selection (a draw), or run to the
    // slot that fails (a failure). The file's result is read alongside, a selection at a time.
    const fileResult = kind === 'draw' ? new Bytes(read, resultRange[0]) : null;
    fileResult?.expect('{"selected":[');
    let selectedDiff: string | null = null;
    let failure: SlotFailure | null = null;
    let i = 0;
    try {
      assignTeamsEach(seed, shell, selection.selected, (sel) => {
        if (!fileResult || selectedDiff) return;
        if (i > 0 && fileResult.peek() === 0x2c) fileResult.expect(',');
        if (fileResult.peek() === 0x5d) selectedDiff = `result.selected[${i}]: the record says undefined, recomputed ${JSON.stringify(sel)}`;
        else {
          const got = fileResult.small();
          if (canonicalize(got) !== canonicalize(sel)) selectedDiff = `result.selected[${i}]: the record says ${JSON.stringify(got)}, recomputed ${JSON.stringify(sel)}`;
        }
        i++;
      }, true);
    } catch (e) {
      failure = slotFailureOf(e);
    }
    const outcome = failure ? { error: failure } : { result: { strata: selection.strata, selected: [] } };
    const resultDiffers = (): string | null => {
      const r = fileResult!;
      if (!selectedDiff && r.peek() === 0x2c) {
        r.expect(',');
        selectedDiff = `result.selected[${i}]: the record says ${JSON.stringify(r.small())}, recomputed undefined`;
      }
      // As the in-memory check does: a stratum's difference is named before a selection's.
      const rest = new Bytes(read, resultRange[0]);
      rest.expect('{"selected":');
      rest.value();
      rest.expect(',"strata":');
      const strata = rest.small() as DrawResult['strata'];
      rest.expect('}');
      for (let k = 0; k < Math.max(strata.length, selection.strata.length); k++) {
        if (strata[k] === undefined || selection.strata[k] === undefined || canonicalize(strata[k]) !== canonicalize(selection.strata[k])) {
          return `result.strata[${k}]: the record says ${JSON.stringify(strata[k])}, recomputed ${JSON.stringify(selection.strata[k])}`;
        }
      }
      return selectedDiff;
    };
    const p = outcomeProblem({ kind, result: {} as DrawResult, error: rec.error as SlotFailure | undefined }, outcome, resultDiffers);
    if (p) return { ok: false, difference: p, canonical: true };
    return {
      ok: true, kind, hash: hashRange(read, 0, size), eligible, selected: failure ? 0 : i,
      record: rec as unknown as Omit<DrawRecord, 'inputs' | 'result'> & { error?: SlotFailure },
    };
  } catch (e) {
    if (e instanceof NotCanonical) return { ok: false, difference: `${e.message}: the streaming check needs the record as the server writes it (canonical JSON); check it in memory if it is small enough`, canonical: false };
    if (e instanceof DrawError) return { ok: false, difference: `inputs: ${e.message}`, canonical: true };
    throw e;
  }
}


/** A record checked in pieces, as the register check takes it (domain/register.ts CheckedInPieces). */
export function checkedInPieces(v: StreamVerification): CheckedInPieces {
  if (!v.ok) return { checkedInPieces: true, hash: '', previous: '', protocol: '', commitment: '', drawnAt: '', problem: v.difference };
  const r = v.record;
  return { checkedInPieces: true, hash: v.hash, previous: r.previous, protocol: r.protocol, commitment: recordHash(r.commitment), drawnAt: r.reveal.drawnAt, problem: null };
}
