// Benchmark of the printed documents (part of `npm run bench`): the 检查通知书, the 检查记录表 and the
// 摇号记录 of a 2,000-row draw, made from plain data with the embedded Chinese font. Baseline, same run:
// the same pages' text written by pdfkit in its built-in Helvetica (no font to read, subset or embed),
// which is what the Chinese font costs on top.
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { drawRecord, inspectionNotice, inspectionRecord, type InspectionDoc } from '../src/documents/documents';

const doc: InspectionDoc = {
  departments: ['临江市市场监督管理局'], taskNumber: '临市监抽〔2026〕9号', taskTitle: '2026年食品生产企业双随机抽查',
  entity: { name: '临江中科软件有限公司', uscc: '9135010200Y228890D', address: '临江市江滨区五一路278号', legalRep: '周娜', liaison: '杨娟', liaisonPhone: '13794676496' },
  items: [{ code: 'SJ-002', name: '食品生产者生产过程检查', methods: '现场检查、书面检查', basis: '《中华人民共和国食品安全法》第一百一十条', checkpoints: ['持有有效的食品生产许可证，生产范围与许可一致', '原料进货查验记录完整', '出厂检验记录完整，留样符合规定'] }],
  from: '2026-11-23', due: '2026-12-23', team: [{ name: '孙秀英', certNo: '35013101013', leader: true }, { name: '何静', certNo: '35013101005' }], experts: [],
  issuedOn: '2026-11-23', publicUrl: 'https://scjgj.example.gov.cn/public/tasks/12',
};
const rows = Array.from({ length: 2000 }, (_, i) => ({ uscc: `91350100${String(i).padStart(9, '0')}X`, name: `临江测试企业${i}有限公司`, team: '孙秀英（35013101013）组长、何静（35013101005）' }));
const record = {
  departments: doc.departments, taskNumber: doc.taskNumber, taskTitle: doc.taskTitle, items: ['食品生产者生产过程检查（SJ-002）'], protocol: 'ssj-draw/2',
  commitment: 'a'.repeat(64), committedAt: '2026-11-22 09:00:00', beacon: { text: 'drand quicknet 第 12345678 轮', value: 'b'.repeat(64) }, entropy: '', seed: 'c'.repeat(64),
  drawnAt: '2026-11-23 10:00:00', drawnBy: 'admin', inputsHash: 'd'.repeat(64), bundleHash: 'e'.repeat(64), eligible: 41000, pool: 60,
  strata: [{ label: 'A 低风险', population: 30000, selected: 900 }, { label: 'B 一般风险', population: 11000, selected: 1100 }], witnesses: ['张三', '李四'],
  selected: rows, total: 2000, issuedOn: '2026-11-23', publicUrl: doc.publicUrl, voided: null,
};

/** The same lines in Helvetica, ASCII only: pdfkit's cost without a font of its own. */
function baseline(lines: string[]): Promise<Buffer> {
  const d = new PDFDocument({ size: 'A4', margin: 56 });
  const chunks: Buffer[] = [];
  d.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok) => d.on('end', () => ok(Buffer.concat(chunks))));
  d.font('Helvetica').fontSize(10);
  for (const l of lines) d.text(l.replace(/[^\x20-\x7e]/g, 'x'));
  d.end();
  return done;
}

async function time<T>(runs: number, f: () => Promise<T>): Promise<{ ms: number; out: T }> {
  let out!: T;
  const t = performance.now();
  for (let i = 0; i < runs; i++) out = await f();
  return { ms: (performance.now() - t) / runs, out };
}

async function main(): Promise<void> {
  const cold = await time(1, () => inspectionNotice(doc));
  console.log(`documents: first PDF (reads the two font faces, 2 x 15 MB) ${cold.ms.toFixed(0)} ms`);
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${rows[i % rows.length]!.uscc} ${rows[i % rows.length]!.name} ${rows[i % rows.length]!.team}`);
  for (const [name, runs, make, n] of [
    ['检查通知书', 20, () => inspectionNotice(doc), 30],
    ['检查记录表', 20, () => inspectionRecord(doc, []), 40],
    ['摇号记录 (2,000 rows)', 3, () => drawRecord(record), 2040],
  ] as const) {
    const base = await time(runs, () => baseline(lines(n)));
    const real = await time(runs, make);
    console.log(`documents: ${name}: ${real.ms.toFixed(1)} ms, ${(real.out.length / 1024).toFixed(0)} KiB; baseline (same lines, Helvetica) ${base.ms.toFixed(1)} ms; ratio ${(real.ms / base.ms).toFixed(2)}x`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
