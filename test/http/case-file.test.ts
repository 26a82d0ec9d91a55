// The electronic case file (电子案卷) of one inspection: downloaded by staff as one zip with the results,
// the attachments, the audit entries and a manifest; `npm run case:verify` passes it, and finds a file
// changed inside it or one added; staff of another department cannot download it.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import AdmZip from 'adm-zip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { drawnTask, firstOfTeam } from '../helpers/drawn-task';
import { attachEvidence } from '../../src/services/evidence';
import { submitResult } from '../../src/services/results';
import { findUserByName } from '../../src/store/users';
import { verifyCaseFile } from '../../src/case-verify';
import { pdfText } from '../helpers/pdf-text';

let s: TestServer;
let admin: Client;
let url = '';
const NOW = new Date('2026-11-23T02:00:00Z');
const root = path.join(__dirname, '..', '..');

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const d = drawnTask(s.db, { number: '电子案卷-1', itemCode: 'SJ-001', at: NOW });
  const [entity, item] = [d.entities[0]!, d.itemId];
  const dept = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
  const inspectorId = firstOfTeam(s.db, d.drawId, entity).id;
  s.db.prepare("INSERT INTO users (username, display_name, role, department_id, inspector_id, password_hash, created_at, password_changed_at) VALUES ('insp.case', '检查员', 'inspector', ?, ?, 'x', ?, ?)")
    .run(dept, inspectorId, NOW.toISOString(), NOW.toISOString());
  const u = findUserByName(s.db, 'insp.case')!;
  const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#36c' } }).jpeg().toBuffer();
  const a = await attachEvidence(s.db, u, { drawId: d.drawId, entityId: entity, itemId: item }, { name: '现场照片.jpg', bytes: photo }, NOW.toISOString());
  if (!a.ok) throw new Error(a.message);
  const r = submitResult(s.db, u, d.drawId, entity, item, { category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '经营正常', followUp: '无' }, '2026-11-23', NOW.toISOString());
  if (!r.ok) throw new Error(r.message);
  url = `/admin/cases/${d.drawId}/${entity}.zip`;
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
    expect(names).toEqual(['attachments.json', 'attachments/1-现场照片.jpg', 'audit.json', 'documents/检查记录表.pdf', 'documents/检查通知书.pdf', 'documents/随机抽取记录.pdf', 'manifest.json', 'results.json']);
    const audit = JSON.parse(zip.readAsText('audit.json')) as { action: string; at: string }[];
    expect(audit.map((e) => e.action)).toEqual(['attach', 'result-submit']);
    // Times in Beijing time, with the offset: 02:00 UTC is 10:00 there.
    expect(audit[0]!.at).toBe('2026-11-23T10:00:00+08:00');
    expect((JSON.parse(zip.readAsText('results.json')) as { results: { recordedAt: string }[] }).results[0]!.recordedAt).toBe('2026-11-23T10:00:00+08:00');
    // The printed record in it carries the result as recorded.
    const record = (await pdfText(zip.readFile('documents/检查记录表.pdf')!)).text;
    expect(record).toContain('检查记录表');
    expect(record).toContain('经营正常');
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
    const kj = await newAccount(admin, { username: 'kj.case', role: 'auditor', departmentId: s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'kjj'").pluck().get()! });
    expect([403, 404]).toContain((await kj.get(url)).status);
  });
});
