// 专项名录 (special lists): lists of entities a department keeps beside the directory, and who is on
// them on a given day. Members are entities of the directory, named by USCC.
import type { DirectoryDef } from './directories';
import type { Field } from './fields';

/** The lists a 科学技术局 keeps, with what their files call the member's number; 'custom' for any other. */
export const LIST_KINDS = {
  'high-tech': { name: '高新技术企业', number: '证书编号' },
  'tech-sme': { name: '科技型中小企业', number: '入库登记编号' },
  incubator: { name: '科技企业孵化器/众创空间', number: '认定编号' },
  'tech-contract': { name: '技术合同登记机构', number: '登记机构编号' },
  'foreign-work': { name: '外国人来华工作许可用人单位', number: '用人单位编号' },
  custom: { name: '自定义名录', number: '编号' },
} as const;
export type ListKind = keyof typeof LIST_KINDS;

export function isListKind(s: string): s is ListKind {
  return Object.hasOwn(LIST_KINDS, s);
}

/** The columns of a member list file (the header row is matched as the directories' are). */
export const MEMBER_FIELDS: Field[] = [
  { key: 'uscc', label: '统一社会信用代码', type: 'uscc', required: true, aliases: ['社会信用代码', '信用代码', '统一代码', 'USCC', '企业统一社会信用代码'] },
  { key: 'name', label: '企业名称', type: 'text', maxLength: 200, aliases: ['名称', '单位名称', '机构名称', '企业(机构)名称'] },
  {
    key: 'certNo', label: '编号', type: 'code', maxLength: 60,
    aliases: ['证书编号', '证书号', '高新技术企业证书编号', '入库登记编号', '入库编号', '登记编号', '认定编号', '登记机构编号', '用人单位编号'],
  },
  { key: 'issued', label: '发证日期', type: 'date', aliases: ['认定日期', '入库日期', '登记日期', '批准日期', '发证时间', '认定时间'] },
  { key: 'validUntil', label: '有效期至', type: 'date', aliases: ['有效期', '有效期截止', '有效期截止日期', '有效截止日期', '证书有效期至'] },
  { key: 'year', label: '年度', type: 'text', maxLength: 4, aliases: ['入库年度', '认定年度'] },
];

/** MEMBER_FIELDS in the shape the header matcher takes. */
export const MEMBER_DEF: Pick<DirectoryDef, 'fields'> = { fields: MEMBER_FIELDS };

export interface Membership {
  issued: string;
  validUntil: string;
  year: string;
}

/**
 * Whether a member is on its list on `day` (a China date): not before it was issued, not after its
 * validity ends, and in its year for a year's entry. What a list leaves blank limits nothing.
 */
export function currentOn(m: Membership, day: string): boolean {
  return (m.issued === '' || m.issued <= day) && (m.validUntil === '' || day <= m.validUntil) && (m.year === '' || day.startsWith(m.year + '-'));
}

/** The same rule as SQL on the columns of special_list_members aliased `m`, `?` being the day (three times). */
export const CURRENT_ON_SQL = `(m.issued = '' OR m.issued <= ?) AND (m.valid_until = '' OR m.valid_until >= ?) AND (m.year = '' OR m.year = substr(?, 1, 4))`;
