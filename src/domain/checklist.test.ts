import { describe, expect, it } from 'vitest';
import { checklistProblem, parseCheckpoints, suggestedCategory } from './checklist';

describe('an item checklist', () => {
  it('reads points one per line or per ；, numbering taken off', () => {
    expect(parseCheckpoints('1、按时报送年度报告\n2. 公示信息真实\r\n（3）住所可以联系')).toEqual(['按时报送年度报告', '公示信息真实', '住所可以联系']);
    expect(parseCheckpoints('研发费用占比达标；科技人员占比达标; 一、高新收入占比')).toEqual(['研发费用占比达标', '科技人员占比达标', '高新收入占比']);
    expect(parseCheckpoints('  \n')).toEqual([]);
  });

  it('asks for every point, a note for one that does not comply, and no "no problem" over it', () => {
    const points = ['甲', '乙'];
    expect(checklistProblem(points, [{ answer: '符合', note: '' }], '未发现问题')).toContain('第2项“乙”尚未选择');
    expect(checklistProblem(points, [{ answer: '符合', note: '' }, { answer: '不符合', note: '' }], '发现问题待后续处理')).toContain('请写明发现的问题');
    expect(checklistProblem(points, [{ answer: '符合', note: '' }, { answer: '不符合', note: '未公示' }], '未发现问题')).toContain('建议：发现问题待后续处理');
    expect(checklistProblem(points, [{ answer: '符合', note: '' }, { answer: '不符合', note: '未公示' }], '发现问题经责令已改正')).toBeNull();
    expect(checklistProblem(points, [{ answer: '符合', note: '' }, { answer: '不涉及', note: '' }], '未发现问题')).toBeNull();
    expect(suggestedCategory([{ point: '甲', answer: '不涉及', note: '' }])).toBe('未发现问题');
  });
});
