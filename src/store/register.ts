// The department's register of ssj-draw/2 (migration 0021): its records in order, the commitments of
// v2 with their beacons and outcomes, and the inputs frozen at commitment until an outcome takes them.
import type { Db } from './db';
import { parseColumn, type ColumnValue } from './json-columns';

export interface RegisterRow {
  id: number;
  departmentId: number;
  kind: 'commitment' | 'draw' | 'failure' | 'withdrawal';
  protocol: 'ssj-draw/1' | 'ssj-draw/2';
  taskId: number | null;
  at: string;
  hash: string;
  previous: string;
  /** The record's canonical JSON; a draw's is kept with the draw (null here); a failure past V8's longest string as bytes. */
  body: string | Buffer | null;
  drawId: number | null;
  commitmentId: number | null;
}

const ROW_COLS = `id, department_id AS departmentId, kind, protocol, task_id AS taskId, at, hash, previous, body, draw_id AS drawId, commitment_id AS commitmentId`;

/** The hash the department's next record names as its `previous` ('' before the first). */
export function registerHead(db: Db, departmentId: number): string {
  return db.prepare<[number], string>('SELECT hash FROM register_records WHERE department_id = ? ORDER BY id DESC LIMIT 1').pluck().get(departmentId) ?? '';
}

/** The time of the department's latest record (a new one may not be dated before it). */
export function registerLastTime(db: Db, departmentId: number): string | null {
  return db.prepare<[number], string>('SELECT at FROM register_records WHERE department_id = ? ORDER BY id DESC LIMIT 1').pluck().get(departmentId) ?? null;
}

export function hasV2Records(db: Db, departmentId: number): boolean {
  return db.prepare<[number], number>("SELECT 1 FROM register_records WHERE department_id = ? AND protocol = 'ssj-draw/2' LIMIT 1").pluck().get(departmentId) !== undefined;
}

export function appendRecord(db: Db, r: Omit<RegisterRow, 'id'>): number {
  return Number(
    db.prepare(
      `INSERT INTO register_records (department_id, kind, protocol, task_id, at, hash, previous, body, draw_id, commitment_id)
       VALUES (@departmentId, @kind, @protocol, @taskId, @at, @hash, @previous, @body, @drawId, @commitmentId)`,
    ).run(r).lastInsertRowid,
  );
}

export function registerRows(db: Db, departmentId: number): RegisterRow[] {
  return db.prepare<[number], RegisterRow>('SELECT ' + ROW_COLS + ' FROM register_records WHERE department_id = ? ORDER BY id').all(departmentId);
}

export function registerRowsOfTask(db: Db, taskId: number): RegisterRow[] {
  return db.prepare<[number], RegisterRow>('SELECT ' + ROW_COLS + ' FROM register_records WHERE task_id = ? ORDER BY id').all(taskId);
}

export function registerRowByHash(db: Db, hash: string): RegisterRow | undefined {
  return db.prepare<[string], RegisterRow>('SELECT ' + ROW_COLS + ' FROM register_records WHERE hash = ?').get(hash);
}

/** Departments that have a register (any record). */
export function registerDepartments(db: Db): number[] {
  return db.prepare<[], number>('SELECT DISTINCT department_id FROM register_records ORDER BY 1').pluck().all();
}

export interface CommitmentV2 {
  id: number;
  taskId: number;
  secret: string;
  commitment: string;
  committedAt: string;
  beacon: ColumnValue<'commitments.beacon'>;
  beaconAt: string;
  revealBy: string;
  beaconValue: ColumnValue<'commitments.beacon_value'> | null;
  outcome: 'draw' | 'failure' | 'withdrawal' | null;
  recordHash: string;
}

type CommitmentText = Omit<CommitmentV2, 'beacon' | 'beaconValue'> & { beacon: string; beaconValue: string | null };
const C_COLS = `id, task_id AS taskId, secret, commitment, committed_at AS committedAt, beacon, beacon_at AS beaconAt, reveal_by AS revealBy,
  beacon_value AS beaconValue, outcome, record_hash AS recordHash`;
const toCommitment = (r: CommitmentText): CommitmentV2 => ({
  ...r, beacon: parseColumn('commitments.beacon', r.beacon), beaconValue: r.beaconValue === null ? null : parseColumn('commitments.beacon_value', r.beaconValue),
});

export function insertCommitmentV2(
  db: Db, c: { taskId: number; secret: string; commitment: string; committedAt: string; beacon: ColumnValue<'commitments.beacon'>; beaconAt: string; revealBy: string; recordHash: string },
): number {
  return Number(
    db.prepare(
      `INSERT INTO commitments (task_id, secret, commitment, committed_at, protocol, beacon, beacon_at, reveal_by, record_hash)
       VALUES (?, ?, ?, ?, 'ssj-draw/2', ?, ?, ?, ?)`,
    ).run(c.taskId, c.secret, c.commitment, c.committedAt, JSON.stringify(c.beacon), c.beaconAt, c.revealBy, c.recordHash).lastInsertRowid,
  );
}

/** The task's open ssj-draw/2 commitment (at most one: a unique index holds it). */
export function openCommitmentV2(db: Db, taskId: number): CommitmentV2 | undefined {
  const r = db.prepare<[number], CommitmentText>("SELECT " + C_COLS + " FROM commitments WHERE task_id = ? AND protocol = 'ssj-draw/2' AND outcome IS NULL").get(taskId);
  return r && toCommitment(r);
}

/** Open drand commitments whose round is due and has no value yet (the server fetches them). */
export function commitmentsAwaitingDrand(db: Db, nowIso: string): CommitmentV2[] {
  return db
    .prepare<[string], CommitmentText>(
      "SELECT " + C_COLS + " FROM commitments WHERE protocol = 'ssj-draw/2' AND outcome IS NULL AND beacon_value IS NULL AND beacon_at <= ? AND json_extract(beacon, '$.kind') = 'drand' ORDER BY beacon_at",
    )
    .all(nowIso)
    .map(toCommitment);
}

export function setBeaconValue(db: Db, id: number, value: ColumnValue<'commitments.beacon_value'>): void {
  db.prepare('UPDATE commitments SET beacon_value = ? WHERE id = ? AND outcome IS NULL').run(JSON.stringify(value), id);
}

/** Settles a commitment with its one outcome; false when it had one already. */
export function settleCommitment(db: Db, id: number, outcome: 'draw' | 'failure' | 'withdrawal'): boolean {
  return db.prepare('UPDATE commitments SET outcome = ?, used = 1 WHERE id = ? AND outcome IS NULL').run(outcome, id).changes === 1;
}

const PIECE = 1 << 20;

/** Keeps the canonical JSON of the frozen inputs (UTF-8, in pieces of 1 MiB). */
/** What a commitment's population left out, by reason (entities and inspectors), kept for its draw. */
export function setCommitmentExcluded(db: Db, id: number, excluded: ColumnValue<'draws.excluded_counts'>): void {
  db.prepare('UPDATE commitments SET excluded_counts = ? WHERE id = ?').run(JSON.stringify(excluded), id);
}

export function commitmentExcluded(db: Db, id: number): ColumnValue<'draws.excluded_counts'> {
  const text = db.prepare<[number], string | null>('SELECT excluded_counts FROM commitments WHERE id = ?').pluck().get(id);
  return text ? parseColumn('draws.excluded_counts', text) : { entities: {}, inspectors: {} };
}

/** The hash of a commitment's register record ('' for none). */
export function commitmentRecordHash(db: Db, id: number): string {
  return db.prepare<[number], string>('SELECT record_hash FROM commitments WHERE id = ?').pluck().get(id) ?? '';
}

export function writeFrozenInputs(db: Db, commitmentId: number, parts: Uint8Array[]): void {
  const ins = db.prepare('INSERT INTO frozen_inputs (commitment_id, seq, bytes) VALUES (?, ?, ?)');
  const all = Buffer.concat(parts);
  for (let seq = 0, at = 0; at < all.length || seq === 0; seq++, at += PIECE) ins.run(commitmentId, seq, all.subarray(at, Math.min(at + PIECE, all.length)));
}

/** The frozen inputs' canonical JSON as bytes (never as one string: ten million entities make 400 MB). */
export function frozenInputsBytes(db: Db, commitmentId: number): Buffer | undefined {
  const parts = db.prepare<[number], Buffer>('SELECT bytes FROM frozen_inputs WHERE commitment_id = ? ORDER BY seq').pluck().all(commitmentId);
  return parts.length ? Buffer.concat(parts) : undefined;
}

/** Keeps the row ids of a frozen population, in its order (migration 0022). */
export function writeFrozenRowIds(db: Db, commitmentId: number, rowIds: Float64Array): void {
  db.prepare('INSERT INTO frozen_row_ids (commitment_id, bytes) VALUES (?, ?)').run(commitmentId, Buffer.from(rowIds.buffer, rowIds.byteOffset, rowIds.byteLength));
}

/** The row ids of a frozen population, or undefined for a commitment made before they were kept. */
export function frozenRowIds(db: Db, commitmentId: number): Float64Array | undefined {
  const b = db.prepare<[number], Buffer>('SELECT bytes FROM frozen_row_ids WHERE commitment_id = ?').pluck().get(commitmentId);
  return b && new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** The outcome carries the inputs now: the frozen copy goes (one copy at any time). */
export function dropFrozenInputs(db: Db, commitmentId: number): void {
  db.prepare('DELETE FROM frozen_inputs WHERE commitment_id = ?').run(commitmentId);
  db.prepare('DELETE FROM frozen_row_ids WHERE commitment_id = ?').run(commitmentId);
}
