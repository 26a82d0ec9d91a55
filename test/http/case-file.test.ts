// The electronic case file (电子案卷) of one inspection: downloaded by staff as one zip with the results,
// the attachments, the audit entries and a manifest; `npm run case:verify` passes it, and finds a file
// changed inside it or one added; staff of another department cannot download it.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import AdmZip from 'adm-zip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { createTask, commitTask, drawTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { attachEvidence } from '../../src/services/evidence';
import { submitResult } from '../../src/services/results';
import { findUserByName } from '../../src/store/users';
import { verifyCaseFile } from '../../src/case-verify';

let s: TestServer;
let admin: Client;
let url = '';
const NOW = new Date('2026-11-23T02:00:00Z');
const root = path.join(__dirname, '..', '..');

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const dept = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
  const item = s.db.prepare<[], number>("SELECT id FROM items WHERE code = 'SJ-001'").pluck().get()!;
  const t = createTask(s.db, {
    departmentId: dept, number: '电子案卷-1', title: '企业公示信息检查', filters: { region: '江滨区' }, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES, recentMonths: 0, teamSize: 2,
    jointDepartments: [], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: NOW.toISOString(),
  });
  if (!t.ok) throw new Error(t.message);
  commitTask(s.db, t.value, 'admin', NOW);
  const d = drawTask(s.db, t.value, [], 'admin', NOW);
  if (!d.ok) throw new Error(d.message);
  const entity = s.db.prepare<[number], number>('SELECT entity_id FROM draw_selections WHERE draw_id = ? ORDER BY position LIMIT 1').pluck().get(d.value.drawId)!;
  const inspectorId = s.db.prepare<[number, number], number>('SELECT inspector_id FROM assignments WHERE draw_id = ? AND entity_id = ? ORDER BY slot LIMIT 1').pluck().get(d.value.drawId, entity)!;
  s.db.prepare("INSERT INTO users (username, display_name, role, department_id, inspector_id, password_hash, created_at, password_changed_at) VALUES ('insp.case', '检查员', 'inspector', ?, ?, 'x', ?, ?)")
    .run(dept, inspectorId, NOW.toISOString(), NOW.toISOString());
  const u = findUserByName(s.db, 'insp.case')!;
  const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#36c' } }).jpeg().toBuffer();
  const a = await attachEvidence(s.db, u, { drawId: d.value.drawId, entityId: entity, itemId: item }, { name: '现场照片.jpg', bytes: photo }, NOW.toISOString());
  if (!a.ok) throw new Error(a.message);
  const r = submitResult(s.db, u, d.value.drawId, entity, item, { category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '经营正常', followUp: '无' }, '2026-11-23', NOW.toISOString());
  if (!r.ok) throw new Error(r.message);
  url = `/admin/cases/${d.value.drawId}/${entity}.zip`;
});
afterAll(() => s.close());

describe('an electronic case file', () => {
  it('holds the results, the attachment and the audit entries, and verifies with one command', async () => {
    const res = await admin.get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const file = path.join(s.dir, 'case.zip');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const zip = new AdmZip(file);
    const names = zip.getEntries().map((e) => e.entryName).sort();
    expect(names).toEqual(['attachments/1-现场照片.jpg', 'audit.json', 'manifest.json', 'results.json']);
    const audit = JSON.parse(zip.readAsText('audit.json')) as { action: string }[];
    expect(audit.map((e) => e.action)).toEqual(['attach', 'result-submit']);
    expect(verifyCaseFile(file)).toEqual([]);
    const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'case-verify.js'), file], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('OK');
  });

  it('finds a file changed inside it, and one added', async () => {
    const file = path.join(s.dir, 'case-changed.zip');
    const zip = new AdmZip(Buffer.from(await (await admin.get(url)).arrayBuffer()));
    const results = zip.readAsText('results.json').replace('经营正常', '经营异常');
    zip.updateFile('results.json', Buffer.from(results));
    zip.addFile('extra.txt', Buffer.from('补充'));
    zip.writeZip(file);
    const problems = verifyCaseFile(file);
    expect(problems.some((p) => p.startsWith('results.json: SHA-256'))).toBe(true);
    expect(problems).toContain('extra.txt: not in the manifest');
    const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'case-verify.js'), file], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('FAILED');
  });

  it('is not given to another department', async () => {
    const res = await admin.post('/admin/users/new', { _csrf: await admin.csrf('/admin/users'), username: 'kj.case', displayName: 'kj.case', role: 'auditor', departmentId: String(s.db.prepare("SELECT id FROM departments WHERE code = 'kjj'").pluck().get()) });
    const pw = /id="one-time-password">([^<]+)</.exec(await res.text())![1]!;
    const kj = new Client(s.url);
    await kj.login('kj.case', pw);
    await kj.post('/account/password', { _csrf: await kj.csrf('/account/password'), current: pw, next: 'a much better secret', repeat: 'a much better secret' });
    expect([403, 404]).toContain((await kj.get(url)).status);
  });
});
