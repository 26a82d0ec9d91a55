import { describe, expect, it } from 'vitest';
import { isIndividualBusiness, maskPersonalName, publicEntityName, stillPublic } from './privacy';

describe('privacy on public pages', () => {
  it('masks the person in an individual business name, keeping the place', () => {
    expect(maskPersonalName('临江市仓前区王艳面馆')).toBe('临江市仓前区王*面馆');
    expect(maskPersonalName('张记')).toBe('张*记');
    expect(maskPersonalName('张小记')).toBe('张*记');
    expect(maskPersonalName('临江市江滨区欧阳建华五金店')).toBe('临江市江滨区欧****金店');
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
