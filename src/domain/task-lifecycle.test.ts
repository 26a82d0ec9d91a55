import { describe, expect, it } from 'vitest';
import { conditionsOpen, publicState, TASK_STATES, taskTransition, type TaskEvent } from './task-lifecycle';

describe('the task lifecycle', () => {
  it('allows exactly the transitions of its table, and says why the others are refused', () => {
    const allowed: Record<string, string> = {};
    for (const s of TASK_STATES) {
      for (const e of ['commit', 'draw', 'void-draw', 'fail', 'withdraw', 'cancel'] as TaskEvent[]) {
        const r = taskTransition(s, e);
        if (r.ok) allowed[`${s} ${e}`] = r.to;
        else expect(r.message.length, `${s} ${e}`).toBeGreaterThan(4);
      }
    }
    expect(allowed).toEqual({ '计划 commit': '已承诺', '已承诺 draw': '已抽取', '已抽取 void-draw': '计划', '已承诺 fail': '计划', '已承诺 withdraw': '计划', '计划 cancel': '已取消' });
    expect(taskTransition('计划', 'draw')).toEqual({ ok: false, message: '请先生成并公布承诺值，再进行抽取' });
  });

  it('freezes the conditions once the commitment is public, and shows the task in public from then on', () => {
    expect(TASK_STATES.filter(conditionsOpen)).toEqual(['计划']);
    expect(TASK_STATES.filter(publicState)).toEqual(['已承诺', '已抽取']);
  });
});
