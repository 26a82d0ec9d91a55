// How a task divides its population into strata (ssj-draw/1 §3 stratum keys) and which rule each gets.

/**
 * class: one stratum per credit-risk class (A–D, U unclassified); region-class: per region and class;
 * region: per region; all: one stratum. Only the first two reveal an entity's class in the bundle.
 */
export type StrataMode = 'class' | 'region-class' | 'region' | 'all';
export const STRATA_MODES: readonly StrataMode[] = ['class', 'region-class', 'region', 'all'];

export interface StratumRuleInput {
  count?: number;
  ratioBp?: number;
}

/** The key of the rule that applies to every stratum of a mode that does not use the class. */
export const ANY_STRATUM = '*';
/** The one stratum of mode 'all'. */
export const WHOLE_POPULATION = '全部';
const NO_REGION = '未分片区';

export function strataByClass(mode: StrataMode): boolean {
  return mode === 'class' || mode === 'region-class';
}

export function stratumKey(mode: StrataMode, region: string, creditClass: string): string {
  const cls = creditClass || 'U';
  switch (mode) {
    case 'class':
      return cls;
    case 'region-class':
      return `${region || NO_REGION}/${cls}`;
    case 'region':
      return region || NO_REGION;
    case 'all':
      return WHOLE_POPULATION;
  }
}

/** The rule of a stratum: by its class (the part after the last '/') in class modes, else the one rule '*'. */
export function ruleFor(mode: StrataMode, key: string, rules: Record<string, StratumRuleInput>, defaults: Record<string, StratumRuleInput>): StratumRuleInput {
  if (!strataByClass(mode)) return rules[ANY_STRATUM] ?? defaults[ANY_STRATUM] ?? { ratioBp: 500 };
  const cls = key.slice(key.lastIndexOf('/') + 1);
  return rules[cls] ?? defaults[cls] ?? { ratioBp: 500 };
}
