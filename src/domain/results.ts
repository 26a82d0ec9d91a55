// Inspection results: the categories staff record (Zhejiang platform's form) and the record's states.

export const RESULT_CATEGORIES = [
  '未发现问题',
  '未发现开展本次抽查涉及的经营活动',
  '发现问题经责令已改正',
  '发现问题待后续处理',
  '不配合检查情节严重',
  '通过登记的住所（经营场所）无法联系',
  '已关闭停业或正在组织清算',
  '注销',
  '被吊销',
  '被撤销',
  '迁出',
] as const;

export const FOLLOW_UPS = ['无', '责令改正', '移送', '立案调查', '列入经营异常名录', '其他'] as const;

/** A record with no row is 未录入. */
export type ResultStatus = '待审核' | '审核退回' | '已通过' | '已公示';

/** Who may do what to a result in which state; anything else is refused. */
export const TRANSITIONS: Record<string, { from: (ResultStatus | '未录入')[]; to: ResultStatus; by: 'inspector' | 'admin' }> = {
  submit: { from: ['未录入', '审核退回'], to: '待审核', by: 'inspector' },
  approve: { from: ['待审核'], to: '已通过', by: 'admin' },
  return: { from: ['待审核'], to: '审核退回', by: 'admin' },
  publish: { from: ['已通过'], to: '已公示', by: 'admin' },
};

export function canTransition(action: keyof typeof TRANSITIONS, current: ResultStatus | '未录入'): boolean {
  return TRANSITIONS[action]!.from.includes(current);
}

/** "发现问题待后续处理" needs the rule broken and the follow-up; every category needs a date. */
/**
 * When an inspection can have taken place: not before its draw (Beijing date), not after today, and
 * within the draw's year, or later only up to the task's deadline (a December draw due in January).
 */
export interface InspectionWindow {
  drawnOn: string;
  dueBy: string;
}

export function checkResultInput(
  r: { category: string; inspectedOn: string; method: string; findings: string; followUp: string },
  methods: string[],
  today: string,
  window: InspectionWindow,
): string | null {
  if (!(RESULT_CATEGORIES as readonly string[]).includes(r.category)) return '请选择检查结果';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.inspectedOn)) return '请填写检查日期';
  if (r.inspectedOn > today) return '检查日期不能晚于今天';
  if (r.inspectedOn < window.drawnOn) return `检查日期不能早于抽取日期（${window.drawnOn}）：检查对象是那天抽出的`;
  if (r.inspectedOn.slice(0, 4) !== window.drawnOn.slice(0, 4) && r.inspectedOn > window.dueBy) {
    return `检查日期（${r.inspectedOn}）不在本次抽查的年度（${window.drawnOn.slice(0, 4)}年），也晚于检查期限（${window.dueBy}）；请核对年份`;
  }
  if (!methods.includes(r.method)) return `检查方式应为：${methods.join('、')}`;
  if (r.findings.length > 4000) return '检查情况最多4000字';
  if (r.category === '发现问题待后续处理' && (r.findings.trim() === '' || r.followUp === '无' || r.followUp === '')) {
    return '发现问题待后续处理：请写明发现的问题（违反的规定）并选择后续处置';
  }
  if (r.followUp && !(FOLLOW_UPS as readonly string[]).includes(r.followUp)) return '后续处置无效';
  return null;
}
