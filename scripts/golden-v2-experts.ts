// Writes the golden vectors of ssj-draw/2 §4a, experts beside the inspectors
// (test/golden/v2/experts.json): a witnessed draw with two expert slots per team (one of them a group
// slot, 财务), expert exclusion pairs, and a failure in the expert pool (an expert group nobody is in
// after the loads run out). Made with fixed secrets and witness values; run once, the committed file
// is the contract (test/golden/v2.test.ts never rewrites it). Entities and people come from the
// demo generator; the witnesses' values are made up for the vector.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/root';
import { H, compareUtf8 } from '../src/domain/hash';
import type { DrawInputs, InspectorInput } from '../src/domain/draw';
import { beijingTime, buildCommitment, buildOutcome, instant, recordHash, type Beacon, type RegisterRecord } from '../src/domain/draw-v2';
import { generateEntities, generateInspectors } from './demo-data';

const HOUR = 3600_000;
const byId = <T extends { id: string }>(a: T, b: T) => compareUtf8(a.id, b.id);

function inputs(seed: string, n: number, expertMaxLoad: number | null): DrawInputs {
  const entities = [...generateEntities(n, seed)].filter((e) => e.regState === '存续').map((e) => ({ id: e.uscc!, stratum: e.creditClass! })).sort(byId);
  const staff = [...generateInspectors('kjj', 10, seed)].map((p) => ({ id: p.certNo!, groups: [] as string[], maxLoad: null })).sort(byId);
  // Experts: ids of their own (专家库 numbers), a third of them in the group 财务.
  const experts: InspectorInput[] = Array.from({ length: 9 }, (_, i) => ({ id: `ZJ-2023-${String(i + 1).padStart(3, '0')}`, groups: i % 3 === 0 ? ['财务'] : [], maxLoad: expertMaxLoad }));
  const exclusions: [string, string][] = [[experts[1]!.id, entities[0]!.id], [experts[3]!.id, entities[2]!.id], [staff[0]!.id, entities[1]!.id]];
  exclusions.sort((a, b) => compareUtf8(a[0], b[0]) || compareUtf8(a[1], b[1]));
  return {
    protocol: 'ssj-draw/2', entities, strata: [{ key: 'A', ratioBp: 2000 }, { key: 'B', ratioBp: 2000 }, { key: 'C', ratioBp: 3000 }, { key: 'D', ratioBp: 5000 }, { key: 'U', ratioBp: 2000 }],
    inspectors: staff, exclusions, team: { size: 2, groups: [], experts: 2, expertGroups: ['财务'] }, experts,
  };
}

function records(): RegisterRecord[] {
  const out: RegisterRecord[] = [];
  const head = () => (out.length ? recordHash(out[out.length - 1]) : '');
  const department = '临江市科学技术局';
  const draw = (n: number, title: string, at: string, meeting: string, inp: DrawInputs, witness: string) => {
    const secret = H(`golden-v2-experts-secret-${n}`);
    const beacon: Beacon = { kind: 'witness', time: meeting, place: '临江市科学技术局三楼会议室' };
    const c = buildCommitment({
      department, task: { id: String(n), number: `临科抽〔2023〕${n}号`, title, items: [{ code: 'KJ-005', name: '科技计划项目实施情况检查' }] },
      committedAt: at, secret, inputs: inp, publicStrata: false, beacon, leadHours: 24, revealBy: beijingTime(instant(meeting) + 72 * HOUR), previous: head(),
    });
    out.push(c);
    out.push(buildOutcome({ commitment: c, secret, beacon: { ...beacon, value: witness }, entropy: '', drawnAt: beijingTime(instant(meeting) + 10 * 60_000), inputs: inp, previous: head() }));
  };
  draw(21, '科技计划项目实施情况检查（专家参与）', '2023-10-09T09:00:00+08:00', '2023-10-10T15:00:00+08:00', inputs('golden-v2-experts-1', 90, null), '见证人甲：7305；见证人乙：1862');
  // Each 财务 expert can take one team: the 财务 slots run out after three entities.
  draw(22, '科技计划项目实施情况检查（专家不足）', '2023-10-11T09:00:00+08:00', '2023-10-12T15:00:00+08:00', inputs('golden-v2-experts-2', 90, 1), '见证人甲：4417；见证人乙：9020');
  return out;
}

const file = path.join(projectRoot(), 'test', 'golden', 'v2', 'experts.json');
if (fs.existsSync(file) && !process.argv.includes('--force')) {
  console.error(`${file} exists; golden vectors are never rewritten`);
  process.exit(1);
}
const recs = records();
fs.writeFileSync(file, JSON.stringify(recs, null, 2) + '\n');
console.log(`wrote ${file}: ${recs.map((r) => r.kind).join(', ')}`);
