// The teams of a draw as its published bundle states them: the record the stored rows must agree with.
import type { Db } from '../../src/store/db';
import { drawBundleText } from '../../src/store/tasks';

export interface BundleTeam {
  uscc: string;
  /** Inspector row ids in pick order. */
  ids: number[];
}

/** Each selection of a draw, in draw order, with its team (row ids, in pick order) read from the bundle. */
export function bundleTeams(db: Db, drawId: number): BundleTeam[] {
  const bundle = JSON.parse(drawBundleText(db, drawId)!) as { result: { selected: { entity: string; inspectors: string[] }[] } };
  const idOf = new Map(db.prepare<[], { id: number; c: string }>('SELECT id, cert_no AS c FROM inspectors').all().map((r) => [r.c, r.id]));
  return bundle.result.selected.map((s) => ({ uscc: s.entity, ids: s.inspectors.map((c) => idOf.get(c)!) }));
}
