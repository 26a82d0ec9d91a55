import { describe, expect, it } from 'vitest';
import { minimumRatioBp, ratioText } from './item-ratio';

describe("an item's minimum ratio", () => {
  it('reads the floor from the ways item lists state it', () => {
    expect(minimumRatioBp('不低于10%')).toBe(1000);
    expect(minimumRatioBp('抽查比例不少于 5 %')).toBe(500);
    expect(minimumRatioBp('≥3%')).toBe(300);
    expect(minimumRatioBp('3%以上')).toBe(300);
    expect(minimumRatioBp('10%')).toBe(1000);
    expect(minimumRatioBp('不低于２．５％')).toBe(250);
    expect(minimumRatioBp('3%-5%')).toBe(300);
  });

  it('sets none where the text states no floor', () => {
    expect(minimumRatioBp('')).toBeNull();
    expect(minimumRatioBp('按年度计划确定')).toBeNull();
    expect(minimumRatioBp('不超过5%')).toBeNull();
    expect(minimumRatioBp('0%')).toBeNull();
    expect(minimumRatioBp('150%')).toBeNull();
  });

  it('writes ratios back in words', () => {
    expect([ratioText(1000), ratioText(250), ratioText(333)]).toEqual(['10%', '2.5%', '3.33%']);
  });
});
