// Results reach the credit record: what a published inspection result (and how its follow-up ended)
// tells of an entity's credit risk class (信用风险分类, A 低 … D 高; 国市监信发〔2022〕6号 counts the
// results of 抽查检查 among the indicators of the classification). The rule only raises a class to a
// floor; lowering one is the credit system's decision (its next import), never automatic.
import type { FollowUpState } from './follow-up';

export const CLASS_RANK: Record<string, number> = { A: 1, B: 2, C: 3, D: 4 };

/** The lowest class a result places its entity in, with the reason in words; null when it says nothing of risk. */
export function classFloor(category: string, followUp: FollowUpState | null): { floor: 'B' | 'C' | 'D'; reason: string } | null {
  if (followUp === '立案') return { floor: 'D', reason: '抽查发现的问题已立案查处' };
  if (followUp === '移送') return { floor: 'D', reason: '抽查发现的问题已移送处理' };
  if (category === '不配合检查情节严重') return { floor: 'D', reason: '抽查时不配合检查情节严重' };
  if (category === '发现问题待后续处理' || category === '通过登记的住所（经营场所）无法联系') return { floor: 'C', reason: `抽查结果为“${category}”` };
  if (category === '发现问题经责令已改正') return { floor: 'B', reason: `抽查结果为“${category}”` };
  return null;
}

/** The class an entity moves to under a floor: the floor when it is higher than the class it has (or it has none), else null. */
export function raisedClass(current: string, floor: 'B' | 'C' | 'D'): string | null {
  return (CLASS_RANK[current] ?? 0) < CLASS_RANK[floor]! ? floor : null;
}
