// 检查要点: an item's checklist and the inspector's answers. Each point is answered 符合, 不符合 or 不涉及
// (a 不符合 with a note saying what was found); the answers suggest the result's category, which stays
// the inspector's choice but may not say "no problem" over a point found not to comply.

export const ANSWERS = ['符合', '不符合', '不涉及'] as const;
export type Answer = (typeof ANSWERS)[number];

export interface PointAnswer {
  point: string;
  answer: Answer;
  note: string;
}

/** The points of an item's checklist text: one per line (or per ；), list numbering taken off. */
export function parseCheckpoints(text: string): string[] {
  return text
    .split(/\r?\n|；|;/)
    .map((p) => p.trim().replace(/^(\d{1,2}|[一二三四五六七八九十]{1,3})[、.．)）]\s*|^[（(]\d{1,2}[)）]\s*/, '').trim())
    .filter(Boolean);
}

/** The category the answers suggest: a point not complying means a problem found. */
export function suggestedCategory(answers: PointAnswer[]): string {
  return answers.some((a) => a.answer === '不符合') ? '发现问题待后续处理' : '未发现问题';
}

/** Categories that say no problem was found: not allowed over a point found not to comply. */
const NO_PROBLEM = ['未发现问题', '未发现开展本次抽查涉及的经营活动'];

/** What is wrong with the answers to an item's points and the category chosen, or null. */
export function checklistProblem(points: string[], answers: { answer: string; note: string }[], category: string): string | null {
  for (let i = 0; i < points.length; i++) {
    const a = answers[i];
    if (!a || !(ANSWERS as readonly string[]).includes(a.answer)) return `请逐项填写检查要点：第${i + 1}项“${points[i]}”尚未选择符合、不符合或不涉及`;
    if (a.answer === '不符合' && a.note.trim().length < 2) return `检查要点第${i + 1}项“${points[i]}”不符合，请写明发现的问题`;
    if (a.note.length > 500) return `检查要点第${i + 1}项的说明过长（最多500字）`;
  }
  if (answers.some((a) => a.answer === '不符合') && NO_PROBLEM.includes(category)) return `检查要点有不符合项，检查结果不能为“${category}”（建议：${suggestedCategory(answers as PointAnswer[])}）`;
  return null;
}
