// Writes the golden vectors of ssj-draw/2 (test/golden/v2/register.json): one department's register
// of eleven records made with fixed secrets, covering every kind the protocol has: drand draws on two
// real quicknet rounds, a lottery commitment withdrawn before its beacon and one drawn, a witnessed
// draw that cannot staff a slot (a failure), and a draw voided by a withdrawal. Run once; the
// committed file is the contract (test/golden/v2.test.ts never rewrites it).
//
// The drand rounds are real (quicknet, chain 52db9ba7…): round 1000 as quoted in public drand client
// test suites (signature b44679b9…, randomness fe290bec…), round 657413 from the README of
// mcdcam/python-drand-verify (signature b713718a…, randomness fc1873a1…); both are checked against
// quicknet's public key with @noble/curves by the test. The lottery is named as a test lottery: its
// numbers are made up for the vector, not an official result.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/root';
import { H, compareUtf8 } from '../src/domain/hash';
import type { DrawInputs } from '../src/domain/draw';
import {
  beijingTime, buildCommitment, buildOutcome, buildWithdrawal, drandRoundTime, instant, recordHash, type Beacon, type RegisterRecord, type RevealedBeacon,
} from '../src/domain/draw-v2';
import { QUICKNET } from '../src/domain/drand';
import { generateEntities, generateInspectors } from './demo-data';

const HOUR = 3600_000;
const byId = <T extends { id: string }>(a: T, b: T) => compareUtf8(a.id, b.id);

function inputs(seed: string, n: number, inspectors: number, maxLoad: number | null, size = 2): DrawInputs {
  const entities = [...generateEntities(n, seed)].filter((e) => e.regState === '存续').map((e) => ({ id: e.uscc!, stratum: e.creditClass! })).sort(byId);
  const staff = [...generateInspectors('kjj', inspectors, seed)].map((p) => ({ id: p.certNo!, groups: [] as string[], maxLoad })).sort(byId);
  return {
    protocol: 'ssj-draw/2', entities,
    strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 500 }, { key: 'C', ratioBp: 2000 }, { key: 'D', ratioBp: 6000 }, { key: 'U', ratioBp: 500 }],
    inspectors: staff, exclusions: [[staff[0]!.id, entities[0]!.id]], team: { size, groups: [] },
  };
}

function register(): RegisterRecord[] {
  const out: RegisterRecord[] = [];
  const head = () => (out.length ? recordHash(out[out.length - 1]) : '');
  const department = '临江市科学技术局';
  const task = (n: number, title: string) => ({ id: String(n), number: `临科抽〔2023〕${n}号`, title, items: [{ code: 'KJ-003', name: '高新技术企业认定条件保持情况检查' }] });
  const commit = (n: number, title: string, at: string, beacon: Beacon, inp: DrawInputs, leadHours = 24) => {
    const secret = H(`golden-v2-secret-${n}-${beacon.kind}`);
    const c = buildCommitment({
      department, task: task(n, title), committedAt: at, secret, inputs: inp, publicStrata: n % 2 === 0, beacon, leadHours,
      revealBy: beijingTime(instant(beacon.time) + 72 * HOUR), previous: head(),
    });
    out.push(c);
    return { c, secret };
  };
  const reveal = (k: { c: ReturnType<typeof commit>['c']; secret: string }, beacon: RevealedBeacon, entropy: string, at: string, inp: DrawInputs) => {
    out.push(buildOutcome({ commitment: k.c, secret: k.secret, beacon, entropy, drawnAt: at, inputs: inp, previous: head() }));
  };
  const drand = (round: number): Beacon => ({ kind: 'drand', chain: QUICKNET.chain, round, time: beijingTime(drandRoundTime(round)) });

  // 1-2: an unattended draw on drand round 1000 (2023-08-23T23:59:24+08:00).
  const in1 = inputs('golden-v2-1', 120, 12, null);
  const a = commit(1, '高新技术企业认定条件保持情况检查（第一批）', '2023-08-22T10:00:00+08:00', drand(1000), in1);
  reveal(a, {
    ...drand(1000), value: 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd',
    signature: 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
  }, '', '2023-08-24T09:00:00+08:00', in1);
  // 3-4: a lottery commitment withdrawn before its beacon's time, with its reason.
  const in2 = inputs('golden-v2-2', 80, 8, 3);
  const lottery = (issue: string, time: string): Beacon => ({ kind: 'lottery', name: '测试彩票（测试向量，非真实开奖）', issue, time });
  const b = commit(2, '科技型中小企业评价信息抽查', '2023-08-25T09:00:00+08:00', lottery('2023230', '2023-08-27T21:30:00+08:00'), in2);
  out.push(buildWithdrawal({ withdraws: recordHash(b.c), withdrawnAt: '2023-08-26T15:00:00+08:00', reason: '抽查事项清单调整，撤回本次承诺，重新承诺', previous: head() }));
  // 5-6: the same task committed again on a later issue, and drawn with its numbers.
  const b2 = commit(2, '科技型中小企业评价信息抽查', '2023-08-26T16:00:00+08:00', lottery('2023232', '2023-08-29T21:30:00+08:00'), in2, 48);
  reveal(b2, { ...lottery('2023232', '2023-08-29T21:30:00+08:00'), value: '3,7,12,19,24,31,36,42,47,53,58,61,66,70,72,75,77,78,79,80' }, '', '2023-08-30T09:00:00+08:00', in2);
  // 7-8: a witnessed draw whose teams cannot be staffed (three inspectors, each at most one inspection): a failure.
  const in3 = inputs('golden-v2-3', 200, 3, 1);
  const witness: Beacon = { kind: 'witness', time: '2023-09-01T09:00:00+08:00', place: '临江市科学技术局三楼会议室' };
  const c3 = commit(3, '技术合同登记机构检查', '2023-08-30T09:30:00+08:00', witness, in3);
  reveal(c3, { ...witness, value: '公证员：5821' }, '见证人甲：0417；见证人乙：9936', '2023-09-01T09:20:00+08:00', in3);
  // 9-10: an unattended draw on drand round 657413 (2023-09-15T19:00:03+08:00).
  const in4 = inputs('golden-v2-4', 150, 10, null, 3);
  const d = commit(4, '科技企业孵化器运营情况抽查', '2023-09-01T10:00:00+08:00', drand(657413), in4);
  reveal(d, {
    ...drand(657413), value: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
    signature: 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
  }, '', '2023-09-15T20:00:00+08:00', in4);
  // 11: the first draw voided; it stays in the register.
  out.push(buildWithdrawal({ withdraws: recordHash(out[1]), withdrawnAt: '2023-09-16T10:00:00+08:00', reason: '检查对象名录导入错误，作废第一批抽取结果', previous: head() }));
  return out;
}

const dir = path.join(projectRoot(), 'test', 'golden', 'v2');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'register.json');
if (fs.existsSync(file) && !process.argv.includes('--force')) {
  console.log(`${path.relative(projectRoot(), file)} exists: golden vectors are never rewritten`);
} else {
  const records = register();
  fs.writeFileSync(file, JSON.stringify(records, null, 1) + '\n');
  console.log(`wrote ${records.length} records to ${path.relative(projectRoot(), file)}: ${records.map((r) => r.kind).join(', ')}`);
}
