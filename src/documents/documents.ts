// The printed documents of an inspection, from plain data (services/documents.ts gathers it and decides
// who may have it): 检查通知书 for the entity, 检查记录表 with the checklist and signature blocks, the
// 摇号记录 of a draw for witnesses and a notary, and the 抽查结果公告 of a task. Each carries a QR code to
// its public page and the issuing department's 落款.
import { PdfWriter } from './pdf';

export interface DocItem {
  code: string;
  name: string;
  methods: string;
  basis: string;
  checkpoints: string[];
}

export interface DocPerson {
  name: string;
  certNo: string;
  leader?: boolean;
}

/** What every document carries: the task, who issues it (落款), when, and its public page (QR code). */
export interface DocHeader {
  /** The issuing department(s): the lead first (落款). */
  departments: string[];
  taskNumber: string;
  taskTitle: string;
  /** The day it is printed (Beijing date). */
  issuedOn: string;
  /** The task's public page (its draw, the list, the way to verify it). */
  publicUrl: string;
}

/** A writer for a document of `d`, titled `title`, authored by its lead department. */
const writerFor = (d: DocHeader, title: string) => new PdfWriter({ title, author: d.departments[0] ?? '' });

/** The document's foot: its QR code with `caption`, and the 落款. */
const foot = (w: PdfWriter, d: DocHeader, caption: string) => w.qrAndIssuer(d.publicUrl, caption, d.departments, cnDate(d.issuedOn));

export interface InspectionDoc extends DocHeader {
  entity: { name: string; uscc: string; address: string; legalRep: string; liaison: string; liaisonPhone: string };
  items: DocItem[];
  /** The inspection's window: from the draw's day to its deadline (Beijing dates). */
  from: string;
  due: string;
  team: DocPerson[];
  experts: DocPerson[];
}

export interface RecordedResult {
  itemCode: string;
  category: string;
  inspectedOn: string;
  method: string;
  findings: string;
  followUp: string;
  status: string;
  answers: { answer: string; note: string }[];
  /** The follow-up (后续处置) in words where there is one. */
  outcome: string;
}

const people = (xs: DocPerson[]) => xs.map((p) => `${p.name}${p.leader ? '（组长）' : ''}（执法证号 ${p.certNo}）`).join('、');
const cnDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日` : iso);
const NUMERALS = '一二三四五六七八九十';
const numeral = (i: number) => (i < 10 ? NUMERALS[i]! : String(i + 1));

/** 检查通知书: what will be inspected, when, by whom, on what basis, what to prepare, and the remedies. */
function writeNotice(w: PdfWriter, d: InspectionDoc): void {
  w.title('检查通知书', `（任务编号 ${d.taskNumber}）`);
  w.para(`${d.entity.name}（统一社会信用代码 ${d.entity.uscc}）：`);
  w.para(
    `根据“双随机、一公开”抽查工作安排（${d.taskTitle}），经随机抽取，${d.departments.join('、')}将于${cnDate(d.from)}至${cnDate(d.due)}期间，对你单位开展下列事项的检查：`,
    { indent: true },
  );
  w.table(
    [{ header: '序号', width: 0.08 }, { header: '抽查事项', width: 0.34 }, { header: '检查方式', width: 0.18 }, { header: '检查依据', width: 0.4 }],
    d.items.map((i, k) => [String(k + 1), `${i.name}（${i.code}）`, i.methods, i.basis]),
  );
  w.para(`检查人员：${people(d.team)}。检查时检查人员将出示行政执法证件。${d.experts.length ? `随同检查的专家：${d.experts.map((e) => e.name).join('、')}。` : ''}`, { indent: true });
  w.para('请你单位准备以下材料，并安排熟悉情况的负责人员配合检查：', { indent: true });
  const materials = [
    '营业执照（登记证书）副本；',
    '法定代表人（负责人）身份证明，或委托他人配合检查的授权委托书及受托人身份证明；',
    ...d.items.map((i) => `与“${i.name}”有关的资料${i.checkpoints.length ? `（检查要点：${i.checkpoints.join('；')}）` : ''}；`),
  ];
  materials.forEach((m, k) => w.para(`${k + 1}. ${m}`, { indent: true }));
  w.para('你单位认为检查人员与你单位有直接利害关系、可能影响公正检查的，可以在检查前申请回避。依法接受检查、如实提供资料是你单位的义务。', { indent: true });
  w.para(
    '你单位对检查中作出的行政行为不服的，可以自知道该行政行为之日起六十日内依法申请行政复议，或者自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼。',
    { indent: true },
  );
  foot(w, d, '扫码查看本次随机抽取的公示信息，可自行核验抽取过程和结果。');
  w.signatures(['被检查单位签收人']);
}

export function inspectionNotice(d: InspectionDoc): Promise<Buffer> {
  const w = writerFor(d, `检查通知书 ${d.taskNumber} ${d.entity.name}`);
  writeNotice(w, d);
  return w.bytes();
}

/** The notices of many inspections (a whole draw's) in one file to print, each numbered on its own. */
export function inspectionNotices(ds: InspectionDoc[]): Promise<Buffer> {
  const w = new PdfWriter({ title: `检查通知书 ${ds[0]?.taskNumber ?? ''}（${ds.length} 份）`, author: ds[0]?.departments[0] ?? '' });
  ds.forEach((d, i) => {
    if (i > 0) w.nextDocument();
    writeNotice(w, d);
  });
  return w.bytes();
}

const BLANK_ANSWER = '□符合 □不符合 □不涉及';

/** 检查记录表: the entity, the team, and per item its checklist (answered, or blank to fill in), result and signatures. */
export function inspectionRecord(d: InspectionDoc, results: RecordedResult[]): Promise<Buffer> {
  const w = writerFor(d, `检查记录表 ${d.taskNumber} ${d.entity.name}`);
  w.title('检查记录表', `（任务编号 ${d.taskNumber}）`);
  w.fields([
    ['抽查任务', d.taskTitle],
    ['被检查单位', d.entity.name],
    ['统一社会信用代码', d.entity.uscc],
    ['住所（经营场所）', d.entity.address],
    ['法定代表人（负责人）', d.entity.legalRep],
    ['联系人及电话', [d.entity.liaison, d.entity.liaisonPhone].filter(Boolean).join(' ')],
    ['检查期限', `${cnDate(d.from)}至${cnDate(d.due)}`],
    ['检查人员', people(d.team)],
    ...(d.experts.length ? ([['专家', d.experts.map((e) => e.name).join('、')]] as [string, string][]) : []),
  ]);
  d.items.forEach((item, k) => {
    const r = results.find((x) => x.itemCode === item.code);
    w.heading(`${numeral(k)}、${item.name}（${item.code}）`);
    if (item.checkpoints.length) {
      w.table(
        [{ header: '序号', width: 0.08 }, { header: '检查要点', width: 0.44 }, { header: '检查情况', width: 0.28 }, { header: '说明', width: 0.2 }],
        item.checkpoints.map((p, n) => [String(n + 1), p, r?.answers[n]?.answer ?? BLANK_ANSWER, r?.answers[n]?.note ?? '']),
      );
    }
    w.fields([
      ['检查方式', r?.method || item.methods],
      ['检查日期', r ? cnDate(r.inspectedOn) : '　　年　　月　　日'],
      ['检查结果', r?.category ?? ''],
      ['检查情况', r?.findings ?? '\n\n'],
      ['后续处置', r ? [r.followUp, r.outcome].filter((x) => x && x !== '无').join('；') || '无' : ''],
      ...(r ? ([['记录状态', r.status]] as [string, string][]) : []),
    ]);
  });
  w.para('以上记录经被检查单位核对无误。');
  w.signatures([...d.team.map((p) => `检查人员 ${p.name}`), '被检查单位负责人']);
  foot(w, d, '扫码查看本次随机抽取的公示信息。');
  return w.bytes();
}

export interface DrawRecordDoc extends DocHeader {
  items: string[];
  protocol: string;
  commitment: string;
  committedAt: string;
  /** ssj-draw/2: the public beacon in words and its value; null for ssj-draw/1 (witnessed entropy). */
  beacon: { text: string; value: string } | null;
  entropy: string;
  seed: string;
  drawnAt: string;
  drawnBy: string;
  inputsHash: string;
  bundleHash: string;
  eligible: number;
  pool: number;
  strata: { label: string; population: number; selected: number }[];
  witnesses: string[];
  /** The drawn list in pick order (at most `listLimit` rows are printed). */
  selected: { uscc: string; name: string; team: string }[];
  total: number;
  voided: string | null;
}

/** 摇号记录 (随机抽取记录): the commitment, the beacon, the reveal and the drawn list, to sign. */
export function drawRecord(d: DrawRecordDoc): Promise<Buffer> {
  const w = writerFor(d, `随机抽取记录 ${d.taskNumber}`);
  w.title('随机抽取记录', `（摇号记录 · 任务编号 ${d.taskNumber}）`);
  if (d.voided) w.para(`本次抽取已作废：${d.voided}`);
  w.fields([
    ['抽查任务', d.taskTitle],
    ['抽查事项', d.items.join('、')],
    ['组织部门', d.departments.join('、')],
    ['抽取规则', `${d.protocol}（公开可复核的随机抽取，方法见公示页面）`],
    ['承诺值', d.commitment],
    ['承诺时间', d.committedAt],
    ...(d.beacon ? ([['随机信标', d.beacon.text], ['信标值', d.beacon.value]] as [string, string][]) : ([['现场见证随机数', d.entropy]] as [string, string][])),
    ['种子', d.seed],
    ['抽取（揭示）时间', d.drawnAt],
    ['操作人', d.drawnBy],
    ['抽取范围', `检查对象 ${d.eligible} 户，检查人员 ${d.pool} 人`],
    ['输入数据哈希', d.inputsHash],
    ['抽取结果哈希', d.bundleHash],
    ['见证人', d.witnesses.join('、') || '（无）'],
  ]);
  w.heading('分层抽取情况');
  w.table([{ header: '分层', width: 0.5 }, { header: '户数', width: 0.25 }, { header: '抽取户数', width: 0.25 }], d.strata.map((s) => [s.label, String(s.population), String(s.selected)]));
  w.heading(`抽取结果（共 ${d.total} 户）`);
  w.table(
    [{ header: '序号', width: 0.08 }, { header: '统一社会信用代码', width: 0.24 }, { header: '检查对象', width: 0.32 }, { header: '检查组', width: 0.36 }],
    d.selected.map((s, i) => [String(i + 1), s.uscc, s.name, s.team]),
    { size: 9 },
  );
  if (d.total > d.selected.length) w.para(`以上列出前 ${d.selected.length} 户，完整名单见公示页面，可用抽取结果哈希核对。`);
  w.para('本记录所列数值与公示页面一致时，任何人可按公开的抽取规则重新计算，得到相同的抽取结果。');
  w.signatures(['操作人', '见证人', '见证人', '公证人员']);
  foot(w, d, '扫码查看本次抽取的公示页面和核验方法。');
  return w.bytes();
}

export interface ResultsNoticeDoc extends DocHeader {
  /** As published: names masked where the privacy rules mask them. */
  rows: { name: string; uscc: string; item: string; inspectedOn: string; category: string; note: string; outcome: string }[];
}

/** 抽查结果公告 of a task: its published results, with the outcome of each follow-up and corrections marked. */
export function resultsNotice(d: ResultsNoticeDoc): Promise<Buffer> {
  const w = writerFor(d, `抽查结果公告 ${d.taskNumber}`);
  w.title('抽查结果公告', `（任务编号 ${d.taskNumber}）`);
  w.para(
    `根据“双随机、一公开”工作要求，现将${d.taskTitle}的抽查结果公告如下（共 ${d.rows.length} 条）。对抽查结果有异议的，可向${d.departments[0] ?? '本机关'}提出。`,
    { indent: true },
  );
  w.table(
    [
      { header: '检查对象', width: 0.2 }, { header: '统一社会信用代码', width: 0.2 }, { header: '抽查事项', width: 0.16 }, { header: '检查日期', width: 0.12 },
      { header: '检查结果', width: 0.14 }, { header: '查处结果', width: 0.18 },
    ],
    d.rows.map((r) => [r.name, r.uscc, r.item, r.inspectedOn, r.category + (r.note ? `（${r.note}）` : ''), r.outcome]),
    { size: 9 },
  );
  foot(w, d, '扫码查看公示页面。');
  return w.bytes();
}
