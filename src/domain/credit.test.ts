import { describe, expect, it } from 'vitest';
import { classFloor, raisedClass } from './credit';

describe('results feed the credit class', () => {
  it('places an entity by what its inspection found and how the follow-up ended', () => {
    expect(classFloor('未发现问题', null)).toBeNull();
    expect(classFloor('未发现开展本次抽查涉及的经营活动', null)).toBeNull();
    expect(classFloor('发现问题经责令已改正', null)?.floor).toBe('B');
    expect(classFloor('发现问题待后续处理', '责令整改')?.floor).toBe('C');
    expect(classFloor('发现问题待后续处理', '已整改')?.floor).toBe('C');
    expect(classFloor('通过登记的住所（经营场所）无法联系', null)?.floor).toBe('C');
    expect(classFloor('发现问题待后续处理', '立案')).toEqual({ floor: 'D', reason: '抽查发现的问题已立案查处' });
    expect(classFloor('发现问题待后续处理', '移送')?.floor).toBe('D');
    expect(classFloor('不配合检查情节严重', null)?.floor).toBe('D');
  });

  it('only raises a class, and gives one to an entity without', () => {
    expect(raisedClass('A', 'C')).toBe('C');
    expect(raisedClass('B', 'B')).toBeNull();
    expect(raisedClass('D', 'C')).toBeNull();
    expect(raisedClass('', 'B')).toBe('B');
  });
});
