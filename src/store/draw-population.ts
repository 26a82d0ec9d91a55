// The SQL behind a draw's inputs: the entity population, recent inspections, the inspector pool, recusals.
import type { Db } from './db';
import { TEAM_OF_SELECTION, teamIds } from './teams';

/**
 * Task filters allowed on entities (field → column); only these constant columns reach the SQL text.
 * Each is also a column of entity_facet_counts, which exclusionCounts relies on.
 */
const FILTER_COLUMNS: Record<string, string> = {
  region: 'region', industry: 'industry', entityType: 'entity_type', creditClass: 'credit_class', regState: 'reg_state',
};
export const TASK_FILTERS = Object.keys(FILTER_COLUMNS);

/** `active = 1` and the task's filters as SQL conditions on columns named with `prefix`, with their parameters. */
function filterClauses(filters: Record<string, string>, prefix: string): { clauses: string[]; params: unknown[] } {
  const clauses = [prefix + 'active = 1'];
  const params: unknown[] = [];
  for (const [field, col] of Object.entries(FILTER_COLUMNS)) {
    const v = filters[field];
    if (v) clauses.push(prefix + col + ' = ?'), params.push(v);
  }
  return { clauses, params };
}

/** What decides a task's population: its filters, and what makes an entity ineligible. */
export interface PopulationQuery {
  filters: Record<string, string>;
  taskId: number;
  itemIds: number[];
  /** China date: an entity whose last inspection is on or after it is left out. */
  sinceDate: string;
  /** The same moment as an ISO timestamp: entities drawn since then for one of the items are left out. */
  sinceIso: string;
  /** The items' targets on the draw date (store/special-lists.ts scopeCondition), or null when no item limits them. */
  scope?: { sql: string; params: unknown[] } | null;
}

/**
 * The WHERE clause shared by the two queries below, with its parameters in order: the task's
 * filters, and "recent", an entity inspected (per its record) or drawn for one of the items since.
 */
function population(q: PopulationQuery, opts: { drawn: boolean } = { drawn: true }): { where: string; recent: string; params: unknown[]; recentParams: unknown[] } {
  const { clauses, params } = filterClauses(q.filters, 'e.');
  if (q.scope) clauses.push(q.scope.sql), params.push(...q.scope.params);
  const drawn = q.itemIds.length && opts.drawn
    ? `e.id IN (SELECT ds.entity_id FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id JOIN task_items ti ON ti.task_id = d.task_id
        WHERE d.void_reason IS NULL AND d.drawn_at >= ? AND ti.item_id IN (${q.itemIds.map(() => '?').join(', ')}))`
    : '0';
  return {
    where: clauses.join(' AND '),
    params,
    recent: `((e.last_inspected <> '' AND e.last_inspected >= ?) OR ${drawn})`,
    recentParams: [q.sinceDate, ...(q.itemIds.length && opts.drawn ? [q.sinceIso, ...q.itemIds] : [])],
  };
}

/** Whether a valid draw since q.sinceIso drew for one of the items (else "drawn recently" needs no test per row). */
function anyRecentDraw(db: Db, q: PopulationQuery): boolean {
  if (!q.itemIds.length) return false;
  return db
    .prepare(
      `SELECT 1 FROM draws d JOIN task_items ti ON ti.task_id = d.task_id
       WHERE d.void_reason IS NULL AND d.drawn_at >= ? AND ti.item_id IN (${q.itemIds.map(() => '?').join(', ')}) LIMIT 1`,
    )
    .get(q.sinceIso, ...q.itemIds) !== undefined;
}

/**
 * The rows a draw leaves out, by reason in the order the rules apply: registration state, then a
 * manual exclusion (with its reason), then a recent inspection. No scan of the directory: the
 * states come from the exact facet counts (the task's filters are facet columns), the manual ones
 * from the task's exclusions, and "recent" is what remains of the 存续 rows once the eligible
 * (counted by the caller's read) and the manual ones are taken away.
 */
export function exclusionCounts(db: Db, q: PopulationQuery, eligible: number): { kind: 'state' | 'scope' | 'manual' | 'recent'; detail: string; n: number }[] {
  const facets = filterClauses(q.filters, '');
  const states = db
    .prepare<unknown[], { detail: string; n: number }>('SELECT reg_state AS detail, sum(n) AS n FROM entity_facet_counts WHERE ' + facets.clauses.join(' AND ') + ' GROUP BY reg_state ORDER BY reg_state')
    .all(...facets.params);
  const p = population(q);
  const manual = db
    .prepare<unknown[], { detail: string; n: number }>(
      `SELECT x.reason AS detail, count(*) AS n FROM task_exclusions x JOIN entities e ON e.id = x.entity_id
       WHERE x.task_id = ? AND ${p.where} AND e.reg_state = '存续' GROUP BY x.reason ORDER BY x.reason`,
    )
    .all(q.taskId, ...p.params);
  const live = states.find((s) => s.detail === '存续')?.n ?? 0;
  // Outside the items' targets: counted (a scan, only where an item limits its targets).
  const outside = q.scope
    ? db.prepare<unknown[], number>(`SELECT count(*) FROM entities e WHERE ${filterClauses(q.filters, 'e.').clauses.join(' AND ')} AND e.reg_state = '存续' AND NOT ${q.scope.sql}`).pluck()
      .get(...filterClauses(q.filters, 'e.').params, ...q.scope.params)!
    : 0;
  const recent = live - outside - manual.reduce((a, m) => a + m.n, 0) - eligible;
  return [
    ...states.filter((s) => s.detail !== '存续' && s.n > 0).map((s) => ({ kind: 'state' as const, ...s })),
    ...(outside > 0 ? [{ kind: 'scope' as const, detail: '', n: outside }] : []),
    ...manual.map((m) => ({ kind: 'manual' as const, ...m })),
    ...(recent > 0 ? [{ kind: 'recent' as const, detail: '', n: recent }] : []),
  ];
}

/** A range of USCCs: from `from` (inclusive) to `before` (exclusive); an end not given is open. */
export interface UsccRange {
  from?: string;
  before?: string;
}

/**
 * The eligible rows of a USCC range as one text, in USCC order, each row `uscc|region|class|id` and
 * the rows joined by '|', given as its UTF-8 bytes: SQLite builds the text, so no row object is made
 * per row (a population can be ten million), and no JS string either (a 5,000,000-row part is about
 * 200 MB of bytes, twice that as a string of Chinese text). Region and class are '' unless `columns` asks for them (each column read costs on
 * a million rows). The rows are sorted by their text, which for USCCs (18 characters each) is USCC
 * order (BINARY collation: UTF-8 byte order, as ssj-draw/1 sorts) and sorts a fifth faster than by
 * the column; group_concat keeps the order of its subquery. The reader checks both (an id that is no
 * USCC, or out of order, is refused), and finds a '|' in a region by the count of fields (a stratum
 * key may not hold '|' anyway, ssj-draw/1 §3).
 */
export function eligibleText(
  db: Db, q: PopulationQuery, columns: { region: boolean; creditClass: boolean }, range: UsccRange = {},
): { bytes: Buffer; count: number } {
  // The tests of manual exclusions and recent draws are left out where nothing could meet them (the
  // usual case): each costs a lookup per row.
  const p = population(q, { drawn: anyRecentDraw(db, q) });
  const manual = db.prepare('SELECT 1 FROM task_exclusions WHERE task_id = ? LIMIT 1').get(q.taskId) !== undefined;
  const bounds = [...(range.from !== undefined ? ['e.uscc >= ?'] : []), ...(range.before !== undefined ? ['e.uscc < ?'] : [])];
  const r = db
    .prepare<unknown[], [Buffer | null, number]>(
      `SELECT CAST(group_concat(f, '|') AS BLOB), count(*) FROM (
         SELECT concat_ws('|', e.uscc, ${columns.region ? 'e.region' : "''"}, ${columns.creditClass ? 'e.credit_class' : "''"}, e.id) AS f FROM entities e
         WHERE ${[p.where, ...bounds].join(' AND ')} AND e.reg_state = '存续'
           ${manual ? 'AND NOT EXISTS (SELECT 1 FROM task_exclusions x WHERE x.task_id = ? AND x.entity_id = e.id)' : ''}
           AND NOT ${p.recent}
         ORDER BY f)`,
    )
    .raw()
    .get(...p.params, ...[range.from, range.before].filter((x) => x !== undefined), ...(manual ? [q.taskId] : []), ...p.recentParams)!;
  return { bytes: r[0] ?? Buffer.alloc(0), count: r[1] };
}

/**
 * The eligible rows counted by region and credit class (as eligibleText would list them, without
 * reading them): what a task's form shows before the task is saved.
 */
export function eligibleCounts(db: Db, q: PopulationQuery): { region: string; creditClass: string; n: number }[] {
  const p = population(q, { drawn: anyRecentDraw(db, q) });
  return db
    .prepare<unknown[], { region: string; creditClass: string; n: number }>(
      `SELECT e.region, e.credit_class AS creditClass, count(*) AS n FROM entities e
       WHERE ${p.where} AND e.reg_state = '存续'
         AND NOT EXISTS (SELECT 1 FROM task_exclusions x WHERE x.task_id = ? AND x.entity_id = e.id)
         AND NOT ${p.recent}
       GROUP BY e.region, e.credit_class`,
    )
    .all(...p.params, q.taskId, ...p.recentParams);
}

/**
 * The USCC about `fraction` of the way through the entity table in USCC order (from the USCC index;
 * row ids are dense, rows being only added), or undefined for an empty table.
 */
export function usccAt(db: Db, fraction: number): string | undefined {
  const lo = db.prepare<[], number | null>('SELECT min(id) FROM entities').pluck().get();
  const hi = db.prepare<[], number | null>('SELECT max(id) FROM entities').pluck().get();
  if (lo == null || hi == null) return undefined;
  return db.prepare<unknown[], string>('SELECT uscc FROM entities ORDER BY uscc LIMIT 1 OFFSET ?').pluck().get(Math.floor((hi - lo) * fraction));
}

/** Regions of some entities by row id (for home-region avoidance, needed only for the selected). */
export function regionsOf(db: Db, ids: number[]): Map<number, string> {
  const stmt = db.prepare<[number], string>('SELECT region FROM entities WHERE id = ?').pluck();
  return new Map(ids.map((id) => [id, stmt.get(id) ?? '']));
}

export interface PoolRow {
  id: number;
  certNo: string;
  departmentId: number;
  region: string;
  specialties: string;
  isExpert: string;
  status: string;
  certExpiry: string;
}

export function inspectorsOf(db: Db, departmentIds: number[]): PoolRow[] {
  return db
    .prepare<unknown[], PoolRow>(
      `SELECT id, cert_no AS certNo, department_id AS departmentId, region, specialties, is_expert AS isExpert, status, cert_expiry AS certExpiry
       FROM inspectors WHERE active = 1 AND department_id IN (` + departmentIds.map(() => '?').join(', ') + ')',
    )
    .all(...departmentIds);
}

export function allRecusals(db: Db): { inspectorId: number; entityId: number; uscc: string }[] {
  return db
    .prepare<unknown[], { inspectorId: number; entityId: number; uscc: string }>('SELECT r.inspector_id AS inspectorId, r.entity_id AS entityId, e.uscc FROM recusals r JOIN entities e ON e.id = r.entity_id')
    .all();
}

export function addRecusal(db: Db, r: { inspectorId: number; entityId: number; reason: string; actor: string; now: string }): void {
  db.prepare('INSERT OR REPLACE INTO recusals (inspector_id, entity_id, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(r.inspectorId, r.entityId, r.reason, r.actor, r.now);
}

/**
 * For each of the given entities (row ids) drawn before, the inspectors of its latest valid draw (for
 * "not the same inspector as last time"). Only the draw's selected entities are asked about: reading
 * every selection ever made took 0.4 s a draw after six million-entity draws, and grows every month.
 */
export function lastInspectors(db: Db, entityIds: number[]): Map<number, number[]> {
  const rows = db
    .prepare<unknown[], { e: number; i: string | null }>(
      `SELECT ds.entity_id AS e, ${TEAM_OF_SELECTION('ds')} AS i FROM json_each(?) j CROSS JOIN draw_selections ds ON ds.entity_id = j.value
       JOIN draws d ON d.id = ds.draw_id WHERE d.void_reason IS NULL ORDER BY d.id`,
    )
    .all(JSON.stringify(entityIds));
  return new Map(rows.map((r) => [r.e, teamIds(r.i)]));
}

/**
 * The inspectors of the latest valid draw of every entity ever drawn, by USCC: ssj-draw/2 freezes
 * exclusion pairs for a whole population before anyone is selected, and asking per member would pass
 * ten million ids; this reads every selection instead (a few hundred milliseconds after several
 * million-entity draws).
 */
export function lastInspectorsOfAll(db: Db): Map<string, number[]> {
  const rows = db
    .prepare<[], { u: string; i: string | null }>(
      `SELECT e.uscc AS u, ${TEAM_OF_SELECTION('ds')} AS i FROM draw_selections ds JOIN draws d ON d.id = ds.draw_id
       JOIN entities e ON e.id = ds.entity_id WHERE d.void_reason IS NULL ORDER BY d.id`,
    )
    .all();
  return new Map(rows.map((r) => [r.u, teamIds(r.i)]));
}

export function addManualExclusion(db: Db, taskId: number, entityId: number, reason: string): void {
  db.prepare('INSERT OR REPLACE INTO task_exclusions (task_id, entity_id, reason) VALUES (?, ?, ?)').run(taskId, entityId, reason);
}

/** An entity's row id and name by its USCC. */
export function entityByUscc(db: Db, uscc: string): { id: number; name: string } | undefined {
  return db.prepare<unknown[], { id: number; name: string }>('SELECT id, name FROM entities WHERE uscc = ?').get(uscc);
}

/** Name and certificate number of inspectors by row id (all of them, or the given ones). */
export function inspectorIdentities(db: Db, ids?: number[]): Map<number, { name: string; certNo: string }> {
  type Identity = { id: number; name: string; certNo: string };
  const rows = ids
    ? db.prepare<[string], Identity>('SELECT i.id, i.name, i.cert_no AS certNo FROM inspectors i JOIN json_each(?) j ON j.value = i.id').all(JSON.stringify(ids))
    : db.prepare<[], Identity>('SELECT id, name, cert_no AS certNo FROM inspectors').all();
  return new Map(rows.map((r) => [r.id, { name: r.name, certNo: r.certNo }]));
}

export interface RecusalRow {
  entityId: number;
  uscc: string;
  name: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export function recusalsOf(db: Db, inspectorId: number): RecusalRow[] {
  return db
    .prepare<unknown[], RecusalRow>(
      `SELECT r.entity_id AS entityId, e.uscc, e.name, r.reason, r.created_by AS createdBy, r.created_at AS createdAt
       FROM recusals r JOIN entities e ON e.id = r.entity_id WHERE r.inspector_id = ? ORDER BY r.created_at DESC`,
    )
    .all(inspectorId);
}

export function removeRecusal(db: Db, inspectorId: number, entityId: number): boolean {
  return db.prepare('DELETE FROM recusals WHERE inspector_id = ? AND entity_id = ?').run(inspectorId, entityId).changes === 1;
}

/** Row ids of entities by USCC (the selected of a draw), in one statement. */
export function entityIdsByUscc(db: Db, usccs: string[]): Map<string, number> {
  const rows = db
    .prepare<[string], { u: string; id: number }>('SELECT e.uscc AS u, e.id FROM json_each(?) j JOIN entities e ON e.uscc = j.value')
    .all(JSON.stringify(usccs));
  return new Map(rows.map((r) => [r.u, r.id]));
}

/** USCCs and regions of the entities in the given regions (home-region avoidance over a population). */
export function entitiesInRegions(db: Db, regions: string[]): { uscc: string; region: string }[] {
  if (regions.length === 0) return [];
  return db.prepare<[string], { uscc: string; region: string }>('SELECT e.uscc, e.region FROM json_each(?) j JOIN entities e ON e.region = j.value').all(JSON.stringify(regions));
}
