// What a task's conditions would draw today, before the task is saved: the eligible entities per
// stratum, the quotas the rules give, what is left out and why, and whether an item's minimum ratio
// is met. Counted in SQL (no entity read); the commitment freezes the exact figures later.
import type { Db } from '../store/db';
import { eligibleCounts } from '../store/draw-population';
import { chinaDate } from '../domain/dates';
import { quota, type StratumRule } from '../domain/draw';
import { ruleFor, stratumKey, type StrataMode } from '../domain/strata';
import { compareUtf8 } from '../domain/hash';
import type { ClassRule } from '../store/tasks';
import { itemsById } from '../store/items';
import { DEFAULT_CLASS_RULES, leftOut, queryOf } from './draw-inputs';
import { ratioShortfall } from './item-ratios';

export interface Estimate {
  eligible: number;
  selected: number;
  strata: { key: string; eligible: number; quota: number }[];
  leftOut: { reason: string; n: number }[];
  /** An item's floor not met, in words (the commitment would be refused), or null. */
  shortfall: string | null;
}

export interface TaskConditions {
  /** The saved task being edited (its manual exclusions count), or null for a new one. */
  taskId: number | null;
  filters: Record<string, string>;
  strataMode: StrataMode;
  strataRules: Record<string, ClassRule>;
  recentMonths: number;
  itemIds: number[];
}

export function estimatePopulation(db: Db, t: TaskConditions, now: Date): Estimate {
  const day = chinaDate(now);
  const q = queryOf(db, { taskId: t.taskId ?? -1, filters: t.filters, recentMonths: t.recentMonths, itemIds: t.itemIds }, day);
  const sizes = new Map<string, number>();
  for (const r of eligibleCounts(db, q)) {
    const key = stratumKey(t.strataMode, r.region, r.creditClass);
    sizes.set(key, (sizes.get(key) ?? 0) + r.n);
  }
  const strata = [...sizes.keys()].sort(compareUtf8).map((key) => {
    const r = ruleFor(t.strataMode, key, t.strataRules, DEFAULT_CLASS_RULES);
    const rule = (r.count !== undefined ? { key, count: r.count } : { key, ratioBp: r.ratioBp! }) as StratumRule;
    return { key, eligible: sizes.get(key)!, quota: quota(rule, sizes.get(key)!) };
  });
  const eligible = strata.reduce((a, s) => a + s.eligible, 0);
  const selected = strata.reduce((a, s) => a + s.quota, 0);
  const reasons = leftOut(db, t.recentMonths, q, eligible);
  return {
    eligible, selected, strata,
    leftOut: Object.entries(reasons).map(([reason, n]) => ({ reason, n })),
    shortfall: ratioShortfall(itemsOf(db, t.itemIds), selected, eligible)?.replace(/未承诺。$/, '承诺时将被拒绝。') ?? null,
  };
}

const itemsOf = itemsById;
