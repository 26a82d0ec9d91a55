// What public pages may show (domain.md, "Privacy on public pages"): names of 个体工商户 are often a
// person's name and are masked; results about natural persons come down after 2 years, others after 5.
import { strataByClass, type StrataMode } from './strata';

/** An individual business (个体工商户): USCC position 2 under registration authority 9, or its type. */
export function isIndividualBusiness(uscc: string, entityType = ''): boolean {
  return (uscc[0] === '9' && uscc[1] === '2') || entityType.includes('个体');
}

/** Place prefix (…省/市/区/县/镇/街道) stays; then the first character, a mask, and the last two. */
export function maskPersonalName(name: string): string {
  const m = /^((?:[^省市区县旗镇乡]{1,6}?(?:省|市|区|县|旗|镇|乡|街道))*)(.*)$/u.exec(name);
  const prefix = m?.[1] ?? '';
  const rest = [...(m?.[2] ?? name)];
  if (rest.length <= 1) return prefix + '*';
  if (rest.length <= 3) return prefix + rest[0] + '*' + rest[rest.length - 1];
  return prefix + rest[0] + '*'.repeat(rest.length - 3) + rest.slice(-2).join('');
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
