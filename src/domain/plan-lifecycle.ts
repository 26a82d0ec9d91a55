// The life of an annual plan (年度抽查计划): drafted, checked by the legal office, approved, published.
//
//   拟定 ──submit──▶ 法制审核 ──approve──▶ 批准 ──publish──▶ 已公示
//     ▲  ◀──return (with a reason)──┘
//
// Only a draft is edited; only an approved (or published) plan makes tasks and schedules; the public
// sees published plans only.

export const PLAN_STATES = ['拟定', '法制审核', '批准', '已公示'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export type PlanEvent = 'submit' | 'return' | 'approve' | 'publish';

export const PLAN_TRANSITIONS: Readonly<Record<PlanEvent, { from: PlanState; to: PlanState; text: string }>> = {
  submit: { from: '拟定', to: '法制审核', text: '提交法制审核' },
  return: { from: '法制审核', to: '拟定', text: '退回修改' },
  approve: { from: '法制审核', to: '批准', text: '批准' },
  publish: { from: '批准', to: '已公示', text: '公示' },
};

export function isPlanEvent(s: string): s is PlanEvent {
  return Object.hasOwn(PLAN_TRANSITIONS, s);
}

/** Where `event` takes a plan in `state`, or why it cannot. */
export function planTransition(state: PlanState, event: PlanEvent): { ok: true; to: PlanState } | { ok: false; message: string } {
  const t = PLAN_TRANSITIONS[event];
  return t.from === state ? { ok: true, to: t.to } : { ok: false, message: `计划状态为“${state}”，不能${t.text}` };
}

/** Only a draft's contents change. */
export function planEditable(state: PlanState): boolean {
  return state === '拟定';
}

/** An approved or published plan makes tasks and schedules. */
export function planMakesTasks(state: PlanState): boolean {
  return state === '批准' || state === '已公示';
}
