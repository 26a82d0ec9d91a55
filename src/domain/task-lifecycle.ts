// The life of an inspection task: the states, the events that move a task between them, and the one
// table of allowed transitions that every use case goes through (services/draws.ts).
//
//   计划 ──commit──▶ 已承诺 ──draw──▶ 已抽取
//   │ ▲  ◀──fail / withdraw──┘            │
//   │ └────────────void-draw────────────┘   (the draw stays on record, voided with its reason;
//   │                                         drawing again needs a new commitment)
//   └──cancel──▶ 已取消                      (with its reason; final: a new task is made, or copied)
//
// fail: the draw could not staff a slot (ssj-draw/2 publishes the failure and burns the commitment);
// withdraw: the commitment is withdrawn, with a reason, before its beacon's time.
//
// 计划: conditions may change (filters, exclusions); 已承诺: the commitment is public and the
// conditions are frozen; 已抽取: the draw is done and fixed.

export const TASK_STATES = ['计划', '已承诺', '已抽取', '已取消'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export type TaskEvent = 'commit' | 'draw' | 'void-draw' | 'fail' | 'withdraw' | 'cancel';

interface Transition {
  from: readonly TaskState[];
  to: TaskState;
  /** Why the event cannot happen in a state it does not start from. */
  refusal: Partial<Record<TaskState, string>>;
}

export const TASK_TRANSITIONS: Readonly<Record<TaskEvent, Transition>> = {
  commit: { from: ['计划'], to: '已承诺', refusal: { 已承诺: '承诺值已经公布，不能再次生成', 已抽取: '任务已经抽取，不能再次生成承诺值', 已取消: '任务已取消' } },
  draw: { from: ['已承诺'], to: '已抽取', refusal: { 计划: '请先生成并公布承诺值，再进行抽取', 已抽取: '该任务已经抽取，结果已固化' } },
  'void-draw': { from: ['已抽取'], to: '计划', refusal: { 计划: '任务还没有有效的抽取', 已承诺: '任务还没有有效的抽取' } },
  fail: { from: ['已承诺'], to: '计划', refusal: { 计划: '任务没有待揭示的承诺', 已抽取: '该任务已经抽取，结果已固化' } },
  withdraw: { from: ['已承诺'], to: '计划', refusal: { 计划: '任务没有可撤回的承诺', 已抽取: '已经抽取的任务不能撤回承诺，只能作废抽取结果' } },
  cancel: {
    from: ['计划'], to: '已取消',
    refusal: { 已承诺: '承诺已经公布：只能在随机信标时间之前撤回承诺，撤回后再取消任务', 已抽取: '任务已经抽取，只能作废抽取结果', 已取消: '任务已经取消' },
  },
};

export type TransitionResult = { ok: true; to: TaskState } | { ok: false; message: string };

/** Where `event` takes a task in `state`, or why it cannot. */
export function taskTransition(state: TaskState, event: TaskEvent): TransitionResult {
  const t = TASK_TRANSITIONS[event];
  if (t.from.includes(state)) return { ok: true, to: t.to };
  return { ok: false, message: t.refusal[state] ?? `任务状态为“${state}”，不能进行此操作` };
}

/** The draw conditions (filters, exclusions) may change only before the commitment is published. */
export function conditionsOpen(state: TaskState): boolean {
  return state === '计划';
}

/**
 * A task shows in public once its commitment is published (or it has a draw, voided ones included, or
 * a register record); a task cancelled before any of that never was public.
 */
export function publicState(state: TaskState): boolean {
  return state === '已承诺' || state === '已抽取';
}
