import { describe, expect, it } from 'vitest';
import { parseCron } from '../../src/services/scheduler';
import { cronInChinese } from '../../src/domain/cron';

const read = (e: string) => {
  const f = parseCron(e);
  if (!f.ok) throw new Error(f.message);
  return cronInChinese(f.value);
};

describe('a schedule in Chinese words', () => {
  it('reads the schedules plans use', () => {
    expect(read('0 9 1 * *')).toBe('每月1日9:00');
    expect(read('30 14 1,15 * *')).toBe('每月1日、15日14:30');
    expect(read('0 9 1 1,4,7,10 *')).toBe('每季度第一个月1日9:00（1月、4月、7月、10月）');
    expect(read('0 9 10 3 *')).toBe('每年3月10日9:00');
    expect(read('0 9 * * 1')).toBe('每周一9:00');
    expect(read('0 8 * * 1-5')).toBe('每周一、二、三、四、五8:00');
    expect(read('0 8 * * 0')).toBe('每周日8:00');
    expect(read('15 7 * * *')).toBe('每天7:15');
  });

  it('gives no reading where none is plain', () => {
    expect(read('*/10 9 1 * *')).toBeNull();
    expect(read('0 9,15 1 * *')).toBeNull();
    expect(read('0 9 1 * 1')).toBeNull();
  });
});
