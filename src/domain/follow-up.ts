// 后续处置 to the end: a problem found is ordered put right by a deadline (责令整改), re-inspected (复查),
// and ends put right (已整改), referred to another authority (移送) or with a case opened (立案).
//
//   责令整改 ──recheck (fixed)──▶ 已整改
//      │    └─recheck (not fixed)─▶ 移送 / 立案
//      ├──refer──▶ 移送
//      └──open-case──▶ 立案
//   (a result may also be referred or get a case at once, without an order)
//
// A result whose category says problems wait for follow-up (发现问题待后续处理) is finished (已完结) only
// when its follow-up has ended; any other result is finished once published.

export const FOLLOW_UP_STATES = ['责令整改', '已整改', '移送', '立案'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];
export const ENDED: readonly FollowUpState[] = ['已整改', '移送', '立案'];

/** The category that asks for a follow-up. */
export const NEEDS_FOLLOW_UP = '发现问题待后续处理';

export type FollowUpStep =
  | { kind: 'order'; deadline: string; note: string }
  | { kind: 'recheck'; on: string; findings: string; fixed: boolean }
  | { kind: 'refer'; to: string; note: string }
  | { kind: 'open-case'; caseNo: string; note: string };

/** Where a step takes a follow-up in `state` (null: none yet), or why it cannot. */
export function followUpStep(state: FollowUpState | null, step: FollowUpStep['kind']): { ok: true; to: FollowUpState | 'same' } | { ok: false; message: string } {
  if (state !== null && ENDED.includes(state)) return { ok: false, message: `后续处置已结束（${state}）` };
  switch (step) {
    case 'order':
      return state === null ? { ok: true, to: '责令整改' } : { ok: false, message: '已责令整改' };
    case 'recheck':
      // The caller moves a fixed one to 已整改; one not fixed stays ordered, to be rechecked, referred or a case.
      return state === '责令整改' ? { ok: true, to: 'same' } : { ok: false, message: '责令整改之后才能复查' };
    case 'refer':
      return { ok: true, to: '移送' };
    case 'open-case':
      return { ok: true, to: '立案' };
  }
}

/** Whether a result is finished (已完结): published, and its follow-up ended where its category asks for one. */
export function finished(r: { status: string; category: string }, followUp: FollowUpState | null): boolean {
  if (r.status !== '已公示') return false;
  return r.category !== NEEDS_FOLLOW_UP || (followUp !== null && ENDED.includes(followUp));
}

/** The follow-up's outcome as the public notice states it (查处结果), or '' while it is under way. */
export function outcomeText(f: { state: FollowUpState; referredTo: string; caseNo: string; endedOn: string } | null): string {
  if (!f) return '';
  if (f.state === '已整改') return `已整改（复查 ${f.endedOn}）`;
  if (f.state === '移送') return `已移送${f.referredTo}（${f.endedOn}）`;
  if (f.state === '立案') return `已立案查处（${f.endedOn}）`;
  return '';
}
