// An ssj-draw/2 outcome computed from the inputs frozen at commitment as they were stored (their
// canonical bytes, read into arrays, never parsed into an object per entity), and the record's text
// made in pieces around those same bytes: a 10,000,000-entity record (about 750 MB) is never one
// string, and the inputs are never serialised a second time.
import { Bytes, readFromBuffer, readInputs, selectCompact, strataOf } from '../domain/compact-inputs';
import { assignTeamsEach, checkInputs, DrawError, type DrawInputs, type Selection, type StratumResult } from '../domain/draw';
import { slotFailureOf, type DrawRecord, type FailureRecord, type SlotFailure } from '../domain/draw-v2';
import { canonicalize, writeCanonical } from '../domain/jcs';
import { ENTITIES_END } from '../domain/bundle';

export interface FrozenOutcome {
  /** The inputs but their population. */
  inputs: Omit<DrawInputs, 'entities'>;
  eligible: number;
  outcome: { result: { strata: StratumResult[]; selected: Selection[] } } | { error: SlotFailure };
  /** Each selected entity's position in the population (selected[i] is at positions[i]). */
  positions: number[];
}

/** §4-§5 on the frozen inputs' canonical bytes with this seed. */
export function outcomeFromFrozen(frozen: Buffer, seed: string): FrozenOutcome {
  const r = new Bytes(readFromBuffer(frozen));
  const { pop, rest } = readInputs(r);
  if (r.need(1) > 0) throw new Error('frozen inputs: bytes after the inputs object');
  if (pop.problem) throw new DrawError(pop.problem);
  checkInputs({ ...rest, entities: [] }, { entitiesChecked: true });
  const { stratumOf, sizes } = strataOf(pop, rest.strata);
  const selection = selectCompact(pop, stratumOf, rest, sizes, seed);
  const selected: Selection[] = [];
  try {
    assignTeamsEach(seed, rest, selection.selected, (s) => void selected.push(s), true);
  } catch (e) {
    return { inputs: rest, eligible: pop.n, outcome: { error: slotFailureOf(e) }, positions: [] };
  }
  return { inputs: rest, eligible: pop.n, outcome: { result: { strata: selection.strata, selected } }, positions: selection.positions };
}

/** A record without its inputs, which come as their canonical bytes. */
export type RecordWithoutInputs = Omit<DrawRecord, 'inputs'> | Omit<FailureRecord, 'inputs'>;

/**
 * canonicalize(record) as UTF-8 pieces, the record's inputs being `inputs` (their canonical bytes):
 * its members in RFC 8785 order, the result written a megabyte at a time. `entities` is where the
 * population's records lie in the joined bytes (for storing the record in pieces).
 */
export function recordPieces(r: RecordWithoutInputs, inputs: Buffer): { pieces: Buffer[]; entities: { start: number; end: number } } {
  const c = canonicalize;
  const head = Buffer.from(
    r.kind === 'draw' ? `{"commitment":${c(r.commitment)},"inputs":` : `{"commitment":${c(r.commitment)},"error":${c(r.error)},"inputs":`,
    'utf8',
  );
  const pieces = [head, inputs];
  const text = (s: string) => void pieces.push(Buffer.from(s, 'utf8'));
  if (r.kind === 'draw') {
    text(`,"inputsHash":${c(r.inputsHash)},"kind":"draw","previous":${c(r.previous)},"protocol":${c(r.protocol)},"result":`);
    writeCanonical(r.result, text);
    text(`,"reveal":${c(r.reveal)}}`);
  } else text(`,"inputsHash":${c(r.inputsHash)},"kind":"failure","previous":${c(r.previous)},"protocol":${c(r.protocol)},"reveal":${c(r.reveal)}}`);
  const listEnd = inputs.indexOf(ENTITIES_END);
  if (listEnd < 0) throw new Error('frozen inputs without their entity list');
  return { pieces, entities: { start: head.length + '{"entities":['.length, end: head.length + listEnd } };
}

/**
 * What the register and the pages need of a stored failure record without parsing its inputs (a
 * population's worth of text): the members before them (commitment, error) and after them.
 */
export function failureHead(body: string | Buffer): Omit<FailureRecord, 'inputs'> {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const before = b.indexOf(',"inputs":{"entities":[');
  const after = b.lastIndexOf(',"inputsHash":');
  if (before < 0 || after < 0) throw new Error('not the canonical text of a failure record');
  return { ...(JSON.parse(b.toString('utf8', 0, before) + '}') as object), ...(JSON.parse('{' + b.toString('utf8', after + 1)) as object) } as Omit<FailureRecord, 'inputs'>;
}
