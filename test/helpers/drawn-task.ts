// A drawn task of the market bureau, made straight through the services (ssj-draw/1, which needs no
// beacon): what tests of the inspection itself start from.
import type { Db } from '../../src/store/db';
import { createTask, commitTask, drawTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';

export interface DrawnTask {
  taskId: number;
  drawId: number;
  itemId: number;
  /** The first selected entities (row ids), in draw order. */
  entities: number[];
}

export function drawnTask(db: Db, o: { number: string; itemCode: string; at: Date; entities?: number; region?: string }): DrawnTask {
  const dept = db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
  const itemId = db.prepare<[string], number>('SELECT id FROM items WHERE code = ?').pluck().get(o.itemCode)!;
  const t = createTask(db, {
    departmentId: dept, number: o.number, title: o.number, filters: { region: o.region ?? '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0,
    teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [itemId], now: o.at.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(db, t.value, 'admin', o.at);
  const d = drawTask(db, t.value, [], 'admin', o.at);
  if (!d.ok) throw new Error(d.message);
  const entities = db.prepare<[number, number], number>('SELECT entity_id FROM draw_selections WHERE draw_id = ? ORDER BY position LIMIT ?').pluck().all(d.value.drawId, o.entities ?? 1);
  return { taskId: t.value, drawId: d.value.drawId, itemId, entities };
}

/** The certificate number of the first picked of an entity's team. */
export function firstOfTeam(db: Db, drawId: number, entityId: number): { id: number; cert: string } {
  return db.prepare<[number, number], { id: number; cert: string }>(
    'SELECT p.id, p.cert_no AS cert FROM assignments a JOIN inspectors p ON p.id = a.inspector_id WHERE a.draw_id = ? AND a.entity_id = ? AND a.expert = 0 ORDER BY a.slot LIMIT 1',
  ).get(drawId, entityId)!;
}
