// Writes the golden test vectors of ssj-draw/1 (test/golden/*.json). Run once when a vector is added;
// the committed files are the contract: test/golden/golden.test.ts fails if any result ever changes.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/root';
import { H, compareUtf8 } from '../src/domain/hash';
import { buildBundle, bundleHash, type Bundle } from '../src/domain/bundle';
import type { DrawInputs, EntityInput, InspectorInput } from '../src/domain/draw';
import { generateEntities, generateInspectors } from './demo-data';

const byId = <T extends { id: string }>(a: T, b: T) => compareUtf8(a.id, b.id);

function marketMonthly(): Bundle {
  const entities: EntityInput[] = [...generateEntities(300, 'golden-1')]
    .filter((e) => e.regState === '存续')
    .map((e) => ({ id: e.uscc!, stratum: e.creditClass! }))
    .sort(byId);
  const staff = [...generateInspectors('scjgj', 24, 'golden-1')];
  const inspectors: InspectorInput[] = staff.map((p, i) => ({ id: p.certNo!, groups: ['scjgj'], maxLoad: i % 5 === 0 ? 2 : null })).sort(byId);
  const exclusions = [...generateEntities(300, 'golden-1')]
    .filter((e) => e.regState === '存续')
    .flatMap((e) => staff.filter((p) => p.region === e.region).slice(0, 1).map((p) => [p.certNo!, e.uscc!] as [string, string]))
    .sort((a, b) => compareUtf8(a[0], b[0]) || compareUtf8(a[1], b[1]));
  const inputs: DrawInputs = {
    protocol: 'ssj-draw/1',
    entities,
    strata: [{ key: 'A', ratioBp: 300 }, { key: 'B', ratioBp: 500 }, { key: 'C', ratioBp: 2000 }, { key: 'D', ratioBp: 6000 }],
    inspectors,
    exclusions,
    team: { size: 2, groups: [] },
  };
  const secret = H('golden-secret-1');
  return buildBundle({
    task: { id: '临江市市场监管局抽查〔2026〕11号', title: '2026年11月企业公示信息定期抽查', department: '临江市市场监督管理局', items: [{ code: 'SJ-001', name: '企业年度报告公示信息检查' }], drawnAt: '2026-11-01T01:00:00Z' },
    seed: { commitment: H(secret), committedAt: '2026-10-01T01:00:00Z', secret, entropy: '' },
    inputs,
    previous: '',
  });
}

function jointWitnessed(previous: string): Bundle {
  const all = [...generateEntities(400, 'golden-2')].filter((e) => e.regState === '存续');
  const entities = all.map((e) => ({ id: e.uscc!, stratum: `${e.region}/${e.creditClass}` })).sort(byId);
  const keys = [...new Set(entities.map((e) => e.stratum))].sort(compareUtf8);
  const inspectors = [
    ...[...generateInspectors('kjj', 10, 'golden-2')].map((p) => ({ id: p.certNo!, groups: ['kjj'], maxLoad: null })),
    ...[...generateInspectors('scjgj', 10, 'golden-2')].map((p) => ({ id: p.certNo!, groups: ['scjgj'], maxLoad: 20 })),
  ].sort(byId);
  const inputs: DrawInputs = {
    protocol: 'ssj-draw/1',
    entities,
    strata: keys.map((key, i) => (i % 3 === 0 ? { key, count: 2 } : { key, ratioBp: key.endsWith('/D') ? 5000 : 800 })),
    inspectors,
    exclusions: [],
    team: { size: 3, groups: ['kjj', 'scjgj'] },
  };
  const secret = H('golden-secret-2');
  return buildBundle({
    task: { id: '临江市市场监管局抽查〔2026〕12号', title: '科技型企业联合抽查（进一次门、查多项事）', department: '临江市市场监督管理局', items: [{ code: 'SJ-001', name: '企业年度报告公示信息检查' }, { code: 'KJ-006', name: '科技型中小企业评价信息检查' }], drawnAt: '2026-11-15T02:30:00Z' },
    seed: { commitment: H(secret), committedAt: '2026-11-10T02:00:00Z', secret, entropy: '见证人王伟（市科技局）：4817；企业代表李娜：0923；摇号机：58 12 07' },
    inputs,
    previous,
  });
}

function edges(): Bundle {
  const entities = [...generateEntities(12, 'golden-3')].map((e, i) => ({ id: e.uscc!, stratum: ['甲', 'B', '😀'][i % 3]! })).sort(byId);
  const inputs: DrawInputs = {
    protocol: 'ssj-draw/1',
    entities,
    strata: [
      { key: 'B', count: 99 },
      { key: 'empty', ratioBp: 5000 },
      { key: '甲', ratioBp: 0 },
      { key: '\uffff', count: 1 },
      { key: '😀', ratioBp: 1 },
    ],
    inspectors: [
      { id: '001', groups: ['a', 'b'], maxLoad: 3 },
      { id: 'JX-执法-7', groups: ['b'], maxLoad: null },
      { id: 'Z', groups: [], maxLoad: 2 },
      { id: '\uffff', groups: ['a'], maxLoad: null },
      { id: '😀-证', groups: ['b'], maxLoad: null },
    ],
    exclusions: [['001', entities[0]!.id], ['JX-执法-7', entities[1]!.id]],
    team: { size: 3, groups: ['b'] },
  };
  const secret = 'ab'.repeat(32);
  return buildBundle({
    task: { id: 'edge-1', title: 'edge cases: empty strata, ratio 0, count above n, ids above U+FFFF', department: 'test', items: [], drawnAt: '2026-01-01T00:00:00Z' },
    seed: { commitment: H(secret), committedAt: '2025-12-31T00:00:00Z', secret, entropy: 'e\u0301 é 😀 "quoted" \\ |bar|' },
    inputs,
    previous: '',
  });
}

if (require.main === module) {
  const dir = path.join(projectRoot(), 'test', 'golden');
  const one = marketMonthly();
  const out = { 'market-monthly': one, 'joint-witnessed': jointWitnessed(bundleHash(one)), edges: edges() };
  for (const [name, b] of Object.entries(out)) {
    const file = path.join(dir, `${name}.json`);
    if (fs.existsSync(file) && !process.argv.includes('--force')) {
      console.log(`${file} exists: golden vectors are never rewritten (use --force only for a new protocol version)`);
      continue;
    }
    fs.writeFileSync(file, JSON.stringify(b, null, 2) + '\n');
    console.log(`${file}: ${b.result.selected.length} selected of ${b.inputs.entities.length}`);
  }
}
