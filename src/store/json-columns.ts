// The JSON columns of the database, each with its shape (zod), parsed and checked once here as rows
// leave the store: the layers above get typed values, and a column that does not hold what it should
// fails loudly, naming the table and column, instead of travelling on as a cast.
import { z } from 'zod';

const count = z.number().int().nonnegative();
const rule = z.union([z.object({ count }), z.object({ ratioBp: count.max(10000) })]);

export const COLUMNS = {
  'tasks.filters': z.record(z.string(), z.string()),
  'tasks.strata_rules': z.record(z.string(), rule),
  'tasks.joint_departments': z.array(z.number().int()),
  'tasks.expert_groups': z.array(z.string()),
  'draws.witnesses': z.array(z.object({ name: z.string(), value: z.string() })),
  'draws.excluded_counts': z.object({ entities: z.record(z.string(), count), inspectors: z.record(z.string(), count) }),
  'draws.summary': z.object({
    eligible: count,
    selected: count,
    pool: count,
    joint: z.boolean(),
    rules: z.array(z.union([z.object({ key: z.string(), count }), z.object({ key: z.string(), ratioBp: count })])),
    strata: z.array(z.object({ key: z.string(), eligible: count, selected: count, threshold: z.string() })),
    seed: z.object({ commitment: z.string(), committedAt: z.string(), secret: z.string(), entropy: z.string(), value: z.string() }),
    inputsHash: z.string(),
    // ssj-draw/2: the beacon in words and its value
    beacon: z.object({ text: z.string(), value: z.string() }).optional(),
  }),
  'commitments.beacon': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('drand'), chain: z.string(), round: z.number().int().positive(), time: z.string() }),
    z.object({ kind: z.literal('lottery'), name: z.string(), issue: z.string(), time: z.string() }),
    z.object({ kind: z.literal('witness'), time: z.string(), place: z.string() }),
  ]),
  'commitments.beacon_value': z.object({ value: z.string(), signature: z.string().optional() }),
  'record_history.data': z.record(z.string(), z.union([z.string(), z.number()])),
  'schedules.template': z.object({
    title: z.string(),
    itemIds: z.array(z.number().int()),
    filters: z.record(z.string(), z.string()),
    strataMode: z.enum(['class', 'region-class', 'region', 'all']),
    strataRules: z.record(z.string(), rule),
    recentMonths: count,
    teamSize: z.number().int().min(2),
    jointDepartments: z.array(z.number().int()),
    maxLoad: count.nullable(),
    homeRegionAvoidance: z.boolean(),
    avoidLastInspector: z.boolean(),
    // Experts (§4a): absent in schedules made before they were carried over.
    expertSlots: count.optional(),
    expertField: z.string().optional(),
    expertGroups: z.array(z.string()).optional(),
  }),
} as const;

export type Column = keyof typeof COLUMNS;
export type ColumnValue<C extends Column> = z.infer<(typeof COLUMNS)[C]>;

export class CorruptColumn extends Error {}

/** The value of a JSON column, checked against its shape. */
export function parseColumn<C extends Column>(column: C, text: string): ColumnValue<C> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CorruptColumn(`${column} does not hold JSON: ${text.slice(0, 80)}`);
  }
  const r = COLUMNS[column].safeParse(raw);
  if (!r.success) throw new CorruptColumn(`${column} does not hold what it should: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data as ColumnValue<C>;
}
