// Figures of the statistics pages, from valid (not voided) draws of one year.
import type { Db } from './db';

const COLUMNS = { class: 'credit_class', region: 'region', industry: 'industry' } as const;
export type Dimension = keyof typeof COLUMNS;

/** Distinct entities drawn in the year per value of a column, against the 存续 entities with that value. */
export function coverage(db: Db, dim: Dimension, year: string): { key: string; drawn: number; total: number }[] {
  const col = COLUMNS[dim];
  return db
    .prepare(
      'SELECT e.' + col + " AS key, count(*) AS total, count(s.entity_id) AS drawn FROM entities e LEFT JOIN (SELECT DISTINCT ds.entity_id FROM draw_selections ds " +
        "JOIN draws d ON d.id = ds.draw_id AND d.void_reason IS NULL WHERE substr(d.drawn_at, 1, 4) = ?) s ON s.entity_id = e.id " +
        "WHERE e.active = 1 AND e.reg_state = '存续' GROUP BY e." + col + ' ORDER BY e.' + col,
    )
    .all(year) as { key: string; drawn: number; total: number }[];
}

/** The summaries (JSON) of the year's valid draws. */
export function summariesOfYear(db: Db, year: string): string[] {
  return db.prepare("SELECT summary FROM draws WHERE void_reason IS NULL AND substr(drawn_at, 1, 4) = ? ORDER BY id").pluck().all(year) as string[];
}

/** Inspections per inspector (certificate number) in the year's valid draws. */
export function inspectorLoads(db: Db, year: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT i.cert_no AS c, count(*) AS n FROM draws d JOIN draw_selections ds ON ds.draw_id = d.id, json_each(ds.inspector_ids) j
       JOIN inspectors i ON i.id = j.value WHERE d.void_reason IS NULL AND substr(d.drawn_at, 1, 4) = ? GROUP BY i.cert_no`,
    )
    .all(year) as { c: string; n: number }[];
  return new Map(rows.map((r) => [r.c, r.n]));
}

export function inspectorNames(db: Db): Map<string, string> {
  return new Map((db.prepare('SELECT cert_no AS c, name FROM inspectors').all() as { c: string; name: string }[]).map((r) => [r.c, r.name]));
}
