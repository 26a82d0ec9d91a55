import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db';
import { setupDatabase } from '../../src/store/setup';
import { runImport, type ImportOptions } from '../../src/import/runner';
import { createDepartment } from '../../src/store/departments';
import { usccCheckChar } from '../../src/domain/uscc';
import { tempDir } from '../helpers/server';
import { encodeCsv, ENTITY_HEADER, GOOD_ROWS, writeFile, xlsxBuffer, type Encoding } from './fixtures';

let dir: string;
let dbFile: string;
let db: Db;

beforeEach(() => {
  dir = tempDir();
  dbFile = path.join(dir, 'test.db');
  db = openDb(dbFile);
  setupDatabase(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(file: string, o: Partial<ImportOptions> = {}) {
  return runImport({ dbFile, kind: 'entities', departmentId: null, file, filename: path.basename(file), sha256: 'x', commit: true, actor: 'tester', now: '2026-11-23T00:00:00Z', ...o });
}

/** Everything an import could touch, as text, to prove that a refused import changed nothing. */
function snapshot(): string {
  const tables = ['entities', 'items', 'inspectors', 'record_history', 'audit_events', 'import_jobs'];
  return tables.map((t) => JSON.stringify(db.prepare('SELECT * FROM ' + t + ' ORDER BY rowid').all())).join('\n');
}

function entityNames(): string[] {
  return (db.prepare('SELECT name FROM entities ORDER BY uscc').all() as { name: string }[]).map((r) => r.name);
}

const blankRow = (uscc: string, name: string) => [uscc, name, '', '', '', '', '', '存续', '', '', ''];

describe('encodings', () => {
  const encodings: Encoding[] = ['utf8', 'utf8-bom', 'gbk', 'gb18030', 'utf16le-tab'];
  for (const enc of encodings) {
    it(`reads a ${enc} file without being told its encoding`, async () => {
      const file = writeFile(dir, `e-${enc}.csv`, encodeCsv([ENTITY_HEADER, ...GOOD_ROWS], enc));
      const r = await run(file);
      expect(r.errors).toEqual([]);
      expect(r.committed).toBe(true);
      expect(r.newCount).toBe(2);
      expect(entityNames()).toEqual(['北京某某贸易有限公司', '福州某某科技有限公司']);
      const row = db.prepare("SELECT address, established, legal_rep AS rep FROM entities WHERE uscc = '91110000600037341L'").get();
      expect(row).toEqual({ address: '临江市仓前区工业路2号', established: '2018-06-01', rep: '李四' });
    });
  }

  it('tells GBK from UTF-8 when the Chinese text starts after the first 64 KiB', async () => {
    const filler = Array.from({ length: 4000 }, (_, i) => ['91350100M000100Y43', 'ABCDEFGHIJ' + i, 'X']);
    const rows = [['USCC', 'NAME', 'STATE'], ...filler, ['91110000600037341L', '北京某某贸易有限公司', '存续']];
    const file = writeFile(dir, 'late.csv', encodeCsv(rows, 'gbk'));
    expect(fs.statSync(file).size).toBeGreaterThan(64 * 1024);
    const r = await run(file, { commit: false });
    expect(r.encoding).toBe('GBK/GB18030');
    expect(r.errors.some((e) => e.value === '北京某某贸易有限公司' || e.value.includes('\ufffd'))).toBe(false);
  });

  it('refuses a file that switches from UTF-8 to GBK part-way, instead of storing garbled names', async () => {
    const before = snapshot();
    const utf8Part = Buffer.from(ENTITY_HEADER.join(',') + '\r\n' + GOOD_ROWS[0]!.join(',') + '\r\n'.repeat(1) + 'x,'.repeat(40000) + '\r\n', 'utf8');
    const gbkPart = encodeCsv([GOOD_ROWS[1]!], 'gbk');
    const r = await run(writeFile(dir, 'mixed-enc.csv', Buffer.concat([utf8Part, gbkPart])));
    expect(r.committed).toBe(false);
    expect(r.fatal).toContain('混用了 GBK 与 UTF-8');
    expect(snapshot()).toBe(before);
  });

  it('reads .xlsx with Excel dates and numbers', async () => {
    const file = writeFile(dir, 'e.xlsx', await xlsxBuffer([ENTITY_HEADER, GOOD_ROWS[0]!, [...GOOD_ROWS[1]!.slice(0, 6), new Date(Date.UTC(2018, 5, 1)), ...GOOD_ROWS[1]!.slice(7)]]));
    const r = await run(file);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('xlsx');
    expect(db.prepare("SELECT established FROM entities WHERE uscc = '91110000600037341L'").get()).toEqual({ established: '2018-06-01' });
  });
});

describe('row checks in a file', () => {
  it('reports row, column and reason in Chinese, and writes nothing when any row is invalid', async () => {
    await run(writeFile(dir, 'first.csv', encodeCsv([ENTITY_HEADER, GOOD_ROWS[0]!], 'utf8')));
    const before = snapshot();
    const bad = [
      ENTITY_HEADER,
      GOOD_ROWS[1]!,
      blankRow('350100100012345', '旧注册号公司'),
      blankRow('91350100M000100Y44', '校验位错误公司'),
      blankRow(GOOD_ROWS[1]![0]!, '重复行'),
      ['91350100M000100Y43', '', '', '', '', '', '2023-02-30', '营业', 'E', '', 'abc'],
    ];
    const r = await run(writeFile(dir, 'bad.csv', encodeCsv(bad, 'utf8')));
    expect(r.committed).toBe(false);
    expect(r.invalidCount).toBe(4);
    expect(r.message).toContain('整份文件未导入');
    const at = (row: number) => r.errors.filter((e) => e.rowNo === row).map((e) => `${e.column}:${e.reason}`);
    expect(at(3)).toEqual(['A列（统一社会信用代码）:这是15位旧版注册号，不是统一社会信用代码；请填写18位统一社会信用代码']);
    expect(at(4)[0]).toContain('校验位错误');
    expect(at(5)).toEqual(['A列（统一社会信用代码）:与第2行重复']);
    expect(at(6).map((x) => x.split(':')[0])).toEqual(['B列（企业名称）', 'G列（成立日期）', 'H列（登记状态）', 'I列（信用风险分类）', 'K列（法定代表人电话）']);
    expect(snapshot()).toBe(before);
  });

  it('imports only the valid rows when asked to skip invalid ones', async () => {
    const r = await run(writeFile(dir, 'mixed.csv', encodeCsv([ENTITY_HEADER, GOOD_ROWS[0]!, blankRow('123', 'x')], 'utf8')), { skipInvalid: true });
    expect(r.committed).toBe(true);
    expect(r.newCount).toBe(1);
    expect(r.invalidCount).toBe(1);
    expect(entityNames()).toEqual(['福州某某科技有限公司']);
  });

  it('refuses a file without a required column before reading any row', async () => {
    const before = snapshot();
    const r = await run(writeFile(dir, 'nohead.csv', encodeCsv([['企业名称', '住所'], ['某公司', '某地']], 'utf8')));
    expect(r.fatal).toBe('第1行为表头，但缺少必填列：统一社会信用代码、登记状态');
    expect(snapshot()).toBe(before);
  });

  it('leaves the directory as it was when the file breaks half-way (corrupt .xlsx)', async () => {
    await run(writeFile(dir, 'first.csv', encodeCsv([ENTITY_HEADER, GOOD_ROWS[0]!], 'utf8')));
    const before = snapshot();
    const rows = Array.from({ length: 3000 }, (_, i) => blankRow('91350100M0' + String(i).padStart(7, '0'), '公司' + i));
    const good = await xlsxBuffer([ENTITY_HEADER, ...rows]);
    const broken = Buffer.concat([good.subarray(0, Math.floor(good.length * 0.6)), Buffer.alloc(5000, 7)]);
    const r = await run(writeFile(dir, 'broken.xlsx', broken));
    expect(r.committed).toBe(false);
    expect(r.fatal).toContain('无法读取 Excel 文件');
    expect(snapshot()).toBe(before);
  });

  it('accepts header variants in any order, full-width text and stray spaces', async () => {
    const header = ['  名称 ', '登记状态', '社会信用代码（必填）', '信用等级', '备注'];
    const rows = [header, ['  福州　某某科技有限公司 ', '在业', '９１３５０１００Ｍ０００１００Ｙ４３', 'b类', '不认识的列']];
    const r = await run(writeFile(dir, 'variants.csv', encodeCsv(rows, 'utf8')));
    expect(r.errors).toEqual([]);
    expect(r.unknownColumns).toEqual(['E列“备注”']);
    expect(db.prepare('SELECT uscc, name, reg_state AS s, credit_class AS c FROM entities').get()).toEqual({ uscc: '91350100M000100Y43', name: '福州 某某科技有限公司', s: '存续', c: 'B' });
  });
});

describe('first import into an empty directory (written straight into the table)', () => {
  const code = (i: number) => {
    const base = '91350100M' + String(i).padStart(8, '0');
    return base + usccCheckChar(base);
  };
  const row = (i: number, region: string, klass: string, state = '存续') => [code(i), '公司' + i, '', '', region, '', '', state, klass, '', ''];
  const schema = () => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'entities' ORDER BY name").all();
  const facets = () => db.prepare('SELECT * FROM entity_facet_counts ORDER BY region, industry, entity_type, credit_class, reg_state, active').all();

  it('names the first row of a repeated code and writes nothing, indexes and counts untouched', async () => {
    const before = snapshot();
    const shape = schema();
    const rows = [ENTITY_HEADER, row(1, '仓前区', 'A'), row(2, '仓前区', 'B'), row(1, '江滨区', 'C'), row(3, '江滨区', 'D')];
    const r = await run(writeFile(dir, 'dup.csv', encodeCsv(rows, 'utf8')));
    expect(r.committed).toBe(false);
    expect(r.invalidCount).toBe(1);
    expect(r.errors).toEqual([{ rowNo: 4, column: 'A列（统一社会信用代码）', value: code(1), reason: '与第2行重复' }]);
    expect(snapshot()).toBe(before);
    expect(schema()).toEqual(shape);
    expect(facets()).toEqual([]);
  });

  it('keeps the first of a repeated code when skipping invalid rows, and counts facets as a GROUP BY would', async () => {
    const shape = schema();
    const rows = [ENTITY_HEADER];
    for (let i = 0; i < 2500; i++) rows.push(row(i, ['仓前区', '江滨区', '晋福区'][i % 3]!, 'ABCD'[i % 4]!, i % 7 === 0 ? '吊销' : '存续'));
    rows.push(row(7, '江滨区', 'A'));
    const r = await run(writeFile(dir, 'many.csv', encodeCsv(rows, 'utf8')), { skipInvalid: true });
    expect(r.committed).toBe(true);
    expect([r.newCount, r.invalidCount]).toEqual([2500, 1]);
    expect(r.errors[0]).toMatchObject({ rowNo: 2502, reason: '与第9行重复' });
    expect(db.prepare('SELECT region, credit_class AS c FROM entities WHERE uscc = ?').get(code(7))).toEqual({ region: '江滨区', c: 'D' });
    expect(schema()).toEqual(shape);
    const grouped = db.prepare(`SELECT region, industry, entity_type, credit_class, reg_state, active, count(*) AS n FROM entities
      GROUP BY region, industry, entity_type, credit_class, reg_state, active ORDER BY region, industry, entity_type, credit_class, reg_state, active`).all();
    expect(facets()).toEqual(grouped);
    expect(facets()).toHaveLength(3 * 4 * 2);
  });
});

describe('a large first import', () => {
  it('commits 60,000 rows whole: seen by another connection with indexes, counts and a sound file, while the log is folded in the background', async () => {
    const rows = [ENTITY_HEADER];
    for (let i = 0; i < 60000; i++) {
      const base = '91350100M' + String(i).padStart(8, '0');
      rows.push([base + usccCheckChar(base), '公司' + i, '', '', ['仓前区', '江滨区'][i % 2]!, '', '', '存续', 'ABCD'[i % 4]!, '', '']);
    }
    const r = await run(writeFile(dir, 'large.csv', encodeCsv(rows, 'utf8')));
    expect(r.committed).toBe(true);
    expect(r.newCount).toBe(60000);
    const other = openDb(dbFile);
    try {
      expect(other.prepare("SELECT count(*) FROM entities WHERE region = '江滨区' AND credit_class = 'B'").pluck().get()).toBe(15000);
      expect(other.prepare("SELECT sum(n) FROM entity_facet_counts WHERE region = '江滨区'").pluck().get()).toBe(30000);
      expect(other.prepare("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'entities' AND type = 'index'").pluck().get()).toBeGreaterThanOrEqual(6);
      expect(other.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      other.close();
    }
  });
});

describe('preview and re-import', () => {
  it('counts new, updated, unchanged and invalid without writing, then the commit does exactly that', async () => {
    await run(writeFile(dir, 'first.csv', encodeCsv([ENTITY_HEADER, ...GOOD_ROWS], 'utf8')));
    const changed = GOOD_ROWS[1]!.map((v, i) => (i === 1 ? '北京某某贸易股份有限公司' : v));
    const third = blankRow('91350100M000200Y3' + usccCheckChar('91350100M000200Y3'), '新公司');
    const file = writeFile(dir, 'second.csv', encodeCsv([ENTITY_HEADER, GOOD_ROWS[0]!, changed, third, blankRow('bad', 'x')], 'utf8'));
    const before = snapshot();
    const p = await run(file, { commit: false });
    expect([p.newCount, p.updatedCount, p.unchangedCount, p.invalidCount]).toEqual([1, 1, 1, 1]);
    expect(snapshot()).toBe(before);
    const c = await run(file, { skipInvalid: true });
    expect([c.newCount, c.updatedCount, c.unchangedCount, c.invalidCount]).toEqual([1, 1, 1, 1]);
    expect(entityNames()).toContain('北京某某贸易股份有限公司');
    const hist = db.prepare("SELECT version, data FROM record_history WHERE kind = 'entities'").all() as { version: number; data: string }[];
    expect(hist).toHaveLength(1);
    expect(JSON.parse(hist[0]!.data).name).toBe('北京某某贸易有限公司');
  });

  it('keeps inspectors of one department out of another department’s import', async () => {
    const a = createDepartment(db, { code: 'a', name: '甲局', shortName: '甲' });
    const b = createDepartment(db, { code: 'b', name: '乙局', shortName: '乙' });
    const rows = [['执法证号', '姓名', '执法证有效期至'], ['35010100001', '王伟', '2028-12-31']];
    const file = writeFile(dir, 'insp.csv', encodeCsv(rows, 'utf8'));
    expect((await run(file, { kind: 'inspectors', departmentId: a })).newCount).toBe(1);
    const r = await run(file, { kind: 'inspectors', departmentId: b });
    expect(r.committed).toBe(false);
    expect(r.errors[0]!.reason).toContain('其他部门');
    expect(db.prepare('SELECT department_id AS d FROM inspectors').all()).toEqual([{ d: a }]);
  });
});

describe('files as departments really have them', () => {
  it('finds the header below a title row, notes and blank rows (CSV), and says which row it took', async () => {
    const rows = [['临江市检查对象名录（2026年11月）', '', ''], ['说明：带*为必填', '', ''], [''], ENTITY_HEADER, ...GOOD_ROWS];
    const r = await run(writeFile(dir, 'titled.csv', encodeCsv(rows, 'utf8')));
    expect(r.fatal).toBeNull();
    expect(r.errors).toEqual([]);
    expect(r.headerRow).toBe(4);
    expect(r.newCount).toBe(2);
    expect(r.rowsTotal).toBe(2);
  });

  it('finds the header below a merged title cell in .xlsx, numbering rows as Excel does', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(['临江市检查对象名录']);
    ws.mergeCells('A1:K1');
    ws.addRow(['填表单位：临江市市场监督管理局']);
    ws.mergeCells('A2:F2');
    ws.addRow(ENTITY_HEADER);
    ws.addRow(GOOD_ROWS[0]!);
    ws.addRow(blankRow('123', '坏代码'));
    const file = writeFile(dir, 'titled.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const r = await run(file, { commit: false });
    expect(r.fatal).toBeNull();
    expect(r.headerRow).toBe(3);
    expect(r.rowsTotal).toBe(2);
    expect(r.errors.map((e) => e.rowNo)).toEqual([5]);
  });

  it('says where there is no header at all', async () => {
    const r = await run(writeFile(dir, 'noheader.csv', encodeCsv([['甲', '乙'], ['1', '2']], 'utf8')));
    expect(r.fatal).toContain('没有找到表头行');
    expect(r.fatal).toContain('统一社会信用代码');
  });

  it('refuses a row whose quote never closes, at its row and column, keeping a short value', async () => {
    const text = encodeCsv([ENTITY_HEADER, GOOD_ROWS[0]!], 'utf8').toString('utf8') + '91110000600037341L,"北京某某贸易有限公司,x\r\n' + 'y,'.repeat(50000) + '\r\n';
    const r = await run(writeFile(dir, 'quote.csv', text), { commit: false });
    expect(r.fatal).toBeNull();
    expect(r.invalidCount).toBe(1);
    const e = r.errors.find((x) => x.rowNo === 3)!;
    expect(e.column).toBe('B列（企业名称）');
    expect(e.reason).toContain('引号没有闭合');
    expect(e.value.length).toBeLessThan(300);
  });

  it('refuses a cell over 32,767 characters as an error of its row and column', async () => {
    const long = [...GOOD_ROWS[1]!];
    long[5] = '临'.repeat(40000);
    const r = await run(writeFile(dir, 'long.csv', encodeCsv([ENTITY_HEADER, GOOD_ROWS[0]!, long], 'utf8')), { commit: false });
    expect(r.invalidCount).toBe(1);
    expect(r.errors).toEqual([{ rowNo: 3, column: 'F列（住所）', value: expect.stringContaining('共32767个字符'), reason: expect.stringContaining('40000个字符') }]);
  });

  it('answers a 12 MB file of one line without a line break: no header, nothing read into memory whole', async () => {
    const r = await run(writeFile(dir, 'oneline.csv', 'x'.repeat(12 << 20)));
    expect(r.fatal).toContain('没有找到表头行');
  });

  it('says where UTF-8 breaks instead of reading the file as GBK', async () => {
    const good = encodeCsv([ENTITY_HEADER, ...GOOD_ROWS, ...Array.from({ length: 40 }, (_, i) => blankRow('91350100M0' + String(i).padStart(7, '0'), '临江某某公司' + i))], 'utf8');
    // Two bytes that start no UTF-8 sequence, inside the name of the 6th row.
    const at = good.indexOf(Buffer.from('临江某某公司3', 'utf8'));
    const broken = Buffer.concat([good.subarray(0, at), Buffer.from([0xff, 0xfe]), good.subarray(at)]);
    const r = await run(writeFile(dir, 'broken-utf8.csv', broken));
    expect(r.encoding).toBe('UTF-8');
    expect(r.fatal).toContain('文件编码有误：第7行');
    expect(r.fatal).toContain(`第${(at + 1).toLocaleString('zh-CN')}个字节处`);
    expect(r.fatal).not.toContain('缺少必填列');
  });
});
