// A draw's teams are stored once, one row per member in `assignments` with its place in the pick
// order (migration 0020); these read a team back in that order.

/** SQL for the team of the selection aliased `ds`: its members' row ids in pick order, comma-separated. */
export const TEAM_OF_SELECTION = (ds: string): string =>
  `(SELECT group_concat(a.inspector_id, ',' ORDER BY a.slot) FROM assignments a WHERE a.draw_id = ${ds}.draw_id AND a.entity_id = ${ds}.entity_id AND a.expert = 0)`;

/** SQL for the experts of the selection aliased `ds` (ssj-draw/2 §4a): their row ids in pick order, comma-separated (null: none). */
export const EXPERTS_OF_SELECTION = (ds: string): string =>
  `(SELECT group_concat(a.inspector_id, ',' ORDER BY a.slot) FROM assignments a WHERE a.draw_id = ${ds}.draw_id AND a.entity_id = ${ds}.entity_id AND a.expert = 1)`;

/** A team as TEAM_OF_SELECTION gives it. */
export function teamIds(text: string | null): number[] {
  return text ? text.split(',').map(Number) : [];
}
