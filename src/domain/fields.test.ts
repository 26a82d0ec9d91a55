import { describe, expect, it } from 'vitest';
import { DIRECTORIES } from './directories';
import { CheckMemo, checkRecord, checkValues } from './records';
import { isValidIdCard } from './fields';
import { parseDate } from './dates';

const entities = DIRECTORIES.entities;

describe('row checks', () => {
  it('normalises full-width characters and stray spaces', () => {
    const r = checkRecord(entities, {
      uscc: ' ９１３５０１００Ｍ０００１００Ｙ４３ ',
      name: '  福州 　某某科技  有限公司 ',
      regState: '在业',
      creditClass: 'ｂ类',
      established: '2015年3月9日',
      abnormal: '否',
    });
    expect(r.ok).toBe(true);
    expect(r.record.uscc).toBe('91350100M000100Y43');
    expect(r.record.name).toBe('福州 某某科技 有限公司');
    expect(r.record.regState).toBe('存续');
    expect(r.record.creditClass).toBe('B');
    expect(r.record.established).toBe('2015-03-09');
  });

  it('names every bad column with a Chinese reason', () => {
    const r = checkRecord(entities, { uscc: '91350100M000100Y44', name: '', regState: '营业中', established: '2023-02-30' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.label)).toEqual(['统一社会信用代码', '企业名称', '成立日期', '登记状态']);
    expect(r.errors[0]!.reason).toContain('校验位错误');
    expect(r.errors[1]!.reason).toBe('企业名称不能为空');
    expect(r.errors[2]!.reason).toContain('不存在');
  });

  it('parses the date forms staff use and Excel serials', () => {
    expect(parseDate('2024/1/5')).toEqual({ ok: true, value: '2024-01-05' });
    expect(parseDate('20240105')).toEqual({ ok: true, value: '2024-01-05' });
    expect(parseDate('2024-01-05 00:00:00')).toEqual({ ok: true, value: '2024-01-05' });
    expect(parseDate('45296')).toEqual({ ok: true, value: '2024-01-05' });
    expect(parseDate('2024-13-01').ok).toBe(false);
    expect(parseDate('明年').ok).toBe(false);
  });

  it('checks resident ID numbers (GB 11643)', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
  });

  it('maps list values of item methods onto the official words', () => {
    const r = checkRecord(DIRECTORIES.items, { code: 'kj-01', name: '科技项目检查', target: '项目承担单位', itemType: '重点', methods: '现场、书面', basis: '《条例》' });
    expect(r.ok).toBe(true);
    expect(r.record.code).toBe('KJ-01');
    expect(r.record.methods).toBe('现场检查、书面检查');
  });
});

describe('CheckMemo', () => {
  it('gives the same results as checking every value, for repeated and unique columns', () => {
    const def = DIRECTORIES.entities;
    const memo = new CheckMemo(def, 3);
    const rows = ['A', 'b类', 'X', 'A', 'D', '高', 'b类', '?'].map((c, i) => {
      const v = def.fields.map(() => '');
      v[0] = '91350100M000100Y43';
      v[1] = '公司' + i;
      v[8] = '存续';
      v[9] = c;
      return v;
    });
    for (const r of rows) {
      const plain = [...r];
      const e1 = checkValues(def, plain);
      const memoed = [...r];
      const e2 = checkValues(def, memoed, memo);
      expect(memoed).toEqual(plain);
      expect(e2).toEqual(e1);
    }
  });
});
