// Generates the demo department from a fixed seed: the same items, entities and inspectors every time.
// Run as a script to write the files (`npm run demo -- --out DIR [--entities N]`); the server uses it on first start.
import fs from 'node:fs';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { usccCheckChar, USCC_ALPHABET } from '../src/domain/uscc';
import { ENTITY_FIELDS, INSPECTOR_FIELDS, ITEM_FIELDS } from '../src/domain/directories';
import type { Field } from '../src/domain/fields';
import { MEMBER_FIELDS } from '../src/domain/special-lists';
import { csvCell } from '../src/import/tabular-writer';

export const DEMO_SEED = 'shuangsuiji-demo-2026';

export const DEMO_DEPARTMENTS = [
  { code: 'kjj', name: '临江市科学技术局', shortName: '临江市科技局' },
  { code: 'scjgj', name: '临江市市场监督管理局', shortName: '临江市市场监管局' },
] as const;

type Rng = () => number;
const pick = <T>(rng: Rng, a: readonly T[]): T => a[Math.floor(rng() * a.length)]!;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const REGIONS = [
  { name: '江滨区', code: '350102' },
  { name: '台湾路片区', code: '350103' },
  { name: '仓前区', code: '350104' },
  { name: '马港区', code: '350105' },
  { name: '晋福区', code: '350111' },
  { name: '长湖区', code: '350112' },
  { name: '闽东县', code: '350121' },
  { name: '连山县', code: '350122' },
];
const INDUSTRIES = [
  '制造业', '批发和零售业', '住宿和餐饮业', '信息传输、软件和信息技术服务业', '科学研究和技术服务业',
  '租赁和商务服务业', '建筑业', '交通运输、仓储和邮政业', '居民服务、修理和其他服务业', '文化、体育和娱乐业',
];
const BRANDS = ['宏远', '鑫达', '华创', '恒信', '瑞丰', '博远', '天成', '中科', '金源', '新锐', '汇智', '联创', '云帆', '海纳', '启明', '同力', '卓越', '星辰', '万方', '东升', '嘉禾', '润泽', '远航', '明德'];
const TRADES = ['科技', '信息技术', '生物医药', '新材料', '电子', '机械', '食品', '贸易', '建材', '文化传媒', '餐饮管理', '物流', '智能装备', '软件'];
const SHOPS = ['小吃店', '便利店', '五金店', '服装店', '理发店', '水果店', '面馆', '副食店', '维修部', '茶叶店'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '林', '郭', '何', '高', '罗', '郑', '梁'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强', '晓东', '丽华', '海燕'];
const TYPES: { type: string; kind: '1' | '2' | '3'; weight: number }[] = [
  { type: '有限责任公司', kind: '1', weight: 50 },
  { type: '股份有限公司', kind: '1', weight: 6 },
  { type: '个人独资企业', kind: '1', weight: 5 },
  { type: '合伙企业', kind: '1', weight: 4 },
  { type: '外商投资企业', kind: '1', weight: 3 },
  { type: '个体工商户', kind: '2', weight: 28 },
  { type: '农民专业合作社', kind: '3', weight: 4 },
];
const ORG_ALPHABET = USCC_ALPHABET; // no I O Z S V, as in real codes

function weighted<T extends { weight: number }>(rng: Rng, a: T[]): T {
  const total = a.reduce((s, x) => s + x.weight, 0);
  let r = rng() * total;
  for (const x of a) if ((r -= x.weight) < 0) return x;
  return a[a.length - 1]!;
}

/** 9-character organisation code with its GB 11714 check character. */
function orgCode(rng: Rng): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let body = '';
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = i < 2 ? ORG_ALPHABET[Math.floor(rng() * ORG_ALPHABET.length)]! : String(Math.floor(rng() * 10));
    body += c;
    sum += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * w[i]!;
  }
  const r = 11 - (sum % 11);
  return body + (r === 10 ? 'X' : r === 11 ? '0' : String(r));
}

export function personName(rng: Rng): string {
  return pick(rng, SURNAMES) + pick(rng, GIVEN);
}

function phone(rng: Rng): string {
  return '1' + pick(rng, ['38', '39', '58', '59', '86', '37']) + pad(Math.floor(rng() * 1e8), 8);
}

function date(rng: Rng, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(rng() * (toYear - fromYear + 1));
  return `${y}-${pad(1 + Math.floor(rng() * 12), 2)}-${pad(1 + Math.floor(rng() * 28), 2)}`;
}

function idNumber(rng: Rng, region: string): string {
  const body = region + date(rng, 1965, 1998).replace(/-/g, '') + pad(Math.floor(rng() * 1000), 3);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * w[i]!;
  return body + '10X98765432'[sum % 11]!;
}

/** Demo 'today' for derived dates, so that the data does not depend on when it is generated. */
export const DEMO_REFERENCE_DAY = '2026-11-01';

function daysBefore(iso: string, days: number): string {
  const t = Date.parse(iso + 'T00:00:00Z') - days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

export type Row = Record<string, string>;

// Characters added to a trade name (字号) already taken: one registration authority does not register
// the same name twice, and a directory where two firms share a name makes pages and tests ambiguous.
const NAME_EXTRA = ['鑫', '泰', '源', '达', '恒', '盛', '兴', '丰', '隆', '昌', '华', '安', '康', '佳', '诚', '信', '和', '瑞', '通', '德'];

/** Names unique within one generated directory; draws nothing from the generator (the data stay as they were otherwise). */
class UniqueNames {
  private readonly taken = new Set<string>();
  private readonly repeats = new Map<string, number>();

  take(head: string, tail: string): string {
    const base = head + tail;
    let n = this.repeats.get(base) ?? 0;
    let name = base;
    while (this.taken.has(name)) {
      n++;
      let extra = '';
      for (let k = n; k > 0; k = Math.floor((k - 1) / NAME_EXTRA.length)) extra = NAME_EXTRA[(k - 1) % NAME_EXTRA.length]! + extra;
      name = head + extra + tail;
    }
    this.repeats.set(base, n);
    this.taken.add(name);
    return name;
  }
}

/** Entities keyed by the field keys of ENTITY_FIELDS; USCCs are unique by construction (index in the code). */
export function* generateEntities(count: number, seed = DEMO_SEED): Generator<Row> {
  const rng = seedrandom(seed + '|entities');
  const names = new UniqueNames();
  for (let i = 0; i < count; i++) {
    const region = pick(rng, REGIONS);
    const t = weighted(rng, TYPES);
    // 8 body characters: two from the index's high part so that codes never collide.
    const body = orgCode(rng);
    const uniq = ORG_ALPHABET[Math.floor(i / 31 ** 3) % 31]! + ORG_ALPHABET[Math.floor(i / 31 ** 2) % 31]! + ORG_ALPHABET[Math.floor(i / 31) % 31]! + ORG_ALPHABET[i % 31]!;
    const first17 = '9' + t.kind + region.code + uniq + body.slice(4, 8) + ORG_ALPHABET[Math.floor(i / 31 ** 4) % 31]!;
    const uscc = first17 + usccCheckChar(first17);
    const owner = personName(rng);
    const industry = t.kind === '2' ? pick(rng, ['住宿和餐饮业', '批发和零售业', '居民服务、修理和其他服务业']) : pick(rng, INDUSTRIES);
    const [head, tail] =
      t.kind === '2'
        ? [`临江市${region.name}${owner}`, pick(rng, SHOPS)]
        : t.kind === '3'
          ? [`临江市${region.name}${pick(rng, BRANDS)}`, '农民专业合作社']
          : [`临江${pick(rng, BRANDS)}`, `${pick(rng, TRADES)}${t.type === '股份有限公司' ? '股份有限公司' : '有限公司'}`];
    const name = names.take(head, tail);
    const s = rng();
    const c = rng();
    yield {
      uscc,
      name,
      entityType: t.type,
      industry,
      regAuthority: `临江市${region.name}市场监督管理局`,
      region: region.name,
      address: `临江市${region.name}${pick(rng, ['五一', '八一七', '江滨', '工业', '华林', '湖东'])}路${1 + Math.floor(rng() * 400)}号`,
      established: date(rng, 1995, 2025),
      regState: s < 0.88 ? '存续' : s < 0.95 ? '注销' : '吊销',
      creditClass: c < 0.3 ? 'A' : c < 0.8 ? 'B' : c < 0.95 ? 'C' : 'D',
      abnormal: rng() < 0.04 ? '是' : '否',
      keySupervision: rng() < 0.06 ? '是' : '否',
      legalRep: owner,
      legalRepPhone: phone(rng),
      liaison: personName(rng),
      liaisonPhone: phone(rng),
      lastInspected: rng() < 0.15 ? daysBefore(DEMO_REFERENCE_DAY, Math.floor(rng() * 900)) : '',
    };
  }
}

const SPECIALTIES: Record<string, string[]> = {
  kjj: ['科技项目管理', '高新技术企业', '科技企业孵化器', '技术合同', '外国人来华工作', '财务审计'],
  scjgj: ['企业公示信息', '食品安全', '产品质量', '广告监管', '价格监督', '特种设备', '计量'],
};
const UNITS: Record<string, string[]> = {
  kjj: ['高新技术发展科', '科技计划科', '成果转化科', '外国专家服务科', '政策法规科'],
  scjgj: ['信用监督管理科', '食品生产安全监督管理科', '产品质量安全监督管理科', '执法稽查支队', '价格监督检查科', '特种设备安全监察科'],
};

export function* generateInspectors(deptCode: string, count: number, seed = DEMO_SEED): Generator<Row> {
  const rng = seedrandom(seed + '|inspectors|' + deptCode);
  const deptNo = deptCode === 'kjj' ? '21' : '31';
  for (let i = 0; i < count; i++) {
    const region = pick(rng, REGIONS);
    const spec = SPECIALTIES[deptCode]!;
    // Everyone does the bureau's core checks (the first specialty); some add one or two more.
    const specialties = [spec[0]!, pick(rng, spec), pick(rng, spec)].filter((x, k, a) => a.indexOf(x) === k).join('、');
    const expired = rng() < 0.12;
    yield {
      certNo: `3501${deptNo}${pad(1001 + i, 5)}`,
      name: personName(rng),
      unit: pick(rng, UNITS[deptCode]!),
      certExpiry: expired ? date(rng, 2024, 2025) : date(rng, 2027, 2030),
      certIssuer: '临江市人民政府',
      region: region.name,
      specialties,
      isExpert: rng() < 0.12 ? '是' : '否',
      status: rng() < 0.08 ? '离岗' : '在岗',
      idNumber: idNumber(rng, region.code),
      phone: phone(rng),
    };
  }
}

export function demoItems(deptCode: string): Row[] {
  const kj = deptCode === 'kjj';
  const agency = kj ? '临江市科学技术局' : '临江市市场监督管理局';
  const rows: [string, string, string, string, string, string, string, string][] = kj
    ? [
        ['KJ-001', '科技计划项目', '科技计划项目实施情况检查', '承担市级科技计划项目的单位', '重点检查事项', '现场检查、书面检查', '《临江市科技计划项目管理办法》第三十条', '科技项目管理'],
        ['KJ-002', '高新技术企业', '高新技术企业认定条件保持情况检查', '高新技术企业', '重点检查事项', '现场检查、书面检查', '《高新技术企业认定管理办法》（国科发火〔2016〕32号）第十七条', '高新技术企业'],
        ['KJ-003', '科技企业孵化器', '科技企业孵化器运行情况检查', '市级以上科技企业孵化器', '一般检查事项', '现场检查', '《科技企业孵化器管理办法》（国科发区〔2018〕300号）', '科技企业孵化器'],
        ['KJ-004', '技术合同', '技术合同认定登记真实性检查', '技术合同登记卖方单位', '一般检查事项', '书面检查', '《技术合同认定登记管理办法》第二十一条', '技术合同'],
        ['KJ-005', '外国人来华工作', '外国人来华工作许可事项检查', '聘用外国人的用人单位', '一般检查事项', '现场检查、书面检查', '《外国人在中国就业管理规定》', '外国人来华工作'],
        ['KJ-006', '科技型中小企业', '科技型中小企业评价信息检查', '入库科技型中小企业', '一般检查事项', '网络检查、书面检查', '《科技型中小企业评价办法》第十三条', '科技项目管理'],
      ]
    : [
        ['SJ-001', '企业公示信息', '企业年度报告公示信息检查', '各类企业', '一般检查事项', '书面检查、网络检查、现场检查', '《企业信息公示暂行条例》第十三条；《企业公示信息抽查办法》', '企业公示信息'],
        ['SJ-002', '食品安全', '食品生产者生产过程检查', '食品生产企业', '重点检查事项', '现场检查', '《中华人民共和国食品安全法》第一百一十条', '食品安全'],
        ['SJ-003', '产品质量', '生产领域产品质量监督检查', '工业产品生产企业', '重点检查事项', '现场检查、专业机构核查', '《中华人民共和国产品质量法》第十五条', '产品质量'],
        ['SJ-004', '广告监管', '广告发布行为检查', '广告发布者', '一般检查事项', '网络检查、现场检查', '《中华人民共和国广告法》第四十九条', '广告监管'],
        ['SJ-005', '价格监督', '明码标价和价格行为检查', '经营者', '一般检查事项', '现场检查', '《中华人民共和国价格法》第三十四条', '价格监督'],
        ['SJ-006', '特种设备', '特种设备使用单位检查', '特种设备使用单位', '重点检查事项', '现场检查', '《中华人民共和国特种设备安全法》第五十七条', '特种设备'],
        ['SJ-007', '计量', '计量器具使用情况检查', '使用强制检定计量器具的单位', '一般检查事项', '现场检查、专业机构核查', '《中华人民共和国计量法》第九条', '计量'],
      ];
  return rows.map(([code, category, name, target, itemType, methods, basis, specialty]) => ({
    code, category, name, subItem: '', target, itemType, methods, agency, basis,
    ratio: itemType === '重点检查事项' ? '不低于10%' : '不低于3%',
    frequency: '每年不少于1次',
    disclosure: '通过国家企业信用信息公示系统和本部门网站公示',
    inspectorReq: '具有行政执法资格的人员不少于2名',
    specialty,
    initiator: agency,
    partners: code === 'SJ-001' ? '临江市科学技术局' : '',
    level: '市级',
    checkpoints: DEMO_CHECKPOINTS[code] ?? '',
  }));
}

/** 检查要点 of some demo items (one per line), as an item list states them. */
const DEMO_CHECKPOINTS: Record<string, string> = {
  'SJ-002': '1、持有有效的食品生产许可证，生产范围与许可一致\n2、原料进货查验记录完整\n3、出厂检验记录完整，留样符合规定',
  'KJ-002': '1、研究开发费用占销售收入比例符合认定条件\n2、科技人员占职工总数比例不低于10%\n3、近一年高新技术产品（服务）收入占比不低于60%\n4、拥有有效的核心自主知识产权',
};

/** Writes rows as a CSV file with the Chinese column labels (UTF-8 with BOM, as Excel likes it). */
export function writeCsv(file: string, fields: Field[], rows: Iterable<Row>): number {
  const fd = fs.openSync(file, 'w');
  let n = 0;
  try {
    let buf = '\ufeff' + fields.map((f) => csvCell(f.label)).join(',') + '\r\n';
    for (const r of rows) {
      buf += fields.map((f) => csvCell(r[f.key] ?? '')).join(',') + '\r\n';
      n++;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

export interface DemoFiles {
  items: Record<string, string>;
  inspectors: Record<string, string>;
  entities: string;
  /** The 科技局's special lists (专项名录), by list kind. */
  lists: Record<'high-tech' | 'tech-sme', string>;
}

/**
 * The 科技局's special lists from the fixed seed, over the demo's companies (no 个体工商户, no
 * cooperative): about one in eight a 高新技术企业 (its certificate valid three years; a third of them
 * expired before the demo's reference day), about one in ten a 科技型中小企业 entry (of 2026, or of
 * 2025 and so no longer current).
 */
export function demoListMembers(entities: Iterable<Row>, seed = DEMO_SEED): Record<'high-tech' | 'tech-sme', Row[]> {
  const rng = seedrandom(seed + '|lists');
  const out: Record<'high-tech' | 'tech-sme', Row[]> = { 'high-tech': [], 'tech-sme': [] };
  let n = 0;
  for (const e of entities) {
    if (e.uscc![1] !== '1' || e.regState !== '存续') continue;
    if (rng() < 0.125) {
      const expired = rng() < 0.33;
      const year = expired ? 2021 + Math.floor(rng() * 2) : 2024 + Math.floor(rng() * 2);
      const issued = `${year}-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`;
      const until = `${year + 3}${issued.slice(4, 10)}`;
      out['high-tech'].push({ uscc: e.uscc!, name: e.name!, certNo: `GR${year}35${String(++n).padStart(6, '0')}`, issued, validUntil: until });
    }
    if (rng() < 0.1) out['tech-sme'].push({ uscc: e.uscc!, name: e.name!, certNo: `2026350100A${String(++n).padStart(6, '0')}`, year: rng() < 0.7 ? '2026' : '2025' });
  }
  return out;
}

export const DEMO_ENTITY_COUNT = 2400;
export const DEMO_INSPECTORS_PER_DEPARTMENT = 24;

export function writeDemoFiles(dir: string, entityCount = DEMO_ENTITY_COUNT): DemoFiles {
  fs.mkdirSync(dir, { recursive: true });
  const files: DemoFiles = {
    items: {}, inspectors: {}, entities: path.join(dir, 'entities.csv'),
    lists: { 'high-tech': path.join(dir, 'list-high-tech.csv'), 'tech-sme': path.join(dir, 'list-tech-sme.csv') },
  };
  for (const d of DEMO_DEPARTMENTS) {
    files.items[d.code] = path.join(dir, `items-${d.code}.csv`);
    writeCsv(files.items[d.code]!, ITEM_FIELDS, demoItems(d.code));
    files.inspectors[d.code] = path.join(dir, `inspectors-${d.code}.csv`);
    writeCsv(files.inspectors[d.code]!, INSPECTOR_FIELDS, generateInspectors(d.code, DEMO_INSPECTORS_PER_DEPARTMENT));
  }
  writeCsv(files.entities, ENTITY_FIELDS, generateEntities(entityCount));
  const members = demoListMembers(generateEntities(entityCount));
  for (const kind of ['high-tech', 'tech-sme'] as const) writeCsv(files.lists[kind], MEMBER_FIELDS, members[kind]);
  return files;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const out = args[args.indexOf('--out') + 1] ?? 'demo-files';
  const n = args.includes('--entities') ? Number(args[args.indexOf('--entities') + 1]) : DEMO_ENTITY_COUNT;
  const files = writeDemoFiles(out, n);
  console.log(`demo files written to ${path.resolve(out)}:`, JSON.stringify(files, null, 2));
}
