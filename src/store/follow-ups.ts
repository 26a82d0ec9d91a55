// The SQL of follow-ups (后续处置, migration 0029).
import type { Db } from './db';
import type { FollowUpState } from '../domain/follow-up';

export interface FollowUp {
  resultId: number;
  state: FollowUpState;
  deadline: string;
  referredTo: string;
  caseNo: string;
  endedOn: string;
}

const COLS = 'result_id AS resultId, state, deadline, referred_to AS referredTo, case_no AS caseNo, ended_on AS endedOn';

export function getFollowUp(db: Db, resultId: number): FollowUp | undefined {
  return db.prepare<[number], FollowUp>(`SELECT ${COLS} FROM follow_ups WHERE result_id = ?`).get(resultId);
}

export function saveFollowUp(db: Db, f: FollowUp, by: string, now: string): void {
  db.prepare(
    `INSERT INTO follow_ups (result_id, state, deadline, referred_to, case_no, ended_on, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (result_id) DO UPDATE SET state = excluded.state, deadline = excluded.deadline, referred_to = excluded.referred_to, case_no = excluded.case_no,
       ended_on = excluded.ended_on, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(f.resultId, f.state, f.deadline, f.referredTo, f.caseNo, f.endedOn, by, now);
}

export interface FollowUpStepRow {
  kind: string;
  onDate: string;
  detail: Record<string, unknown>;
  by: string;
  at: string;
}

export function addFollowUpStep(db: Db, resultId: number, s: { kind: string; onDate: string; detail: unknown; by: string; at: string }): void {
  db.prepare('INSERT INTO follow_up_steps (result_id, kind, on_date, detail, by_user, at) VALUES (?, ?, ?, ?, ?, ?)').run(resultId, s.kind, s.onDate, JSON.stringify(s.detail), s.by, s.at);
}

export function followUpSteps(db: Db, resultId: number): FollowUpStepRow[] {
  return db
    .prepare<[number], { kind: string; onDate: string; detail: string; by: string; at: string }>(
      'SELECT kind, on_date AS onDate, detail, by_user AS by, at FROM follow_up_steps WHERE result_id = ? ORDER BY id',
    )
    .all(resultId)
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

export interface OpenFollowUp extends FollowUp {
  entityName: string;
  uscc: string;
  itemName: string;
  taskNumber: string;
}

/** Orders to put things right still open (责令整改), earliest deadline first, of a department's tasks or all. */
export function openFollowUps(db: Db, departmentId?: number): OpenFollowUp[] {
  return db
    .prepare<unknown[], OpenFollowUp>(
      `SELECT f.result_id AS resultId, f.state, f.deadline, f.referred_to AS referredTo, f.case_no AS caseNo, f.ended_on AS endedOn,
         e.name AS entityName, e.uscc, i.name AS itemName, t.number AS taskNumber
       FROM follow_ups f JOIN results r ON r.id = f.result_id JOIN entities e ON e.id = r.entity_id JOIN items i ON i.id = r.item_id
       JOIN draws d ON d.id = r.draw_id JOIN tasks t ON t.id = d.task_id
       WHERE f.state = '责令整改' ${departmentId === undefined ? '' : 'AND t.department_id = ?'} ORDER BY f.deadline, f.result_id`,
    )
    .all(...(departmentId === undefined ? [] : [departmentId]));
}
