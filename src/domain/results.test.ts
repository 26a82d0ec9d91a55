import { describe, expect, it } from 'vitest';
import { checkResultInput } from './results';

describe('the date of an inspection', () => {
  const r = (inspectedOn: string) => ({ category: '未发现问题', inspectedOn, method: '现场检查', findings: '', followUp: '无' });
  const check = (inspectedOn: string, today: string, drawnOn: string, dueBy: string) => checkResultInput(r(inspectedOn), ['现场检查'], today, { drawnOn, dueBy });

  it('lies between the draw and today', () => {
    expect(check('2026-11-23', '2026-11-30', '2026-11-23', '2026-12-23')).toBeNull();
    expect(check('2026-11-22', '2026-11-30', '2026-11-23', '2026-12-23')).toContain('不能早于抽取日期（2026-11-23）');
    expect(check('2026-12-01', '2026-11-30', '2026-11-23', '2026-12-23')).toContain('不能晚于今天');
  });

  it('stays in the draw’s year, or goes past it only up to the deadline', () => {
    expect(check('2027-01-10', '2027-02-01', '2026-12-20', '2027-01-19')).toBeNull();
    expect(check('2027-01-25', '2027-02-01', '2026-12-20', '2027-01-19')).toContain('不在本次抽查的年度（2026年）');
    expect(check('2026-12-31', '2027-02-01', '2026-12-20', '2027-01-19')).toBeNull();
  });
});
