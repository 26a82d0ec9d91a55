// What the inputs of a draw are made of, shared by ssj-draw/1 (prepareDraw, at the draw) and ssj-draw/2
// (freezeInputs, at the commitment): the population's query, what it left out and why, the strata's
// rules, the inspector pool, and exclusion pairs in the protocol's order.
import type { Db } from '../store/db';
import { compareUtf8 } from '../domain/hash';
import { addMonths } from '../domain/dates';
import { ruleFor } from '../domain/strata';
import type { InspectorInput, StratumRule, TeamRule } from '../domain/draw';
import { listDepartments } from '../store/departments';
import { taskItems, type ClassRule, type TaskItem, type TaskRow } from '../store/tasks';
import { itemScope, scopeCondition } from '../store/special-lists';
import { exclusionCounts, inspectorsOf, type PoolRow, type PopulationQuery } from '../store/draw-population';

/** Default ratios per credit class (basis points): A 低 3%, B 一般 5%, C 较高 20%, D 高 60%; U = not yet classified; '*' per stratum of a mode without classes. */
export const DEFAULT_CLASS_RULES: Record<string, ClassRule> = { A: { ratioBp: 300 }, B: { ratioBp: 500 }, C: { ratioBp: 2000 }, D: { ratioBp: 6000 }, U: { ratioBp: 500 }, '*': { ratioBp: 500 } };

/** The task's items and its population's query for a draw on `day` (China date). */
export function populationQuery(db: Db, task: TaskRow, day: string): { items: TaskItem[]; q: PopulationQuery } {
  const items = taskItems(db, task.id);
  return { items, q: queryOf(db, { taskId: task.id, filters: task.filters, recentMonths: task.recentMonths, itemIds: items.map((i) => i.id) }, day) };
}

/** The population's query of a task's conditions (saved or not: taskId -1 has no manual exclusions) for a draw on `day`. */
export function queryOf(db: Db, t: { taskId: number; filters: Record<string, string>; recentMonths: number; itemIds: number[] }, day: string): PopulationQuery {
  const since = addMonths(day, -t.recentMonths);
  const scope = scopeCondition(t.itemIds.map((id) => itemScope(db, id)), day);
  return { filters: t.filters, taskId: t.taskId, itemIds: t.itemIds, sinceDate: since, sinceIso: new Date(Date.parse(since + 'T00:00:00+08:00')).toISOString(), scope };
}

/** Left out, by reason (the rules in order: registration state, manual exclusion, recent inspection). */
export function leftOut(db: Db, recentMonths: number, q: PopulationQuery, eligible: number): Record<string, number> {
  const excluded: Record<string, number> = {};
  for (const c of exclusionCounts(db, q, eligible)) {
    const reason = c.kind === 'state' ? `登记状态为${c.detail}` : c.kind === 'scope' ? '不在抽查事项的检查对象范围内' : c.kind === 'manual' ? `手动排除：${c.detail}` : `${recentMonths}个月内已检查`;
    excluded[reason] = (excluded[reason] ?? 0) + c.n;
  }
  return excluded;
}

/** The rule of each stratum the population has, in key order. */
export function strataRules(task: TaskRow, populationKeys: string[]): StratumRule[] {
  return [...populationKeys].sort(compareUtf8).map((key) => {
    const r = ruleFor(task.strataMode, key, task.strataRules, DEFAULT_CLASS_RULES);
    return r.count !== undefined ? { key, count: r.count } : { key, ratioBp: r.ratioBp! };
  });
}

export interface InspectorPool {
  /** The rows of the inspectors in the pool. */
  pool: PoolRow[];
  /** As the protocol lists them (by certificate number, groups for a joint task). */
  inspectors: InspectorInput[];
  team: TeamRule;
  /** Left out, by reason. */
  excluded: Record<string, number>;
}

/** Who may be drawn for the task's teams on `day`: on duty, certified through that day, not an expert, of the specialty the items need. */
export function inspectorPool(db: Db, task: TaskRow, items: TaskItem[], day: string, expired: string): InspectorPool {
  const depts = listDepartments(db);
  const joint = task.jointDepartments.length > 0;
  const deptIds = joint ? task.jointDepartments : [task.departmentId];
  // The specialty an inspector needs: the task's items' (one department), or in a joint task the
  // specialties of the items of the inspector's own department (a partner bureau's inspectors bring
  // their own field; none is asked of a department with no item in the task).
  const neededOf = (deptId: number) => new Set(items.filter((i) => !joint || i.departmentId === deptId).map((i) => i.specialty).filter(Boolean));
  const neededBy = new Map(deptIds.map((d) => [d, neededOf(d)]));
  const excluded: Record<string, number> = {};
  const count = (reason: string) => void (excluded[reason] = (excluded[reason] ?? 0) + 1);
  const pool = inspectorsOf(db, deptIds).filter((p) => {
    if (p.status === '离岗') return count('离岗'), false;
    if (p.certExpiry < day) return count(expired), false;
    if (p.isExpert === '是') return count('专家（不占执法人员名额）'), false;
    const needed = neededBy.get(p.departmentId) ?? new Set<string>();
    if (needed.size && !p.specialties.split('、').some((s) => needed.has(s))) return count('专业领域不符'), false;
    return true;
  });
  const code = (id: number) => depts.find((d) => d.id === id)!.code;
  const inspectors = pool.map((p) => ({ id: p.certNo, groups: joint ? [code(p.departmentId)] : [], maxLoad: task.maxLoad })).sort((a, b) => compareUtf8(a.id, b.id));
  return { pool, inspectors, excluded, team: { size: task.teamSize, groups: joint ? deptIds.map(code).sort(compareUtf8) : [] } };
}

/**
 * The experts who may join the task's teams (ssj-draw/2 §4a) on `day`: the inspector directory's
 * experts of the task's departments, on duty, certified through the day, of the task's expert field
 * where it names one; each expert in the groups of the task's expert fields they have (§4a expertGroups).
 * Never an inspector's slot: the inspector pool leaves experts out.
 */
export function expertPool(db: Db, task: TaskRow, day: string): { pool: PoolRow[]; experts: InspectorInput[] } {
  const deptIds = task.jointDepartments.length > 0 ? task.jointDepartments : [task.departmentId];
  const pool = inspectorsOf(db, deptIds).filter((p) =>
    p.isExpert === '是' && p.status !== '离岗' && p.certExpiry >= day && (!task.expertField || p.specialties.split('、').includes(task.expertField)));
  // An expert's groups: the task's expert fields among their own (sorted, as the protocol orders groups).
  const asked = new Set(task.expertGroups);
  const groupsOf = (p: PoolRow) => [...new Set(p.specialties.split('、').filter((f) => asked.has(f)))].sort(compareUtf8);
  return { pool, experts: pool.map((p) => ({ id: p.certNo, groups: groupsOf(p), maxLoad: task.maxLoad })).sort((a, b) => compareUtf8(a.id, b.id)) };
}

/** Why a team slot had no candidate, by the rule that emptied it (DrawError's detail.rule). */
export const RULE_TEXT: Record<string, string> = {
  group: '该部门没有符合条件的执法人员',
  expertGroup: '没有该专业领域的可用专家',
  team: '可用人员已全部在本检查组中',
  exclusions: '其余人员均因回避、属地回避或“不与上次相同”规则被排除',
  maxLoad: '其余人员均已达到最多检查户数',
};

/** Exclusion pairs as the protocol orders them: a set of `cert\0uscc` keys, sorted pair by pair. */
export function sortedPairs(pairs: Set<string>): [string, string][] {
  return [...pairs].map((x) => x.split('\u0000') as [string, string]).sort((a, b) => compareUtf8(a[0], b[0]) || compareUtf8(a[1], b[1]));
}
