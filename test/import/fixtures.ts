// Builders of import files in every form staff produce them.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';

export const ENTITY_HEADER = ['统一社会信用代码', '企业名称', '企业类型', '行业', '管辖片区', '住所', '成立日期', '登记状态', '信用风险分类', '法定代表人', '联系电话'];

export const GOOD_ROWS = [
  ['91350100M000100Y43', '福州某某科技有限公司', '有限责任公司', '制造业', '江滨区', '临江市江滨区五一路1号', '2015-03-09', '存续', 'B', '张三', '13800000000'],
  ['91110000600037341L', '北京某某贸易有限公司', '有限责任公司', '批发和零售业', '仓前区', '临江市仓前区工业路2号', '2018/6/1', '存续', 'A', '李四', '13900000000'],
];

export function csvText(rows: string[][], sep = ','): string {
  return rows.map((r) => r.map((v) => (/[",\r\n\t]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v)).join(sep)).join('\r\n') + '\r\n';
}

export type Encoding = 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030' | 'utf16le-tab';

export function encodeCsv(rows: string[][], enc: Encoding): Buffer {
  switch (enc) {
    case 'utf8':
      return Buffer.from(csvText(rows), 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(rows), 'utf8')]);
    case 'gbk':
      return iconv.encode(csvText(rows), 'gbk');
    case 'gb18030':
      return iconv.encode(csvText(rows), 'gb18030');
    case 'utf16le-tab':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(rows, '\t'), 'utf16le')]);
  }
}

export async function xlsxBuffer(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function writeFile(dir: string, name: string, data: Buffer | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}
