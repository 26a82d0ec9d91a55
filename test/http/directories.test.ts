import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { pruneUploads } from '../../src/services/imports';
import { DEMO_ENTITY_COUNT, generateEntities } from '../../scripts/demo-data';
import { Client, startServer, type TestServer } from '../helpers/server';
import { usccCheckChar } from '../../src/domain/uscc';
import { encodeCsv, ENTITY_HEADER, GOOD_ROWS } from '../import/fixtures';
import { verifyAuditLog } from '../../src/store/audit';
import { directoryStores } from '../../src/store/directory-store';
import { DirectoryService } from '../../src/services/directory';

let s: TestServer;
let admin: Client;
const count = (table: string) => (s.db.prepare('SELECT count(*) AS n FROM ' + table).get() as { n: number }).n;

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
});
afterAll(() => s.close());

describe('demo department', () => {
  it('is loaded on first start with both bureaus, 2,000+ entities, 40+ inspectors and 10+ items', () => {
    expect(s.db.prepare('SELECT name FROM departments ORDER BY id').all()).toEqual([{ name: '临江市科学技术局' }, { name: '临江市市场监督管理局' }]);
    expect(count('entities')).toBeGreaterThanOrEqual(2000);
    expect(count('inspectors')).toBeGreaterThanOrEqual(40);
    expect(count('items')).toBeGreaterThanOrEqual(10);
    // The demo's own rows (other tests of this file add entities of their own).
    const demo = JSON.stringify([...generateEntities(DEMO_ENTITY_COUNT)].map((r) => r.uscc));
    const mix = s.db.prepare('SELECT count(DISTINCT credit_class) AS c, count(DISTINCT reg_state) AS r, count(DISTINCT region) AS g, count(DISTINCT entity_type) AS t FROM entities WHERE uscc IN (SELECT value FROM json_each(?))').get(demo);
    expect(mix).toEqual({ c: 4, r: 3, g: 8, t: 7 });
    const expired = s.db.prepare("SELECT count(*) AS n FROM inspectors WHERE cert_expiry < '2026-11-23'").get() as { n: number };
    expect(expired.n).toBeGreaterThan(0);
    expect((s.db.prepare("SELECT count(*) AS n FROM inspectors WHERE is_expert = '是'").get() as { n: number }).n).toBeGreaterThan(0);
    // One registration authority never registers a name twice; shared names also made pages ambiguous.
    expect((s.db.prepare('SELECT count(*) - count(DISTINCT name) AS d FROM entities').get() as { d: number }).d).toBe(0);
  });
});

describe('entity list', () => {
  it('filters by region and class, and pages forward and back with stable rows', async () => {
    const res = await admin.get('/admin/entities?region=' + encodeURIComponent('江滨区') + '&creditClass=D');
    expect(res.status).toBe(200);
    const html = await res.text();
    const expected = (s.db.prepare("SELECT count(*) AS n FROM entities WHERE region = '江滨区' AND credit_class = 'D' AND active = 1").get() as { n: number }).n;
    expect(html).toContain(`共 ${expected.toLocaleString('zh-CN')} 条`);
    const all = await (await admin.get('/admin/entities')).text();
    const unescape = (h: string) => h.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const next = unescape(/href="([^"]+after&#x3D;\d+)"/.exec(all)![1]!);
    const page2 = await (await admin.get(next)).text();
    const firstUscc = (h: string) => /<td><a href="\/admin\/entities\/\d+">([0-9A-Z]{18})<\/a>/.exec(h)![1];
    expect(firstUscc(page2)).not.toBe(firstUscc(all));
    const prev = unescape(/href="([^"]+before&#x3D;\d+)"/.exec(page2)![1]!);
    expect(firstUscc(await (await admin.get(prev)).text())).toBe(firstUscc(all));
  });

  it('finds an entity by part of its name and by USCC prefix', async () => {
    const row = s.db.prepare('SELECT uscc, name FROM entities WHERE id = 100').get() as { uscc: string; name: string };
    const byName = await (await admin.get('/admin/entities?q=' + encodeURIComponent(row.name.slice(2, 8)))).text();
    expect(byName).toContain(row.uscc);
    const byCode = await (await admin.get('/admin/entities?q=' + row.uscc.slice(0, 12))).text();
    expect(byCode).toContain(row.uscc);
  });
});

describe('editing records', () => {
  it('refuses an invalid USCC with the reason next to the field, keeping what was typed', async () => {
    const token = await admin.csrf('/admin/entities/new');
    const res = await admin.post('/admin/entities/new', { _csrf: token, uscc: '91350100M000100Y44', name: '测试<b>公司</b>', regState: '存续' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('校验位错误');
    expect(html).toContain('测试&lt;b&gt;公司&lt;/b&gt;');
    expect(html).not.toContain('<b>公司</b>');
  });

  it('creates, edits with history, deactivates and reactivates without ever deleting', async () => {
    const uscc = '91350100M0009990' + 'A';
    const code = uscc.slice(0, 16) + 'A';
    const valid = code + usccCheckChar(code);
    let token = await admin.csrf('/admin/entities/new');
    let res = await admin.post('/admin/entities/new', { _csrf: token, uscc: valid, name: '新建测试有限公司', regState: '存续', creditClass: 'C' });
    expect(res.status).toBe(303);
    const href = res.headers.get('location')!;
    const id = Number(href.split('/').pop());
    token = await admin.csrf(href + '/edit');
    res = await admin.post(href + '/edit', { _csrf: token, version: '1', name: '改名测试有限公司', regState: '存续', creditClass: 'D' });
    expect(res.status).toBe(303);
    const view = await (await admin.get(href)).text();
    expect(view).toContain('企业名称：“新建测试有限公司” → “改名测试有限公司”');
    expect(view).toContain('信用风险分类：“C” → “D”');
    // A stale form (version 1 again) is refused instead of overwriting the newer edit.
    res = await admin.post(href + '/edit', { _csrf: token, version: '1', name: '旧表单', regState: '存续' });
    expect(res.status).toBe(409);
    expect((s.db.prepare('SELECT name FROM entities WHERE id = ?').get(id) as { name: string }).name).toBe('改名测试有限公司');
    res = await admin.post(href + '/deactivate', { _csrf: token });
    expect(res.status).toBe(303);
    expect(s.db.prepare('SELECT active FROM entities WHERE id = ?').get(id)).toEqual({ active: 0 });
    const list = await (await admin.get('/admin/entities?q=' + valid)).text();
    expect(list).toContain('共 0 条');
    res = await admin.post(href + '/reactivate', { _csrf: token });
    expect(s.db.prepare('SELECT active, version FROM entities WHERE id = ?').get(id)).toEqual({ active: 1, version: 4 });
    const audit = s.db.prepare("SELECT action FROM audit_events WHERE target_kind = 'entities' AND target_id = ? ORDER BY id").all(String(id));
    expect(audit).toEqual([{ action: 'create' }, { action: 'update' }, { action: 'deactivate' }, { action: 'reactivate' }]);
  });

  it('refuses a change posted without the CSRF token', async () => {
    const before = s.db.prepare('SELECT * FROM entities WHERE id = 5').get();
    const res = await admin.post('/admin/entities/5/edit', { version: '1', name: '篡改', regState: '存续' });
    expect(res.status).toBe(403);
    expect(s.db.prepare('SELECT * FROM entities WHERE id = 5').get()).toEqual(before);
  });
});

describe('import over HTTP', () => {
  it('previews, then commits once; the error report names row, column and reason', async () => {
    const token = await admin.csrf('/admin/entities/import');
    const data = encodeCsv([ENTITY_HEADER, ...GOOD_ROWS, ['350100100012345', '旧号公司', '', '', '', '', '', '存续', '', '', '']], 'gbk');
    const before = count('entities');
    let res = await admin.upload('/admin/entities/import', { _csrf: token }, { name: '名录.csv', data });
    expect(res.status).toBe(303);
    const job = res.headers.get('location')!;
    const page = await (await admin.get(job)).text();
    expect(page).toContain('名录.csv');
    expect(page).toMatch(/id="c-new">2</);
    expect(page).toMatch(/id="c-invalid">1</);
    expect(count('entities')).toBe(before);
    const csv = await admin.get(job + '/errors.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('行号,列,原值,错误原因');
    expect(text).toContain('4,A列（统一社会信用代码）,350100100012345,这是15位旧版注册号');
    const xlsx = await admin.get(job + '/errors.xlsx');
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const t2 = await admin.csrf(job);
    res = await admin.post(job + '/commit', { _csrf: t2 });
    expect(res.headers.get('location')).toBe(job);
    expect(count('entities')).toBe(before);
    res = await admin.post(job + '/commit', { _csrf: t2, skipInvalid: '1' });
    expect(res.headers.get('location')).toBe('/admin/entities');
    expect(count('entities')).toBe(before + 2);
    res = await admin.post(job + '/commit', { _csrf: t2, skipInvalid: '1' });
    expect(count('entities')).toBe(before + 2);
    expect(s.db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'import' AND actor = 'admin' AND summary LIKE '%名录.csv%'").get()).toEqual({ n: 1 });
  });

  it('refuses an upload without the CSRF token and keeps no file', async () => {
    const res = await admin.upload('/admin/entities/import', {}, { name: 'x.csv', data: encodeCsv([ENTITY_HEADER, ...GOOD_ROWS], 'utf8') });
    expect(res.status).toBe(403);
    expect(s.db.prepare("SELECT count(*) AS n FROM import_jobs WHERE filename = 'x.csv'").get()).toEqual({ n: 0 });
    expect(uploads()).toEqual(pending());
  });

  it('keeps no file of an upload that fails or goes nowhere', async () => {
    const token = await admin.csrf('/admin/entities/import');
    let res = await admin.upload('/admin/entities/import', { _csrf: token }, { name: '坏文件.xlsx', data: Buffer.from('PK\u0003\u0004 this is not a workbook') });
    expect(res.status).toBe(303);
    expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('无法读取');
    res = await admin.upload('/admin/nothing/import', { _csrf: token }, { name: 'x.csv', data: Buffer.from('a,b') });
    expect([403, 404]).toContain(res.status);
    expect(uploads()).toEqual(pending());
  });

  it('pages the errors of a preview, each page small whatever the file', async () => {
    const token = await admin.csrf('/admin/entities/import');
    const bad = Array.from({ length: 450 }, (_, i) => ['BAD' + i + '长'.repeat(20000), '某公司', '', '', '', '', '', '存续', '', '', '']);
    const res = await admin.upload('/admin/entities/import', { _csrf: token }, { name: '错误很多.csv', data: encodeCsv([ENTITY_HEADER, ...bad], 'utf8') });
    const job = res.headers.get('location')!;
    const rowsOf = (html: string) => [...html.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    const first = await (await admin.get(job)).text();
    expect(first).toContain('共 450 条');
    expect(first.length).toBeLessThan(400_000);
    expect(rowsOf(first)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    const last = await (await admin.get(job + '?page=3')).text();
    expect(rowsOf(last)).toEqual(Array.from({ length: 50 }, (_, i) => i + 402));
    expect(last).toContain('上一页');
    expect(last).not.toContain('下一页');
    await admin.post(job + '/cancel', { _csrf: await admin.csrf(job) });
    // Cancelled, its file gone (cancelling once left the job 'previewed': the job's own fields overrode the new status).
    expect(s.db.prepare('SELECT status FROM import_jobs WHERE id = ?').get(Number(job.split('/').pop()))).toEqual({ status: 'cancelled' });
  });

  it('removes, at start, uploads older than a day that no pending import needs', () => {
    const stray = path.join(s.config.uploadsDir, 'left-by-a-crash.csv');
    fs.writeFileSync(stray, 'x');
    const young = path.join(s.config.uploadsDir, 'being-read.csv');
    fs.writeFileSync(young, 'x');
    const old = new Date(s.clock.now().getTime() - 2 * 86400000);
    fs.utimesSync(stray, old, old);
    for (const p of pending()) fs.utimesSync(path.join(s.config.uploadsDir, p), old, old);
    expect(pruneUploads(s.db, s.config.uploadsDir, s.clock.now())).toEqual(['left-by-a-crash.csv']);
    expect(uploads()).toEqual([...pending(), 'being-read.csv'].sort());
    fs.rmSync(young);
  });

  it('refuses multipart posts to routes that take no upload', async () => {
    const token = await admin.csrf('/admin/entities/new');
    const res = await admin.upload('/admin/entities/new', { _csrf: token, uscc: 'x' }, { name: 'x.csv', data: Buffer.from('a') });
    expect(res.status).toBe(403);
  });
});

function uploads(): string[] {
  return fs.readdirSync(s.config.uploadsDir).sort();
}
function pending(): string[] {
  return (s.db.prepare("SELECT stored_path AS p FROM import_jobs WHERE status = 'previewed'").all() as { p: string }[]).map((r) => path.basename(r.p)).sort();
}

describe('export round trip', () => {
  // Values a spreadsheet would take for formulas: the CSV export guards them with a leading ', and the
  // import takes exactly that guard off again (a value that itself begins with ' and = included).
  beforeAll(() => {
    const odd = ['=1+2', '-某某便利店', '+86临江', '@临江商行', "'=已带引号", "''+两个引号", '-5'];
    for (const kind of ['entities', 'inspectors', 'items']) {
      const rows = s.db.prepare(`SELECT id FROM ${kind} WHERE active = 1` + (kind === 'entities' ? '' : ' AND department_id = 1') + ' ORDER BY id LIMIT ?').all(odd.length) as { id: number }[];
      rows.forEach((r, i) => s.db.prepare(`UPDATE ${kind} SET name = ? WHERE id = ?`).run(odd[i]! + (kind === 'inspectors' ? '' : `-${r.id}`), r.id));
    }
  });

  for (const ext of ['csv', 'xlsx'] as const) {
    for (const kind of ['entities', 'inspectors', 'items'] as const) {
      it(`re-imports the ${kind} .${ext} export unchanged`, async () => {
        const dept = kind === 'entities' ? '' : '?department=1';
        const res = await admin.get(`/admin/${kind}/export.${ext}${dept}`);
        expect(res.status).toBe(200);
        const data = Buffer.from(await res.arrayBuffer());
        const total = (s.db.prepare(`SELECT count(*) AS n FROM ${kind} WHERE active = 1` + (dept ? ' AND department_id = 1' : '')).get() as { n: number }).n;
        const snapshot = JSON.stringify(s.db.prepare(`SELECT * FROM ${kind} ORDER BY id`).all());
        const token = await admin.csrf(`/admin/${kind}/import`);
        const up = await admin.upload(`/admin/${kind}/import`, { _csrf: token, ...(dept ? { departmentId: '1' } : {}) }, { name: `export.${ext}`, data });
        const job = up.headers.get('location')!;
        const page = await (await admin.get(job)).text();
        expect(page).toMatch(new RegExp(`id="c-unchanged">${total.toLocaleString('zh-CN')}<`));
        expect(page).toMatch(/id="c-new">0</);
        expect(page).toMatch(/id="c-updated">0</);
        expect(page).toMatch(/id="c-invalid">0</);
        await admin.post(job + '/commit', { _csrf: await admin.csrf(job) });
        expect(JSON.stringify(s.db.prepare(`SELECT * FROM ${kind} ORDER BY id`).all())).toBe(snapshot);
      });
    }
  }
});

describe('filter counts', () => {
  it('stay exactly equal to counting the rows, after every kind of write above', () => {
    const kept = s.db.prepare('SELECT region, industry, entity_type, credit_class, reg_state, active, n FROM entity_facet_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6').all();
    const counted = s.db
      .prepare('SELECT region, industry, entity_type, credit_class, reg_state, active, count(*) AS n FROM entities GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6')
      .all();
    expect(kept).toEqual(counted);
    expect(s.db.prepare('SELECT count(*) AS c FROM entity_facet_counts WHERE n < 0').get()).toEqual({ c: 0 });
  });

  it('offer in their menus exactly the values the table holds, after every kind of write above', () => {
    const store = directoryStores(s.db).entities;
    for (const [field, col] of [['region', 'region'], ['industry', 'industry'], ['entityType', 'entity_type'], ['creditClass', 'credit_class'], ['regState', 'reg_state']]) {
      const want = s.db.prepare(`SELECT DISTINCT ${col} AS v FROM entities WHERE ${col} <> '' ORDER BY ${col}`).pluck().all();
      expect(store.facet(field!), field).toEqual(want);
    }
  });

  it('gives a name search its first page at once and the exact total on request', async () => {
    const term = '宏远';
    const first = await (await admin.get('/admin/entities?q=' + encodeURIComponent(term))).text();
    expect(first).toContain('统计符合条件的总数');
    const exact = (s.db.prepare("SELECT count(*) AS n FROM entities WHERE active = 1 AND name LIKE '%宏远%'").get() as { n: number }).n;
    const counted = await (await admin.get('/admin/entities?q=' + encodeURIComponent(term) + '&count=1')).text();
    expect(counted).toContain(`共 ${exact.toLocaleString('zh-CN')} 条`);
    expect(exact).toBeGreaterThan(50);
  });

  it('gives the total of a name search whose matches fit on the first page without a second scan', async () => {
    const row = s.db.prepare("SELECT name FROM entities WHERE active = 1 AND entity_type <> '个体工商户' LIMIT 1 OFFSET 700").get() as { name: string };
    const exact = (s.db.prepare("SELECT count(*) AS n FROM entities WHERE active = 1 AND instr(name, ?) > 0").get(row.name) as { n: number }).n;
    expect(exact).toBeLessThanOrEqual(50);
    const html = await (await admin.get('/admin/entities?q=' + encodeURIComponent(row.name))).text();
    expect(html).toContain(`共 ${exact} 条`);
    expect(html).not.toContain('统计符合条件的总数');
    expect(html).toContain(row.name);
  });
});

describe('audit log after all the writes above', () => {
  it('is one unbroken chain, though imports wrote to it from their own connection', () => {
    // Writes of its own too, whatever ran before: an edit and a deactivation through the service.
    const svc = new DirectoryService(s.db, directoryStores(s.db).items);
    const item = directoryStores(s.db).items.get((s.db.prepare('SELECT max(id) AS id FROM items').get() as { id: number }).id)!;
    expect(svc.update(item.id, item.version as number, { ...(item as unknown as Record<string, string>), name: String(item.name) + '（改）' }, 'admin', '2026-11-23T02:00:00Z')?.ok).toBe(true);
    expect(svc.setActive(item.id, false, 'admin', '2026-11-23T02:00:00Z')).toBe(true);
    const r = verifyAuditLog(s.db);
    expect(r.ok).toBe(true);
    const actions = (s.db.prepare('SELECT DISTINCT action FROM audit_events').all() as { action: string }[]).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['import', 'create', 'update', 'deactivate', 'login']));
  });
});
