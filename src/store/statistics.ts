// Figures of the statistics pages, from valid (not voided) draws of one year.
import type { Db } from './db';
import { itemScope, scopeCondition } from './special-lists';

export type Dimension = 'class' | 'region' | 'industry';
export type Coverage = Record<Dimension, { key: string; drawn: number; total: number }[]>;

/**
 * Per value of credit class, region and industry: the distinct 存续 entities drawn in the year's
 * valid draws, against all 存续 entities with that value. The totals come from the exact facet
 * counts; the drawn ones from one pass that starts from the year's distinct drawn entities (a
 * scan of the directory per chart took 0.7-1.6 s each on a million rows).
 */
export function coverage(db: Db, year: string): Coverage {
  const totals = db
    .prepare<unknown[], { c: string; r: string; i: string; n: number }>("SELECT credit_class AS c, region AS r, industry AS i, sum(n) AS n FROM entity_facet_counts WHERE active = 1 AND reg_state = '存续' GROUP BY 1, 2, 3")
    .all();
  const drawn = db
    .prepare<unknown[], { c: string; r: string; i: string; n: number }>(
      `SELECT e.credit_class AS c, e.region AS r, e.industry AS i, count(*) AS n
       FROM (SELECT DISTINCT ds.entity_id FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id AND d.void_reason IS NULL WHERE substr(datetime(d.drawn_at, '+8 hours'), 1, 4) = ?) s
       CROSS JOIN entities e ON e.id = s.entity_id
       WHERE e.active = 1 AND e.reg_state = '存续' GROUP BY 1, 2, 3`,
    )
    .all(year);
  const fold = (pick: (x: { c: string; r: string; i: string }) => string) => {
    const by = new Map<string, { key: string; drawn: number; total: number }>();
    const at = (key: string) => by.get(key) ?? (by.set(key, { key, drawn: 0, total: 0 }), by.get(key)!);
    for (const x of totals) at(pick(x)).total += x.n;
    for (const x of drawn) at(pick(x)).drawn += x.n;
    return [...by.values()].filter((x) => x.total > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };
  return { class: fold((x) => x.c), region: fold((x) => x.r), industry: fold((x) => x.i) };
}

/** The summaries (JSON) of the year's valid draws. */
export function summariesOfYear(db: Db, year: string): string[] {
  return db.prepare<unknown[], string>("SELECT summary FROM draws WHERE void_reason IS NULL AND substr(datetime(drawn_at, '+8 hours'), 1, 4) = ? ORDER BY id").pluck().all(year);
}

/** Selections per inspector (by certificate) in the year's valid draws; with a department, its inspectors only. */
export function inspectorLoads(db: Db, year: string, departmentId?: number): Map<string, number> {
  const rows = db
    .prepare<unknown[], { c: string; n: number }>(
      `SELECT i.cert_no AS c, l.n FROM (
         SELECT a.inspector_id AS id, count(*) AS n FROM assignments a JOIN draws d ON d.id = a.draw_id
         WHERE d.void_reason IS NULL AND substr(datetime(d.drawn_at, '+8 hours'), 1, 4) = ? GROUP BY a.inspector_id) l
       JOIN inspectors i ON i.id = l.id` + (departmentId === undefined ? '' : ' WHERE i.department_id = ?'),
    )
    .all(...(departmentId === undefined ? [year] : [year, departmentId]));
  const load = new Map<string, number>();
  for (const r of rows) load.set(r.c, (load.get(r.c) ?? 0) + r.n);
  return load;
}

export function inspectorNames(db: Db): Map<string, string> {
  return new Map(db.prepare<unknown[], { c: string; name: string }>('SELECT cert_no AS c, name FROM inspectors').all().map((r) => [r.c, r.name]));
}

/**
 * Per active item (of a department, or all): the distinct entities drawn for it in the year's valid
 * draws, against its population today (active, 存续, within the item's targets on `day`: a count, a
 * scan only for items that limit their targets).
 */
export function itemCoverage(db: Db, year: string, day: string, departmentId?: number): { id: number; code: string; name: string; ratio: string; drawn: number; population: number }[] {
  const items = db
    .prepare<unknown[], { id: number; code: string; name: string; ratio: string }>(
      `SELECT id, code, name, ratio FROM items WHERE active = 1 ${departmentId === undefined ? '' : 'AND department_id = ?'} ORDER BY department_id, code`,
    )
    .all(...(departmentId === undefined ? [] : [departmentId]));
  const drawn = db.prepare<[string, number], number>(
    `SELECT count(DISTINCT ds.entity_id) FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id AND d.void_reason IS NULL
     JOIN task_items ti ON ti.task_id = d.task_id WHERE substr(datetime(d.drawn_at, '+8 hours'), 1, 4) = ? AND ti.item_id = ?`,
  ).pluck();
  const live = db.prepare<[], number>("SELECT coalesce(sum(n), 0) FROM entity_facet_counts WHERE active = 1 AND reg_state = '存续'").pluck().get()!;
  return items.map((i) => {
    const scope = scopeCondition([itemScope(db, i.id)], day);
    const population = scope
      ? db.prepare<unknown[], number>(`SELECT count(*) FROM entities e WHERE e.active = 1 AND e.reg_state = '存续' AND ${scope.sql}`).pluck().get(...scope.params)!
      : live;
    return { ...i, drawn: drawn.get(year, i.id)!, population };
  });
}
