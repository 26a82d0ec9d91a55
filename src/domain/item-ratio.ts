// An item's minimum sampling ratio (抽查比例), read from what the item list states in words: "不低于10%",
// "不少于 5%", "≥3%", "3%以上", or a bare "10%" (a ratio the list sets is a floor: a department may
// inspect more, not less). A text that states no percentage ("按年度计划确定") sets none.

/** The minimum ratio in basis points (10% → 1000), or null when the text states none. */
export function minimumRatioBp(text: string): number | null {
  const t = text.replace(/\s+/g, '').replace(/％/g, '%').replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  // A range ("3%-5%", "3%至5%") sets its lower end.
  const m = /(\d+(?:\.\d+)?)%/.exec(t);
  if (!m) return null;
  if (/(不高于|不超过|最多|至多|以下|≤|<=)/.test(t) && !/(不低于|不少于|至少|以上|≥|>=)/.test(t)) return null;
  const bp = Math.round(Number(m[1]) * 100);
  return bp > 0 && bp <= 10000 ? bp : null;
}

/** The ratio in words, for messages: 1000 → "10%", 250 → "2.5%". */
export function ratioText(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}%`;
}
