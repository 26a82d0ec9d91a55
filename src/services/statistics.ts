// The year's figures (statistics pages): coverage by class, region and industry; achieved against
// planned per stratum; selections and the joint share; loads per inspector. Numbers only; the web
// draws them.
import type { Db } from '../store/db';
import type { DrawSummary } from '../domain/bundle';
import { quota } from '../domain/draw';
import { coverage, inspectorLoads, inspectorNames, itemCoverage, summariesOfYear, type Coverage } from '../store/statistics';
import { minimumRatioBp } from '../domain/item-ratio';

export interface YearFigures {
  draws: number;
  selections: number;
  /** Share of the selections made by joint tasks (null without selections). */
  jointShare: number | null;
  coverage: Coverage;
  /** Per stratum key, summed over the year's draws. */
  strata: { key: string; eligible: number; selected: number; planned: number }[];
  /** Certificate number and count, most first. */
  loads: { cert: string; name: string; n: number }[];
  /** Per item: entities drawn for it in the year against its population, and its minimum ratio (一年内抽查比例). */
  items: { code: string; name: string; ratio: string; drawn: number; population: number; minBp: number | null; met: boolean | null }[];
}

export function yearFigures(db: Db, year: string, departmentId?: number, day = `${year}-12-31`): YearFigures {
  const summaries = summariesOfYear(db, year).map((b) => JSON.parse(b) as DrawSummary);
  const strata = new Map<string, { eligible: number; selected: number; planned: number }>();
  let selections = 0;
  let joint = 0;
  for (const b of summaries) {
    for (const s of b.strata) {
      const rule = b.rules.find((x) => x.key === s.key)!;
      const agg = strata.get(s.key) ?? { eligible: 0, selected: 0, planned: 0 };
      agg.eligible += s.eligible;
      agg.selected += s.selected;
      agg.planned += 'ratioBp' in rule ? (s.eligible * rule.ratioBp) / 10000 : quota(rule, s.eligible);
      strata.set(s.key, agg);
    }
    selections += b.selected;
    if (b.joint) joint += b.selected;
  }
  const names = inspectorNames(db);
  const loads = [...inspectorLoads(db, year, departmentId).entries()].sort((a, b) => b[1] - a[1]).map(([cert, n]) => ({ cert, name: names.get(cert) ?? '', n }));
  return {
    draws: summaries.length, selections, jointShare: selections ? joint / selections : null, coverage: coverage(db, year),
    strata: [...strata.entries()].map(([key, v]) => ({ key, ...v })), loads,
    items: itemCoverage(db, year, day, departmentId).map((i) => {
      const minBp = minimumRatioBp(i.ratio);
      return { ...i, minBp, met: minBp === null ? null : i.population > 0 && i.drawn * 10000 >= i.population * minBp };
    }),
  };
}
