// The words of the audit log: every action and kind of record an entry may name, with what the audit
// page shows for it. recordAudit takes only these, so no entry goes out under a raw key.
export const AUDIT_ACTION_TEXT = {
  create: '新增', update: '修改', deactivate: '停用', reactivate: '恢复启用', import: '导入', login: '登录',
  commit: '公布承诺值', draw: '抽取', void: '作废抽取', exclude: '手动排除', 'hold-list': '名单暂缓公布设置', 'publish-teams': '检查组名单公布设置', 'draw-failed': '抽取失败', beacon: '录入随机信标值', withdraw: '撤回承诺',
  'recusal-add': '登记回避', 'recusal-remove': '撤销回避',
  'result-submit': '提交检查结果', 'result-approve': '结果审核通过', 'result-return': '结果审核退回', 'result-publish': '结果公示', 'result-correct': '更正检查结果', 'follow-up': '后续处置', attach: '上传检查材料', 'attach-withdraw': '作废检查材料',
  'password-reset': '重置密码', 'password-change': '修改密码', 'calendar-token': '日历订阅地址',
  'calendar-set': '设置节假日', 'calendar-clear': '删除节假日', cancel: '取消任务',
  'department-settings': '部门设置',
  'plan-submit': '提交法制审核', 'plan-return': '退回修改', 'plan-approve': '批准计划', 'plan-publish': '公示计划',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_TEXT;

export const AUDIT_KIND_TEXT = {
  items: '抽查事项', entities: '检查对象', inspectors: '执法人员', users: '账号', tasks: '抽查任务', plans: '年度计划', schedules: '定期抽取',
  results: '检查结果', calendar: '工作日历', lists: '专项名录', departments: '部门',
} as const;

export type AuditKind = keyof typeof AUDIT_KIND_TEXT;

export function actionText(action: string): string {
  return (AUDIT_ACTION_TEXT as Record<string, string>)[action] ?? action;
}

export function kindText(kind: string): string {
  return (AUDIT_KIND_TEXT as Record<string, string>)[kind] ?? kind;
}
