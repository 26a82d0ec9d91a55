import { describe, expect, it } from 'vitest';
import { guardCell, unguardCell } from './tabular-writer';

describe('the CSV formula guard', () => {
  it('is taken off exactly as it was put on, for every kind of value', () => {
    const values = ['=1+2', '+86', '-某某', '@x', '\t缩进', "'", "'=x", "''=x", "'a", '-5', '-5.5', '+5', '普通', '', "''", '=', "'-3"];
    for (const v of values) expect(unguardCell(guardCell(v)), JSON.stringify(v)).toBe(v);
    expect(guardCell('=1+2')).toBe("'=1+2");
    expect(guardCell("'=x")).toBe("''=x");
    expect(guardCell('-5')).toBe('-5');
    expect(unguardCell("'a")).toBe("'a");
  });
});
