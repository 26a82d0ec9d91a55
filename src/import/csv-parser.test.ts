import { describe, expect, it } from 'vitest';
import { CsvParser } from './csv-parser';

function parseInChunks(text: string, sizes: number[], sep = ','): string[][] {
  const p = new CsvParser(sep);
  const rows: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const n = sizes[k++ % sizes.length]!;
    p.push(text.slice(i, i + n), (r) => rows.push([...r]));
    i += n;
  }
  p.end((r) => rows.push([...r]));
  return rows;
}

const SAMPLE =
  '统一社会信用代码,企业名称,住所\r\n' +
  '91350100M000100Y43,"福州某某""科技""有限公司","福州市鼓楼区\r\n五一北路1号"\r\n' +
  '91110000600037341L,北京某公司,"北京市,朝阳区"\r\n' +
  ',,\r\n' +
  'x,"",y';

const EXPECTED = [
  ['统一社会信用代码', '企业名称', '住所'],
  ['91350100M000100Y43', '福州某某"科技"有限公司', '福州市鼓楼区\r\n五一北路1号'],
  ['91110000600037341L', '北京某公司', '北京市,朝阳区'],
  ['', '', ''],
  ['x', '', 'y'],
];

describe('CsvParser', () => {
  it('parses quotes, doubled quotes, separators and line breaks inside quotes', () => {
    expect(parseInChunks(SAMPLE, [SAMPLE.length])).toEqual(EXPECTED);
  });

  it('gives the same rows whatever the chunk boundaries (every split of every size)', () => {
    for (const size of [1, 2, 3, 5, 7, 11, 16]) {
      expect(parseInChunks(SAMPLE, [size]), `chunks of ${size}`).toEqual(EXPECTED);
    }
    for (let cut = 1; cut < SAMPLE.length; cut++) {
      expect(parseInChunks(SAMPLE, [cut, SAMPLE.length]), `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('accepts LF-only files and a final line without a line break', () => {
    expect(parseInChunks('a,b\nc,d', [3])).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('reads tab-separated text', () => {
    expect(parseInChunks('a\tb\r\n"c\td"\te\r\n', [4], '\t')).toEqual([['a', 'b'], ['c\td', 'e']]);
  });
});
