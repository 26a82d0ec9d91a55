import { describe, expect, it } from 'vitest';
import { CsvParser, MAX_FIELD_CHARS } from './csv-parser';

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

describe('CsvParser bounds', () => {
  const collect = (text: string, chunk: number, maxField = 10, maxFields = 4) => {
    const p = new CsvParser(',', maxField, maxFields);
    const rows: { cells: string[]; problems?: { col: number; reason: string }[] }[] = [];
    const on = (cells: string[], problems?: { col: number; reason: string }[]) => rows.push({ cells: [...cells], problems });
    for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk), on);
    p.end(on);
    return rows;
  };

  it('cuts a field over the limit and reports it as a problem of that column, in every chunking', () => {
    for (const chunk of [1, 3, 7, 1000]) {
      const rows = collect('a,b\nx,' + 'y'.repeat(25) + ',z\nok,1\n', chunk);
      expect(rows.map((r) => r.cells), `chunk ${chunk}`).toEqual([['a', 'b'], ['x', 'y'.repeat(10), 'z'], ['ok', '1']]);
      expect(rows[1]!.problems).toEqual([{ col: 1, reason: expect.stringContaining('25个字符') }]);
      expect(rows[0]!.problems).toBeUndefined();
      expect(rows[2]!.problems).toBeUndefined();
    }
  });

  it('reports a quote left open where it began, keeping what came before', () => {
    for (const chunk of [1, 4, 1000]) {
      const rows = collect('a,b\nx,"open\nmore\nlines,and,more\n', chunk, 1000);
      expect(rows.length, `chunk ${chunk}`).toBe(2);
      expect(rows[1]!.cells[0]).toBe('x');
      expect(rows[1]!.problems).toEqual([{ col: 1, reason: expect.stringContaining('引号没有闭合') }]);
    }
  });

  it('keeps at most maxFields cells of a record and says so', () => {
    for (const chunk of [2, 1000]) {
      const rows = collect('1,2,3,4,5,6\n"1",2,3,4,5,6\n', chunk);
      for (const r of rows) {
        expect(r.cells).toEqual(['1', '2', '3', '4']);
        expect(r.problems).toEqual([{ col: 4, reason: expect.stringContaining('超过4列') }]);
      }
    }
  });

  it('holds a 20 MB line without a line break in bounded memory, as one row with its problem', () => {
    const p = new CsvParser(',');
    const rows: string[][] = [];
    const problems: unknown[] = [];
    const on = (cells: string[], pr?: unknown[]) => (rows.push(cells), pr && problems.push(...pr));
    const chunk = 'x'.repeat(1 << 20);
    for (let i = 0; i < 20; i++) p.push(chunk, on);
    p.end(on);
    expect(rows.length).toBe(1);
    expect(rows[0]![0]!.length).toBe(MAX_FIELD_CHARS);
    expect(problems).toEqual([{ col: 0, reason: expect.stringContaining(`${20 << 20}个字符`) }]);
  });
});
