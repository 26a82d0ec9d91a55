// Public pages: what they show, what they hold back, and a walk over every page and download that
// fails if an ID number, a phone number or any other private field shows.
import { appDeps } from '../../src/compose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdf-text';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, drawTask, commitTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { createAccount } from '../../src/services/accounts';
import { reviewResult, submitResult } from '../../src/services/results';
import { findUser, findUserByName } from '../../src/store/users';
import { drawBundleText, getDraw } from '../../src/store/tasks';
import { searchPublic } from '../../src/store/public';
import { writeBundlePieces } from '../../src/store/bundle-pieces';
import { maskPersonalName } from '../../src/domain/privacy';
import { isValidIdCard } from '../../src/domain/fields';
import fs from 'node:fs';
import path from 'node:path';
import { exportSite } from '../../src/publish/export';
import { createLogger } from '../../src/logger';
import { buildVerifier } from '../../scripts/build-verifier';
import { tempDir } from '../helpers/server';
import { verifyBundle, type Bundle } from '../../src/domain/bundle';
import { ticket } from '../../src/domain/draw';
import { H } from '../../src/domain/hash';

let s: TestServer;
const anon = () => new Client(s.url);
let heldTask = 0;
let openTask = 0;
let individual = { name: '', uscc: '' };

beforeAll(async () => {
  s = await startServer();
  const now = new Date('2026-11-23T02:00:00Z');
  const item = (s.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
  const make = (number: string, region: string) => {
    const t = createTask(s.db, {
      departmentId: 2, number, title: '公告测试', filters: { region }, strataMode: 'class', strataRules: { ...DEFAULT_CLASS_RULES, A: { ratioBp: 5000 }, B: { ratioBp: 5000 } },
      recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
    });
    if (!t.ok) throw new Error(t.message);
    commitTask(s.db, t.value, 'admin', now);
    const d = drawTask(s.db, t.value, [{ name: '见证人', value: '42' }], 'admin', now);
    if (!d.ok) throw new Error(d.message);
    return { id: t.value, d: d.value };
  };
  const open = make('公开-1', '江滨区');
  openTask = open.id;
  heldTask = make('暂缓-1', '晋福区').id;
  s.db.prepare('UPDATE tasks SET hold_list = 1 WHERE id = ?').run(heldTask);
  individual = s.db
    .prepare("SELECT e.name, e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? AND e.entity_type = '个体工商户' LIMIT 1")
    .get(open.d.drawId) as { name: string; uscc: string };
  // One published result for that individual business.
  const first = open.d.bundle.result.selected.find((x) => x.entity === individual.uscc)!;
  const acc = await createAccount(s.db, { username: 'pub.insp', displayName: 'x', role: 'inspector', departmentId: 2, certNo: first.inspectors[0] }, findUserByName(s.db, 'admin')!, 12, now.toISOString());
  if (!acc.ok) throw new Error(acc.message);
  const entityId = (s.db.prepare('SELECT id FROM entities WHERE uscc = ?').get(individual.uscc) as { id: number }).id;
  const r = submitResult(s.db, findUser(s.db, acc.value.id)!, open.d.drawId, entityId, item, { category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '经营者王某当场配合', followUp: '无' }, '2026-11-23', now.toISOString());
  if (!r.ok) throw new Error(r.message);
  const resultId = (s.db.prepare('SELECT id FROM results').get() as { id: number }).id;
  reviewResult(s.db, findUserByName(s.db, 'admin')!, resultId, 'approve', '', now.toISOString());
  reviewResult(s.db, findUserByName(s.db, 'admin')!, resultId, 'publish', '', now.toISOString());
});
afterAll(() => s.close());

describe('public search from memory', () => {
  it('finds the same drawn entities and results as the name scan, for few and for many matches', () => {
    const drawnName = (s.db.prepare('SELECT e.name FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id ORDER BY ds.draw_id, ds.position LIMIT 1 OFFSET 3').get() as { name: string }).name;
    const terms = [individual.name, individual.name.slice(-3), drawnName, drawnName.slice(2, 6), '临江', '有限公司', '不存在的名字', '%', 'abc'];
    for (const q of terms) {
      expect(searchPublic(s.db, q, 0).drawn, q).toEqual(searchPublic(s.db, q, Number.POSITIVE_INFINITY).drawn);
      expect(searchPublic(s.db, q, 0).results, q).toEqual(searchPublic(s.db, q, Number.POSITIVE_INFINITY).results);
    }
    expect(searchPublic(s.db, drawnName, 0).drawn.length).toBeGreaterThan(0);
    expect(searchPublic(s.db, individual.name, 0).results.length).toBe(1);
    expect(searchPublic(s.db, '临江', 0).drawn.length).toBeGreaterThan(100);
  });
});

describe('public pages', () => {
  it('show the item list, task notices with counts and the drawn list with masked personal names', async () => {
    expect(await (await anon().get('/public/items')).text()).toContain('企业年度报告公示信息检查');
    const html = await (await anon().get(`/public/tasks/${openTask}`)).text();
    expect(html).toMatch(/库总户数<\/th><td>[\d,]+</);
    expect(html).toMatch(/抽取比例<\/th><td>\d+\.\d\d%</);
    expect(html).toContain(individual.uscc);
    expect(html).toContain(maskPersonalName(individual.name));
    expect(html).not.toContain(individual.name);
  });

  it('keep a class-stratified bundle (every entity\'s stratum is its credit class) off the public site, but publish its hashes', async () => {
    const row = s.db.prepare('SELECT id, bundle_hash AS h FROM draws WHERE task_id = ?').get(openTask) as { id: number; h: string };
    const d = { ...row, bundle: drawBundleText(s.db, row.id)! };
    const html = await (await anon().get(`/public/tasks/${openTask}`)).text();
    expect(html).toContain(d.h);
    expect(html).toContain((JSON.parse(d.bundle) as Bundle).inputsHash);
    expect(html).not.toContain(`/public/draws/${d.id}/bundle.json`);
    const res = await anon().get(`/public/draws/${d.id}/bundle.json`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('按规定不予公开');
    // The entity check answers drawn or not, with the ticket, but names no stratum and no threshold.
    const b = JSON.parse(d.bundle) as Bundle;
    const left = b.inputs.entities.find((e) => !b.result.selected.some((x) => x.entity === e.id))!;
    const check = await (await anon().get('/public/check?uscc=' + left.id)).text();
    expect(check).toContain('确属依规未抽中');
    expect(check).toContain(ticket(b.seed.value, left.id));
    for (const st of b.result.strata) if (st.threshold) expect(check).not.toContain(st.threshold);
    expect(check).not.toMatch(/第“[A-DU]”层/);
    // Nor does the order of the drawn list: draw order runs stratum by stratum (tickets start again
    // at each stratum), so the public list is by USCC.
    const listed = [...html.matchAll(/<td>(9[0-9A-Z]{17})<\/td>/g)].map((m) => m[1]!);
    expect(listed.length).toBe(b.result.selected.length);
    expect(listed).toEqual(b.result.selected.map((x) => x.entity).sort());
    expect(listed).not.toEqual(b.result.selected.map((x) => x.entity));
  });

  it('hold back the list and the bundle of an unannounced inspection, but not its commitment or reveal', async () => {
    const html = await (await anon().get(`/public/tasks/${heldTask}`)).text();
    expect(html).toContain('抽取名单和结果包在检查结束后公布');
    const drawId = (s.db.prepare('SELECT id FROM draws WHERE task_id = ?').get(heldTask) as { id: number }).id;
    expect((await anon().get(`/public/draws/${drawId}/bundle.json`)).status).toBe(404);
    const someone = (s.db.prepare('SELECT e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE ds.draw_id = ? LIMIT 1').get(drawId) as { uscc: string }).uscc;
    expect(html).not.toContain(someone);
    expect(await (await anon().get('/public/search?q=' + someone)).text()).not.toContain('暂缓-1');
  });

  it('publish results with the public fields, findable by name or USCC', async () => {
    const html = await (await anon().get('/public/results')).text();
    expect(html).toContain('临江市市场监督管理局');
    expect(html).toContain('未发现问题');
    expect(html).not.toContain('经营者王某当场配合');
    const found = await (await anon().get('/public/search?q=' + individual.uscc.slice(0, 12).toLowerCase())).text();
    expect(found).toContain(maskPersonalName(individual.name));
  });

  it('search matches only what the public may see of a masked name', async () => {
    const masked = maskPersonalName(individual.name);
    const search = async (q: string) => (await anon().get('/public/search?q=' + encodeURIComponent(q))).text();
    // The full name (the hidden part included) confirms nothing...
    // The owner's name as the 字号 holds it: the shown first character and the hidden ones (q=李秀英).
    const chars = [...individual.name];
    const first = [...masked].indexOf('*') - 1;
    const last = [...masked].lastIndexOf('*');
    expect(first).toBeGreaterThanOrEqual(0);
    for (const q of [individual.name, chars.slice(first, last + 1).join('')]) {
      const page = await search(q);
      expect(page, q).not.toContain(individual.uscc);
      expect(page, q).not.toContain(masked);
    }
    // ...while the name as published, and its visible part, find the entity.
    expect(await search(masked)).toContain(individual.uscc);
    const visible = masked.split('*').reduce((a, b) => (b.length > a.length ? b : a), '');
    if (visible.length >= 2) expect(await search(visible)).toContain(masked);
  });

  it('tell an entity its ticket and whether it was rightly left out', async () => {
    const html = await (await anon().get('/public/check?uscc=' + individual.uscc.toLowerCase())).text();
    expect(html).toContain('公开-1');
    expect(html).toContain('已被抽中');
    const other = s.db
      .prepare("SELECT uscc FROM entities WHERE region = '江滨区' AND reg_state = '存续' AND uscc NOT IN (SELECT e.uscc FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id) LIMIT 1")
      .get() as { uscc: string };
    expect(await (await anon().get('/public/check?uscc=' + other.uscc)).text()).toContain('确属依规未抽中');
    expect(await (await anon().get('/public/check?uscc=91350100M000100Y44')).text()).toContain('校验位错误');
  });

  it('show statistics as SVG, with coverage that matches the draws, and without credit classes', async () => {
    const html = await (await anon().get('/public/statistics?year=2026')).text();
    expect(html).toContain('<svg');
    expect(html).toContain('按片区的覆盖率');
    expect(html).not.toContain('信用风险');
    const drawn = (s.db.prepare("SELECT count(DISTINCT ds.entity_id) AS n FROM draw_selections ds JOIN entities e ON e.id = ds.entity_id WHERE e.region = '江滨区' AND e.reg_state = '存续' AND e.active = 1").get() as { n: number }).n;
    const total = (s.db.prepare("SELECT count(*) AS n FROM entities WHERE region = '江滨区' AND reg_state = '存续' AND active = 1").get() as { n: number }).n;
    expect(html).toContain(`${drawn}/${total}`);
    const admin = new Client(s.url);
    await admin.login();
    const staff = await (await admin.get('/admin/statistics?year=2026')).text();
    expect(staff).toContain('按信用风险分类的覆盖率');
    expect(staff).toContain('实际抽取比例与计划');
  });

  it('set no cookie, and show a change at once despite the page cache', async () => {
    const first = await anon().get('/public/items');
    expect(first.headers.getSetCookie()).toEqual([]);
    expect(await first.text()).toContain('企业年度报告公示信息检查');
    const admin = new Client(s.url);
    await admin.login();
    const id = (s.db.prepare("SELECT id, version FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
    const form = await (await admin.get(`/admin/items/${id}/edit`)).text();
    const version = /name="version" value="(\d+)"/.exec(form)![1]!;
    const item = s.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as Record<string, string>;
    await admin.post(`/admin/items/${id}/edit`, {
      _csrf: await admin.csrf(`/admin/items/${id}/edit`), version, category: item.category!, name: '企业年度报告公示信息检查（2027版）', subItem: '', target: item.target!,
      itemType: item.item_type!, methods: item.methods!.split('、'), agency: item.agency!, basis: item.basis!, ratio: item.ratio!, frequency: item.frequency!,
      disclosure: item.disclosure!, inspectorReq: item.inspector_req!, specialty: item.specialty!, initiator: item.initiator!, partners: item.partners!, level: item.level!,
    });
    expect(await (await anon().get('/public/items')).text()).toContain('企业年度报告公示信息检查（2027版）');
  });

  it('never show an ID number, a phone, a legal representative, a liaison, a credit class or a full personal name (walks every page)', async () => {
    const seen = new Set<string>();
    const queue = ['/public', '/public/search?q=' + encodeURIComponent('临江'), '/public/search?q=9235'];
    const bodies: [string, string][] = [];
    while (queue.length && seen.size < 200) {
      const p = queue.shift()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const res = await anon().get(p);
      expect(res.status, p).toBe(200);
      // A PDF (the results notice) is read as its readers' software extracts its text.
      const body = p.endsWith('.pdf') ? (await pdfText(Buffer.from(await res.arrayBuffer()))).text : await res.text();
      bodies.push([p, body]);
      for (const m of body.matchAll(/href="(\/public[^"#]*)"/g)) queue.push(m[1]!.replace(/&amp;/g, '&'));
    }
    expect(seen.size).toBeGreaterThan(6);
    expect([...seen].filter((p) => p.endsWith('/results.pdf')).length).toBeGreaterThan(0);
    const secrets = [
      ...(s.db.prepare("SELECT id_number AS v FROM inspectors WHERE id_number <> '' UNION SELECT phone FROM inspectors WHERE phone <> ''").all() as { v: string }[]).map((x) => x.v),
      ...(s.db.prepare(
        `SELECT e.legal_rep_phone AS v FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id WHERE e.legal_rep_phone <> ''
         UNION SELECT e.liaison_phone FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id WHERE e.liaison_phone <> ''
         UNION SELECT e.name FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id WHERE e.entity_type = '个体工商户'`,
      ).all() as { v: string }[]).map((x) => x.v),
    ];
    const reps = (s.db.prepare("SELECT DISTINCT legal_rep || '' AS v FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id").all() as { v: string }[]).map((x) => x.v);
    // The inspector directory names the inspectors on duty, as it must; a representative who shares
    // an inspector's name (the demo draws both from one list of names) is not shown by it.
    const inspectors = new Set((s.db.prepare("SELECT name AS v FROM inspectors WHERE status = '在岗'").all() as { v: string }[]).map((x) => x.v));
    expect(seen.has('/public/inspectors')).toBe(true);
    for (const [p, body] of bodies) {
      for (const v of secrets) expect(body.includes(v), `${p} shows ${v}`).toBe(false);
      for (const v of reps) if (p !== '/public/inspectors' || !inspectors.has(v)) expect(body.includes(`>${v}<`), `${p} shows legal representative ${v}`).toBe(false);
      expect(body, p).not.toMatch(/信用风险|低风险|较高风险|高风险|一般风险/);
      // Nor any bundle's population (each entity with its stratum, i.e. its class).
      expect(body, p).not.toContain('"stratum"');
      // Any resident ID number at all: province code 11–82, a real birth date, a valid check digit (USCCs start 9, 1, 5, N, Y …).
      for (const m of body.matchAll(/(?<![0-9A-Z])([1-8]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX])(?![0-9A-Z])/g)) {
        expect(isValidIdCard(m[1]!), `${p} shows an ID number ${m[1]}`).toBe(false);
      }
    }
  });
});

describe('static export', () => {
  it('writes the public site with working relative links, bundles, downloads and an Atom feed', async () => {
    await buildVerifier();
    const out = tempDir('ssj-export-');
    const deps = appDeps(s.db, s.config, s.clock, createLogger('silent'));
    const r = await exportSite(deps, out, 'https://www.example.gov.cn/sjsj/');
    expect(r.pages).toBeGreaterThanOrEqual(6);
    const openDraw = (s.db.prepare('SELECT id FROM draws WHERE task_id = ?').get(openTask) as { id: number }).id;
    const heldDraw = (s.db.prepare('SELECT id FROM draws WHERE task_id = ?').get(heldTask) as { id: number }).id;
    const exists = (rel: string) => fs.existsSync(path.join(out, rel));
    for (const f of ['index.html', 'items.html', 'tasks.html', 'results.html', 'plans.html', `tasks/${openTask}.html`,
      'static/style.css', 'static/verifier/index.html', 'static/verifier/verifier.js', `downloads/draw-${openDraw}.csv`, `downloads/draw-${openDraw}.xlsx`,
      `downloads/draw-${openDraw}.json`, 'downloads/results.csv', 'feed.atom']) expect(exists(f), f).toBe(true);
    expect(exists(`draws/${heldDraw}/bundle.json`)).toBe(false);
    expect(exists(`draws/${openDraw}/bundle.json`)).toBe(false); // stratified by credit class: not public
    expect(exists(`downloads/draw-${heldDraw}.csv`)).toBe(false);
    const html = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
    const pages = ['index.html', 'items.html', 'tasks.html', 'results.html', 'plans.html', `tasks/${openTask}.html`, `tasks/${heldTask}.html`];
    for (const p of pages) {
      const body = html(p);
      expect(body, p).not.toMatch(/(href|src)="\/(public|static|admin)/);
      for (const m of body.matchAll(/(?:href|src)="([^"#:]+)"/g)) expect(exists(path.posix.join(path.posix.dirname(p), m[1]!)), `${p} → ${m[1]}`).toBe(true);
    }
    expect(html(`tasks/${openTask}.html`)).toContain(maskPersonalName(individual.name));
    expect(fs.readFileSync(path.join(out, `downloads/draw-${openDraw}.csv`), 'utf8')).not.toContain(individual.name);
    const feed = html('feed.atom');
    expect(feed).toContain('<feed');
    expect(feed).not.toContain('type="html"');
    expect(feed).toContain(`https://www.example.gov.cn/sjsj/tasks/${openTask}.html`);
    // The same privacy rules hold in every exported file (pages, bundles, downloads, feed).
    const secrets = (s.db.prepare(
      `SELECT id_number AS v FROM inspectors WHERE id_number <> '' UNION SELECT phone FROM inspectors WHERE phone <> ''
       UNION SELECT e.legal_rep_phone FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id WHERE e.legal_rep_phone <> ''
       UNION SELECT e.name FROM entities e JOIN draw_selections ds ON ds.entity_id = e.id WHERE e.entity_type = '个体工商户'`,
    ).all() as { v: string }[]).map((x) => x.v);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const textFiles = walk(out).filter((f) => /\.(html|json|csv|atom)$/.test(f));
    expect(textFiles.length).toBeGreaterThan(10);
    for (const f of textFiles) {
      const body = fs.readFileSync(f, 'utf8');
      for (const v of secrets) expect(body.includes(v), `${path.relative(out, f)} shows ${v}`).toBe(false);
    }
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe('a department whose rules let it publish credit classes (SSJ_PUBLISH_CREDIT_STRATA=1)', () => {
  it('publishes the full bundle, which verifies, and the check names the stratum and its threshold', async () => {
    const p = await startServer({ env: { SSJ_PUBLISH_CREDIT_STRATA: '1' } });
    try {
      const now = new Date('2026-11-23T02:00:00Z');
      const item = (p.db.prepare("SELECT id FROM items WHERE code = 'SJ-001'").get() as { id: number }).id;
      const t = createTask(p.db, {
        departmentId: 2, number: '全公开-1', title: '全公开', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
        recentMonths: 12, teamSize: 2, jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: now.toISOString(),
      });
      if (!t.ok) throw new Error(t.message);
      commitTask(p.db, t.value, 'admin', now);
      const d = drawTask(p.db, t.value, [], 'admin', now);
      if (!d.ok) throw new Error(d.message);
      const html = await (await new Client(p.url).get(`/public/tasks/${t.value}`)).text();
      expect(html).toContain(`/public/draws/${d.value.drawId}/bundle.json`);
      const res = await new Client(p.url).get(`/public/draws/${d.value.drawId}/bundle.json`);
      expect(res.status).toBe(200);
      expect(verifyBundle((await res.json()) as Bundle)).toEqual({ ok: true });
      const sel = d.value.bundle.result.selected[0]!;
      const check = await (await new Client(p.url).get('/public/check?uscc=' + sel.entity)).text();
      expect(check).toContain(`第“${sel.stratum}”层`);
      expect(check).toContain(d.value.bundle.result.strata.find((x) => x.key === sel.stratum)!.threshold);
      // Stored again in pieces of 1 KiB (a million-entity bundle has dozens of 1 MiB pieces): the download
      // streams them all, byte for byte, and the check finds records wherever the pieces cut them.
      const text = drawBundleText(p.db, d.value.drawId)!;
      p.db.prepare('DELETE FROM draw_bundle_pieces WHERE draw_id = ?').run(d.value.drawId);
      writeBundlePieces(p.db, d.value.drawId, Buffer.from(text), 1024);
      expect(p.db.prepare('SELECT count(*) FROM draw_bundle_pieces WHERE draw_id = ?').pluck().get(d.value.drawId)).toBeGreaterThan(10);
      const again = await new Client(p.url).get(`/public/draws/${d.value.drawId}/bundle.json`);
      expect(again.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
      const body = Buffer.from(await again.arrayBuffer());
      expect(body.toString('utf8')).toBe(text);
      expect(H(body.toString('utf8'))).toBe(getDraw(p.db, d.value.drawId)!.bundleHash);
      const b = d.value.bundle;
      const left = b.inputs.entities.filter((e) => !b.result.selected.some((x) => x.entity === e.id));
      for (const e of [b.inputs.entities[0]!, b.inputs.entities.at(-1)!, ...left.filter((_, i) => i % 97 === 0)]) {
        const html = await (await new Client(p.url).get('/public/check?uscc=' + e.id)).text();
        expect(html, e.id).toContain(`第“${e.stratum}”层`);
        expect(html, e.id).toContain(ticket(b.seed.value, e.id));
      }
    } finally {
      p.close();
    }
  });
});

// Last: it uses up this server's allowance of queries for the loopback address.
describe('query limits', () => {
  it('limits searches and entity checks per address, but not the notices', async () => {
    // A server of its own: the limit counts every query from this address, the other tests' too.
    const limited = await startServer({ env: { SSJ_PUBLIC_QUERY_LIMIT: '30' } });
    try {
      const c = new Client(limited.url);
      const statuses: number[] = [];
      // Distinct queries: a repeated one is served from the render cache and costs nothing.
      for (let i = 0; i < 32; i++) statuses.push((await c.fetch('/public/check?uscc=91350100M0001' + String(i).padStart(5, '0'))).status);
      expect(statuses.slice(0, 30).every((x) => x === 200)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
      expect((await c.get('/public/tasks')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

});
