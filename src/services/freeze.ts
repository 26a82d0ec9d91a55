// The inputs of an ssj-draw/2 draw, frozen at commitment (§2): computed from the directories as they
// are now, with certificates checked against the planned draw date, and a dry run of the teams before
// anyone commits to them. Nothing here writes; draws-v2.ts stores what it freezes.
import crypto from 'node:crypto';
import seedrandom from 'seedrandom';
import type { Db } from '../store/db';
import { chinaDate } from '../domain/dates';
import { canonicalInputsPieces } from '../domain/bundle';
import { assignTeams, quota, type DrawInputs } from '../domain/draw';
import { getTask, taskItems, type TaskRow } from '../store/tasks';
import { ratioShortfall } from './item-ratios';
import { allRecusals, entitiesInRegions, lastInspectorsOfAll } from '../store/draw-population';
import { findId, strataOf } from '../domain/compact-inputs';
import { readCompactPopulation, type CompactPopulation } from './population';
import { expertPool, inspectorPool, leftOut, populationQuery, RULE_TEXT, sortedPairs, strataRules } from './draw-inputs';
import type { Result } from './draws';

/**
 * Inputs frozen at commitment, with what was left out and why, and their canonical text. The
 * population is kept as arrays (a province's ten million entities would take gigabytes as objects):
 * `inputs` holds every member but the entities.
 */
export interface FrozenInputs {
  inputs: Omit<DrawInputs, 'entities'>;
  population: CompactPopulation;
  /** Each entity's stratum as its rule's index in inputs.strata, and the size of each stratum. */
  stratumOf: Int32Array;
  sizes: number[];
  inputsJson: Uint8Array[];
  inputsHash: string;
  excluded: Record<string, number>;
  inspectorsExcluded: Record<string, number>;
}

/**
 * ssj-draw/2 §2: the inputs computed from the directories as they are now, with certificates checked
 * against the planned draw date. Unlike ssj-draw/1 (which looked only at the selected), exclusion
 * pairs cover the whole population: who will be selected is not known yet.
 */
export function freezeInputs(db: Db, task: TaskRow, drawAt: Date): FrozenInputs {
  const drawDay = chinaDate(drawAt);
  const { items, q } = populationQuery(db, task, drawDay);
  const population = readCompactPopulation(db, q, task.strataMode);
  const excluded = leftOut(db, task.recentMonths, q, population.n);
  const strata = strataRules(task, population.keys);
  const { stratumOf, sizes } = strataOf(population, strata);
  const { pool, inspectors, team, excluded: inspectorsExcluded } = inspectorPool(db, task, items, drawDay, '执法证在抽取日前过期');
  // §4a: experts beside the inspectors, where the task asks for them.
  const experts = task.expertSlots > 0 ? expertPool(db, task, drawDay) : null;
  // Exclusion pairs over the whole population: the sources give USCCs, kept where they are members.
  const member = (uscc: string | undefined) => uscc !== undefined && findId(population.ids, population.n, uscc) >= 0;
  const certOf = new Map([...pool, ...(experts?.pool ?? [])].map((p) => [p.id, p.certNo]));
  const pairs = new Set<string>();
  const add = (cert: string | undefined, uscc: string | undefined) => cert && member(uscc) && pairs.add(cert + '\u0000' + uscc);
  for (const r of allRecusals(db)) add(certOf.get(r.inspectorId), r.uscc);
  if (task.homeRegionAvoidance) {
    const byRegion = new Map<string, string[]>();
    for (const p of pool) if (p.region) byRegion.set(p.region, [...(byRegion.get(p.region) ?? []), p.certNo]);
    for (const e of entitiesInRegions(db, [...byRegion.keys()])) for (const cert of byRegion.get(e.region) ?? []) add(cert, e.uscc);
  }
  if (task.avoidLastInspector) for (const [uscc, team] of lastInspectorsOfAll(db)) for (const i of team) add(certOf.get(i), uscc);
  const inputs: Omit<DrawInputs, 'entities'> = experts
    ? {
        protocol: 'ssj-draw/2', strata, inspectors, exclusions: sortedPairs(pairs),
        // Group slots only when the task names fields: a draw without them keeps the form it had.
        team: { ...team, experts: task.expertSlots, ...(task.expertGroups.length ? { expertGroups: task.expertGroups } : {}) }, experts: experts.experts,
      }
    : { protocol: 'ssj-draw/2', strata, inspectors, exclusions: sortedPairs(pairs), team };
  const inputsJson = canonicalInputsPieces({ ...inputs, entities: [] }, population.entitiesJson).flat().map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
  const h = crypto.createHash('sha256');
  for (const p of inputsJson) h.update(p);
  return { inputs, population, stratumOf, sizes, inputsJson, inputsHash: h.digest('hex'), excluded, inspectorsExcluded };
}

/**
 * An upper bound of the length of the draw record's text: the frozen inputs as they are, the selections
 * the quotas give (each with its stratum, ticket and a team of the longest ids), and 64 KiB for the rest.
 */
export function recordTextBound(f: FrozenInputs): number {
  const selected = f.inputs.strata.reduce((a, s, i) => a + quota(s, f.sizes[i]!), 0);
  const longestKey = Math.max(0, ...f.inputs.strata.map((s) => JSON.stringify(s.key).length));
  const longestId = Math.max(0, ...f.inputs.inspectors.map((i) => JSON.stringify(i.id).length + 1));
  const longestExpert = Math.max(0, ...(f.inputs.experts ?? []).map((i) => JSON.stringify(i.id).length + 1));
  const experts = (f.inputs.team.experts ?? 0) * longestExpert + (f.inputs.team.experts ? 12 : 0);
  return f.inputsJson.reduce((a, p) => a + p.length, 0) + selected * (130 + longestKey + f.inputs.team.size * longestId + experts) + 64 * 1024;
}

/** A dry run of the staffing with many seeds: how often, and where, the teams cannot be filled. */
export interface Feasibility {
  trials: number;
  failures: number;
  /** The slots that failed, in words, at most eight different ones. */
  slots: string[];
}


/**
 * Tries the teams of `trials` random draws. A draw's selection is, stratum by stratum, a uniformly random
 * subset of its quota's size (the tickets of random seeds give no other distribution), so each trial
 * samples those subsets directly instead of hashing every entity's ticket: a trial costs the teams of
 * the selected only, and 40 trials of a million-entity population take about as long as one draw's
 * tickets. A failure in any trial means the real draw may fail too.
 */
export function dryRun(f: Pick<FrozenInputs, 'inputs' | 'population' | 'stratumOf' | 'sizes'>, trials?: number): Feasibility {
  const { inputs, population: pop } = f;
  let failures = 0;
  const slots = new Set<string>();
  // Members of each stratum by position in the population, shuffled in place trial after trial (a
  // partial shuffle of any order gives a uniformly random subset).
  const members = f.sizes.map((n) => new Int32Array(n));
  const filled = f.sizes.map(() => 0);
  for (let i = 0; i < pop.n; i++) {
    const s = f.stratumOf[i]!;
    members[s]![filled[s]!++] = i;
  }
  const idOf = (i: number) => pop.ids.toString('latin1', i * 18, i * 18 + 18);
  // 40 trials, fewer where the teams are many: a trial costs about 1.5 µs per selected entity.
  const k = inputs.strata.reduce((a, r, s) => a + quota(r, f.sizes[s]!), 0);
  const n = trials ?? Math.max(5, Math.min(40, Math.floor(600_000 / Math.max(1, k))));
  for (let t = 0; t < n; t++) {
    const seed = crypto.randomBytes(32).toString('hex');
    const rng = seedrandom(seed);
    const selected: { entity: string; stratum: string; ticket: string }[] = [];
    inputs.strata.forEach((rule, s) => {
      const take = members[s]!;
      const q = quota(rule, take.length);
      // The first q of a partial Fisher-Yates shuffle: a uniformly random q-subset, in random order.
      for (let j = 0; j < q; j++) {
        const r = j + Math.floor(rng() * (take.length - j));
        const x = take[j]!;
        take[j] = take[r]!;
        take[r] = x;
        selected.push({ entity: idOf(take[j]!), stratum: rule.key, ticket: '' });
      }
    });
    try {
      assignTeams(seed, inputs, selected);
    } catch (e) {
      const d = (e as { detail?: { slotIndex?: number; group?: string | null; rule?: string; pool?: string } }).detail;
      if (d?.slotIndex === undefined) throw e;
      failures++;
      const rule = d.pool === 'experts' && d.rule === 'group' ? 'expertGroup' : d.rule!;
      if (slots.size < 8) slots.add(`${d.pool === 'experts' ? '专家' : ''}第${d.slotIndex + 1}个名额${d.group ? `（${d.group}）` : ''}：${RULE_TEXT[rule] ?? rule}`);
    }
  }
  return { trials: n, failures, slots: [...slots] };
}

/** What a commitment would freeze, shown to staff before they commit (strata by class included: staff may see them). */
export interface CommitPreview {
  eligible: number;
  strata: { key: string; eligible: number; quota: number }[];
  inspectors: number;
  excluded: { reason: string; n: number }[];
  inspectorsExcluded: { reason: string; n: number }[];
  feasibility: Feasibility;
  /** An item's minimum ratio the quotas miss (the commitment would be refused), in words, or null. */
  shortfall: string | null;
}

/** The inputs a commitment at this moment would freeze for a draw at `drawAt`, and a dry run of them; nothing is written. */
export function previewCommitment(db: Db, taskId: number, drawAt: Date): Result<CommitPreview> {
  const task = getTask(db, taskId);
  if (!task) return { ok: false, message: '任务不存在' };
  if (Number.isNaN(drawAt.getTime())) return { ok: false, message: '请填写随机信标的时间' };
  const f = freezeInputs(db, task, drawAt);
  return {
    ok: true,
    value: {
      eligible: f.population.n, inspectors: f.inputs.inspectors.length,
      strata: f.inputs.strata.map((s, i) => ({ key: s.key, eligible: f.sizes[i]!, quota: quota(s, f.sizes[i]!) })),
      excluded: Object.entries(f.excluded).map(([reason, n]) => ({ reason, n })),
      inspectorsExcluded: Object.entries(f.inspectorsExcluded).map(([reason, n]) => ({ reason, n })),
      feasibility: f.population.n ? dryRun(f) : { trials: 0, failures: 0, slots: [] },
      shortfall: ratioShortfall(taskItems(db, task.id), f.inputs.strata.reduce((a, s, i) => a + quota(s, f.sizes[i]!), 0), f.population.n)?.replace(/未承诺。$/, '承诺时将被拒绝。') ?? null,
    },
  };
}

