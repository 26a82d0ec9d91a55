// What public pages may show (domain.md, "Privacy on public pages"): names of 个体工商户 are often a
// person's name and are masked; results about natural persons come down after 2 years, others after 5.
import { strataByClass, type StrataMode } from './strata';

/** An individual business (个体工商户): USCC position 2 under registration authority 9, or its type. */
export function isIndividualBusiness(uscc: string, entityType = ''): boolean {
  return (uscc[0] === '9' && uscc[1] === '2') || entityType.includes('个体');
}

/*
 * Masking the name of an individual business (个体工商户). Such a name is read as three parts:
 *
 *   [place][字号][trade]        临江市长湖区 | 王建国 | 超市
 *
 * - trade: the longest run of words from TRADE_WORDS at the end (社区 + 便利店, 五金 + 店), but never
 *   so long that fewer than two characters stay before it: what stays is where a person's name would be;
 * - place: administrative units at the start (…省, …市, …区, …县, …旗, …镇, …乡, …街道, …社区, …村),
 *   each of 1 to 7 characters before its unit word, taken while at least two characters stay after;
 * - 字号: what is left between them, which is often the owner's name. Its first character stays (a
 *   surname alone names nobody) and every other character becomes one `*`.
 *
 * Place and trade are shown as they are. A 字号 of one character has nothing to mask. A bracketed part
 * at the end (（长湖店）, （个体工商户）) is masked by the same rule on its own, where trade words may
 * take all of it. The masked name has as
 * many characters as the name, so a reader can see that something is hidden and how much.
 */
const TRADE_WORDS = [
  '个体工商户', '个体户', '超市', '便利店', '便利', '商店', '商行', '商场', '商铺', '商号', '经营部', '门市部', '批发部', '销售部', '服务部', '维修部',
  '经销部', '营业部', '加工部', '门市', '店', '馆', '院', '坊', '铺', '行', '部', '厂', '场', '社', '所', '站', '屋', '园', '档', '摊', '庄', '堂', '室', '中心',
  '工作室', '诊所', '药店', '药房', '大药房', '餐厅', '饭店', '饭馆', '酒家', '酒楼', '酒店', '食府', '食堂', '小吃', '快餐', '水果', '蔬菜', '果蔬',
  '生鲜', '百货', '日用品', '五金', '建材', '家电', '电器', '服装', '服饰', '鞋业', '烟酒', '副食', '粮油', '日杂', '杂货', '理发', '美发', '美容',
  '养殖', '种植', '汽修', '修理', '维修', '茶叶', '茶庄', '茶行', '面馆', '面条', '米粉', '粉店', '早餐', '烧烤', '火锅', '便民', '平价', '社区',
  '综合', '家庭农场', '农场', '农庄', '记', '士多', '数码', '通讯', '手机', '眼镜', '文具', '图文', '打印', '复印', '洗衣', '干洗', '猪肉', '鲜肉',
  '肉类', '水产', '海鲜', '鲜花', '花店', '宠物', '母婴', '童装', '家具', '装饰', '装修', '广告', '印刷', '摄影', '照相', '网吧', '旅馆', '宾馆',
  '民宿', '客栈', '大排档', '熟食', '卤味', '烘焙', '蛋糕', '奶茶', '饮品', '冷饮', '食品', '调味品', '干货', '批发', '零售', '经营', '销售', '服务',
  '加工', '运输', '物流', '快递', '货运', '搬家', '家政', '保洁', '开锁', '回收', '废品', '书店', '书屋', '药材', '农资', '化肥', '种子', '饲料',
  '灯饰', '布艺', '床上用品', '内衣', '箱包', '皮具', '钟表', '珠宝', '金店', '银饰', '工艺品', '礼品', '玩具', '体育用品', '乐器', '琴行', '车行',
  '车业', '摩托车', '电动车', '自行车', '轮胎', '汽配', '配件', '油漆', '涂料', '陶瓷', '瓷砖', '卫浴', '门窗', '铝合金', '不锈钢', '钢材', '木材',
  '木业', '石材', '水泥', '砂石', '电脑', '电子', '监控', '安防', '空调', '制冷', '水电', '管道', '疏通', '补习', '托管', '培训', '棋牌', '足浴',
  '按摩', '推拿', '养生', '保健', '美甲', '纹绣', '影楼', '婚纱', '酒业', '酒水', '饮料', '矿泉水', '桶装水', '冻品', '禽蛋', '豆腐', '米业', '米行',
  '面粉', '糕点', '饼屋', '包子', '馒头', '饺子', '馄饨', '麻辣烫', '烤鱼', '烤肉', '炸鸡', '汉堡', '披萨', '甜品', '咖啡', '茶饮', '酸菜鱼', '牛肉面',
  '拉面', '刀削面', '凉皮', '土菜', '农家乐', '私房菜', '川菜', '湘菜', '粤菜', '鲁菜', '东北菜', '家常菜', '菜馆', '菜行', '肉铺', '鱼行', '鱼店',
];
const TRADES: ReadonlySet<string> = new Set(TRADE_WORDS);
const LONGEST_TRADE = Math.max(...TRADE_WORDS.map((t) => [...t].length));
const PLACE = /^[\u3400-\u9fff]{1,7}?(?:自治区|自治州|自治县|自治旗|特别行政区|街道|社区|省|市|区|县|旗|镇|乡|村)/u;
const BRACKETED = /^(.*?)([（(][^（）()]*[）)])$/u;

function maskPart(name: string, minOwn: number): string {
  const chars = [...name];
  // The longest tail that is a run of trade words (五金 + 店, 社区 + 便利店), leaving at least `minOwn`
  // characters before it. tail[i]: chars[i..] is such a run.
  const tail: boolean[] = new Array(chars.length + 1).fill(false);
  tail[chars.length] = true;
  for (let i = chars.length - 1; i >= 0; i--) {
    let word = '';
    for (let n = 1; n <= LONGEST_TRADE && i + n <= chars.length && !tail[i]; n++) {
      word += chars[i + n - 1];
      tail[i] = tail[i + n]! && TRADES.has(word);
    }
  }
  let end = chars.length;
  for (let i = minOwn; i < chars.length; i++) {
    if (tail[i]) {
      end = i;
      break;
    }
  }
  // Place units from the start, while at least two characters stay after them.
  let start = 0;
  for (;;) {
    const m = PLACE.exec(chars.slice(start, end).join(''));
    if (!m || end - (start + [...m[0]].length) < 2) break;
    start += [...m[0]].length;
  }
  const own = chars.slice(start, end);
  if (own.length <= 1) return name;
  return [...chars.slice(0, start), own[0]!, ...own.slice(1).map(() => '*'), ...chars.slice(end)].join('');
}

/** The public form of an individual business's name: place and trade kept, the 字号 masked but its first character. */
export function maskPersonalName(name: string): string {
  const b = BRACKETED.exec(name);
  // A bracketed part may be all trade words (（个体工商户）): nothing need stay before them there.
  if (b && b[1]) return maskPersonalName(b[1]) + b[2]!.slice(0, 1) + maskPart(b[2]!.slice(1, -1), 0) + b[2]!.slice(-1);
  return maskPart(name, 2);
}

export function publicEntityName(name: string, uscc: string, entityType: string, maskIndividuals: boolean): string {
  return maskIndividuals && isIndividualBusiness(uscc, entityType) ? maskPersonalName(name) : name;
}

/** Whether a result published on `inspectedOn` may still be shown on `today` (2 years for natural persons, else 5). */
export function stillPublic(inspectedOn: string, today: string, naturalPerson: boolean): boolean {
  const years = naturalPerson ? 2 : 5;
  const until = String(Number(inspectedOn.slice(0, 4)) + years) + inspectedOn.slice(4);
  return today < until;
}

/**
 * Whether a draw's full bundle may be public. Credit-risk classes are not published (domain.md), and
 * a bundle stratified by class lists the stratum, hence the class, of every eligible entity. So such
 * a bundle stays with the department (given to auditors and, for itself, to an entity on request)
 * unless the department's rules let it publish classes. Strata by region only, or none, reveal no
 * class: those bundles are always public.
 */
export function bundleIsPublic(strataMode: StrataMode, publishCreditStrata: boolean): boolean {
  return !strataByClass(strataMode) || publishCreditStrata;
}
