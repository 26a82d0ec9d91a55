// The three registers: 抽查事项清单 (items), 检查对象名录库 (entities), 执法检查人员名录库 (inspectors).
import type { Field } from './fields';

export type DirectoryKind = 'items' | 'entities' | 'inspectors';

export const REG_STATES = ['存续', '注销', '吊销', '迁出', '撤销'] as const;
export const CREDIT_CLASSES = ['A', 'B', 'C', 'D'] as const;
export const CREDIT_CLASS_NAMES: Record<string, string> = { A: 'A 低风险', B: 'B 一般风险', C: 'C 较高风险', D: 'D 高风险' };
export const INSPECTION_METHODS = ['现场检查', '书面检查', '网络检查', '专业机构核查'] as const;
export const ITEM_TYPES = ['一般检查事项', '重点检查事项'] as const;
export const INSPECTOR_STATES = ['在岗', '离岗'] as const;

export const ENTITY_FIELDS: Field[] = [
  { key: 'uscc', label: '统一社会信用代码', type: 'uscc', required: true,
    aliases: ['社会信用代码', '信用代码', '统一代码', 'USCC', '统一社会信用代码/注册号', '企业统一社会信用代码', '主体统一社会信用代码'] },
  { key: 'name', label: '企业名称', type: 'text', required: true, maxLength: 200,
    aliases: ['名称', '主体名称', '单位名称', '市场主体名称', '企业(机构)名称', '检查对象名称', '对象名称'] },
  { key: 'entityType', label: '企业类型', type: 'text', maxLength: 60, aliases: ['主体类型', '市场主体类型', '类型', '企业类别'] },
  { key: 'industry', label: '行业', type: 'text', maxLength: 60, aliases: ['所属行业', '行业门类', '国民经济行业', '行业类别'] },
  { key: 'regAuthority', label: '登记机关', type: 'text', maxLength: 60, aliases: ['登记管理机关'] },
  { key: 'region', label: '管辖片区', type: 'text', maxLength: 60,
    aliases: ['管辖单位', '片区', '所属区域', '区域', '辖区', '所属片区', '管辖机关', '所属辖区'] },
  { key: 'address', label: '住所', type: 'text', maxLength: 200, aliases: ['地址', '经营场所', '住所(经营场所)', '注册地址', '企业地址', '经营地址'] },
  { key: 'established', label: '成立日期', type: 'date', aliases: ['注册日期', '成立时间', '设立日期'] },
  { key: 'regState', label: '登记状态', type: 'enum', required: true, values: REG_STATES,
    synonyms: { 在业: '存续', 开业: '存续', 正常: '存续', '存续(在营、开业、在册)': '存续', 已注销: '注销', '吊销,未注销': '吊销', 吊销未注销: '吊销', 已吊销: '吊销' },
    aliases: ['经营状态', '企业状态', '状态', '登记状况'] },
  { key: 'creditClass', label: '信用风险分类', type: 'enum', values: CREDIT_CLASSES,
    synonyms: { A类: 'A', B类: 'B', C类: 'C', D类: 'D', 低: 'A', 低风险: 'A', 一般: 'B', 一般风险: 'B', 较高: 'C', 较高风险: 'C', 高: 'D', 高风险: 'D' },
    aliases: ['信用风险等级', '风险等级', '信用等级', '风险分类', '信用风险类别', '信用分类'] },
  { key: 'abnormal', label: '是否列入经营异常名录', type: 'bool', aliases: ['经营异常名录', '经营异常', '是否经营异常'] },
  { key: 'keySupervision', label: '是否重点监管对象', type: 'bool', aliases: ['重点监管对象', '重点监管'] },
  { key: 'legalRep', label: '法定代表人', type: 'text', maxLength: 60, private: true,
    aliases: ['负责人', '经营者', '法定代表人(负责人)', '法定代表人/负责人', '法人代表', '法人'] },
  { key: 'legalRepPhone', label: '法定代表人电话', type: 'phone', private: true, aliases: ['联系电话', '电话', '法人电话', '联系方式'] },
  { key: 'liaison', label: '联络员', type: 'text', maxLength: 60, private: true, aliases: ['联系人'] },
  { key: 'liaisonPhone', label: '联络员电话', type: 'phone', private: true, aliases: ['联系人电话', '联络员手机'] },
  { key: 'lastInspected', label: '最近检查日期', type: 'date', aliases: ['上次检查日期', '最近一次检查日期', '最后检查日期'] },
];

export const INSPECTOR_FIELDS: Field[] = [
  { key: 'certNo', label: '执法证号', type: 'code', required: true, maxLength: 40,
    aliases: ['执法证件号', '执法证编号', '行政执法证号', '执法证件号码', '执法证', '证件编号'] },
  { key: 'name', label: '姓名', type: 'text', required: true, maxLength: 40, aliases: ['人员姓名', '检查人员', '执法人员'] },
  { key: 'unit', label: '单位', type: 'text', maxLength: 80, aliases: ['工作单位', '科室', '所在单位', '所在科室', '单位/部门', '处室'] },
  { key: 'certExpiry', label: '执法证有效期至', type: 'date', required: true,
    aliases: ['有效期至', '执法证有效期', '有效期', '证件有效期', '有效期限'] },
  { key: 'certIssuer', label: '发证机关', type: 'text', maxLength: 80, aliases: ['发证单位'] },
  { key: 'region', label: '岗位管辖片区', type: 'text', maxLength: 60, aliases: ['管辖片区', '片区', '区域', '所属片区', '负责片区'] },
  { key: 'specialties', label: '专业领域', type: 'list', maxLength: 200, aliases: ['业务专长', '专长', '专业', '擅长领域'] },
  { key: 'isExpert', label: '是否专家', type: 'bool', aliases: ['专家'] },
  { key: 'status', label: '状态', type: 'enum', values: INSPECTOR_STATES,
    synonyms: { 在职: '在岗', 正常: '在岗', 离职: '离岗', 退休: '离岗', 调离: '离岗' }, aliases: ['在岗状态', '人员状态'] },
  { key: 'idNumber', label: '身份证号', type: 'idcard', private: true, aliases: ['身份证号码', '公民身份号码', '身份证'] },
  { key: 'phone', label: '联系电话', type: 'phone', private: true, aliases: ['手机', '手机号码', '电话'] },
];

export const ITEM_FIELDS: Field[] = [
  { key: 'code', label: '事项编码', type: 'code', required: true, maxLength: 40, aliases: ['编码', '事项编号', '抽查事项编码', '编号'] },
  { key: 'category', label: '抽查类别', type: 'text', maxLength: 80, aliases: ['类别'] },
  { key: 'name', label: '抽查事项', type: 'text', required: true, maxLength: 200, aliases: ['事项名称', '抽查事项名称', '检查事项'] },
  { key: 'subItem', label: '抽查子项', type: 'text', maxLength: 200, aliases: ['子项'] },
  { key: 'target', label: '检查对象', type: 'text', required: true, maxLength: 200, aliases: ['抽查对象'] },
  { key: 'itemType', label: '事项类别', type: 'enum', required: true, values: ITEM_TYPES,
    synonyms: { 一般: '一般检查事项', 重点: '重点检查事项', 一般事项: '一般检查事项', 重点事项: '重点检查事项' }, aliases: ['事项类型'] },
  { key: 'methods', label: '检查方式', type: 'list', required: true, values: INSPECTION_METHODS,
    synonyms: { 现场: '现场检查', 书面: '书面检查', 网络: '网络检查', 网络监测: '网络检查', 专业机构: '专业机构核查', 实地检查: '现场检查' },
    aliases: ['抽查方式', '检查形式'] },
  { key: 'agency', label: '检查主体', type: 'text', maxLength: 80, aliases: ['实施主体', '检查实施机关'] },
  { key: 'basis', label: '检查依据', type: 'multiline', required: true, maxLength: 2000, aliases: ['抽查依据', '法律依据', '依据'] },
  { key: 'ratio', label: '抽查比例', type: 'text', maxLength: 80, aliases: ['比例'] },
  { key: 'frequency', label: '抽查频次', type: 'text', maxLength: 80, aliases: ['频次'] },
  { key: 'disclosure', label: '结果公开方式', type: 'text', maxLength: 200, aliases: ['公开方式'] },
  { key: 'inspectorReq', label: '检查人员要求', type: 'text', maxLength: 200, aliases: ['人员要求'] },
  { key: 'specialty', label: '所需专业领域', type: 'text', maxLength: 60, aliases: ['专业要求', '所需专业'] },
  { key: 'initiator', label: '发起部门', type: 'text', maxLength: 80 },
  { key: 'partners', label: '配合部门', type: 'list', maxLength: 200 },
  { key: 'level', label: '抽查层级', type: 'text', maxLength: 40, aliases: ['层级'] },
  { key: 'checkpoints', label: '检查要点', type: 'multiline', maxLength: 4000, aliases: ['检查内容', '检查要点及标准', '检查标准', '检查清单'] },
];

export interface DirectoryDef {
  kind: DirectoryKind;
  title: string;
  fields: Field[];
  /** The natural key of a row: USCC, certificate number, item code. */
  key: string;
}

export const DIRECTORIES: Record<DirectoryKind, DirectoryDef> = {
  items: { kind: 'items', title: '抽查事项清单', fields: ITEM_FIELDS, key: 'code' },
  entities: { kind: 'entities', title: '检查对象名录库', fields: ENTITY_FIELDS, key: 'uscc' },
  inspectors: { kind: 'inspectors', title: '执法检查人员名录库', fields: INSPECTOR_FIELDS, key: 'certNo' },
};

export function isDirectoryKind(s: string): s is DirectoryKind {
  return s === 'items' || s === 'entities' || s === 'inspectors';
}
