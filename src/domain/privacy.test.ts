import { describe, expect, it } from 'vitest';
import { isIndividualBusiness, maskPersonalName, publicEntityName, stillPublic } from './privacy';

describe('privacy on public pages', () => {
  // Real-shaped names of 个体工商户: [place][字号][trade]. The 字号 keeps its first character only; place
  // and trade stay; the masked name is as long as the name.
  const TABLE: [string, string][] = [
    ['临江市长湖区王建国超市', '临江市长湖区王**超市'],
    ['临江市仓前区王艳面馆', '临江市仓前区王*面馆'],
    ['临江市江滨区欧阳建华五金店', '临江市江滨区欧***五金店'],
    ['王五社区便利店', '王*社区便利店'],
    ['临江市长湖区东湖社区王五便利店', '临江市长湖区东湖社区王*便利店'],
    ['赵军水果店', '赵*水果店'],
    ['张三', '张*'],
    ['李四', '李*'],
    ['王建国', '王**'],
    ['欧阳建华', '欧***'],
    ['张三记', '张*记'],
    ['李记小吃店', '李*小吃店'],
    ['陈小红服装店', '陈**服装店'],
    ['刘德明理发店', '刘**理发店'],
    ['黄丽美容院', '黄*美容院'],
    ['周杰烟酒商行', '周*烟酒商行'],
    ['吴秀兰杂货铺', '吴**杂货铺'],
    ['郑海生鲜猪肉摊', '郑*生鲜猪肉摊'],
    ['孙立平早餐店', '孙**早餐店'],
    ['马丽娟奶茶店', '马**奶茶店'],
    ['胡建军汽修厂', '胡**汽修厂'],
    ['林志强家电维修部', '林**家电维修部'],
    ['何芳芳花店', '何**花店'],
    ['高明日用品店', '高*日用品店'],
    ['罗永红平价超市', '罗**平价超市'],
    ['临江市王秀英商店', '临江市王**商店'],
    ['临江市李秀英商店', '临江市李**商店'],
    ['福建省临江市江滨区郭文辉茶叶店', '福建省临江市江滨区郭**茶叶店'],
    ['内蒙古自治区鄂托克旗巴特尔牧家乐农家乐', '内蒙古自治区鄂托克旗巴*****农家乐'],
    ['临江县城关镇宋大海饭店', '临江县城关镇宋**饭店'],
    ['临江县白沙乡唐小兵农资店', '临江县白沙乡唐**农资店'],
    ['江滨街道许志刚水电维修部', '江滨街道许**水电维修部'],
    ['临江市长湖区谢婷婷美甲店', '临江市长湖区谢**美甲店'],
    ['临江市长湖区曾国强烧烤', '临江市长湖区曾**烧烤'],
    ['临江市区韩梅便利店', '临江市区**便利店'], // 市区 is no unit of its own: more is hidden, never less
    ['陈村生鲜店', '陈*生鲜店'],
    ['冯大妈饺子馆', '冯**饺子馆'],
    ['邓师傅开锁', '邓**开锁'],
    ['临江市长湖区王建国超市（个体工商户）', '临江市长湖区王**超市（个体工商户）'],
    ['宏达五金店（王建国）', '宏*五金店（王**）'],
    ['临江市长湖区超市', '临江市长**超市'],
    ['鑫鑫便利店', '鑫*便利店'],
    ['老王', '老*'],
    ['王', '王'],
  ];

  it.each(TABLE)('masks %s as %s', (name, masked) => {
    expect(maskPersonalName(name)).toBe(masked);
    expect([...masked].length).toBe([...name].length);
  });

  it('never shows the whole 字号 of a name in the table', () => {
    for (const [name] of TABLE) if ([...name].length > 1) expect(maskPersonalName(name)).toContain('*');
  });

  it('recognises individual businesses by USCC or type, and leaves companies alone', () => {
    expect(isIndividualBusiness('92350102MA0000001X')).toBe(true);
    expect(isIndividualBusiness('91350102MA0000001X', '个体工商户')).toBe(true);
    expect(publicEntityName('临江宏远科技有限公司', '91350102MA0000001X', '有限责任公司', true)).toBe('临江宏远科技有限公司');
    expect(publicEntityName('临江市仓前区王艳面馆', '92350102MA0000001X', '个体工商户', false)).toBe('临江市仓前区王艳面馆');
  });

  it('takes results about natural persons down after 2 years and others after 5', () => {
    expect(stillPublic('2024-11-24', '2026-11-23', true)).toBe(true);
    expect(stillPublic('2024-11-23', '2026-11-23', true)).toBe(false);
    expect(stillPublic('2022-01-01', '2026-11-23', false)).toBe(true);
    expect(stillPublic('2021-11-23', '2026-11-23', false)).toBe(false);
  });
});
