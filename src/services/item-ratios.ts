// Items' minimum ratios (抽查比例 in the item list, domain/item-ratio.ts) held against a draw: a task
// whose quotas would inspect fewer than an item's floor is refused before anything is committed.
import { minimumRatioBp, ratioText } from '../domain/item-ratio';
import type { TaskItem } from '../store/tasks';

/** Why `selected` of `eligible` falls short of one of the items' floors, in words, or null. */
export function ratioShortfall(items: Pick<TaskItem, 'code' | 'name' | 'ratio'>[], selected: number, eligible: number): string | null {
  if (eligible === 0) return null;
  for (const i of items) {
    const min = minimumRatioBp(i.ratio);
    // Whole entities: the floor of n entities is ceil(n × ratio).
    if (min !== null && selected < Math.ceil((eligible * min) / 10000)) {
      const pct = ratioText(Math.floor((selected * 10000) / eligible));
      return `抽查事项 ${i.code} ${i.name} 的抽查比例为“${i.ratio}”：按当前条件只抽取 ${selected} 户 / ${eligible} 户（${pct}），至少应抽取 ${Math.ceil((eligible * min) / 10000)} 户（${ratioText(min)}）。请提高抽取比例或户数。未承诺。`;
    }
  }
  return null;
}
