// Evidence of an inspection through the portal: a photo (its EXIF, GPS included, stripped; its SHA-256
// in the audit log), and refusals of a file that is not what it says, one too big and a broken image,
// each with its message and nothing kept; the file served to its team and to staff only.
import crypto from 'node:crypto';
import sharp from 'sharp';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { drawnTask, firstOfTeam } from '../helpers/drawn-task';

let s: TestServer;
let insp: Client;
let admin: Client;
let href = '';
let itemId = 0;
const NOW = new Date('2026-11-23T02:00:00Z');
const count = () => s.db.prepare('SELECT count(*) FROM attachments').pluck().get();
const upload = async (name: string, data: Buffer) => {
  await insp.upload(`${href}/items/${itemId}/attachments`, { _csrf: await insp.csrf(href) }, { name, data });
  return /class="flash [a-z]+"[^>]*>([^<]*)/.exec(await (await insp.get(href)).text())?.[1] ?? '';
};

let drawId = 0;
let entityId = 0;

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const d = drawnTask(s.db, { number: '检查材料-1', itemCode: 'SJ-001', at: NOW });
  [drawId, entityId, itemId] = [d.drawId, d.entities[0]!, d.itemId];
  href = `/me/assignments/${drawId}/${entityId}`;
  insp = await newAccount(admin, { username: 'insp.ev', role: 'inspector', certNo: firstOfTeam(s.db, drawId, entityId).cert });
});
afterAll(() => s.close());

describe('evidence', { shuffle: false }, () => {
  let id = 0;

  it('takes a photo without its EXIF data (GPS included), and writes its SHA-256 in the audit log', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: '现场照片', Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '26/1 5/1 0/1' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(await upload('现场.jpg', photo)).toMatch(/^已上传/);
    const row = s.db.prepare<[], { id: number; bytes: Buffer; sha256: string; mime: string }>('SELECT id, bytes, sha256, mime FROM attachments').get()!;
    id = row.id;
    expect(row.mime).toBe('image/jpeg');
    expect((await sharp(row.bytes).metadata()).exif).toBeUndefined();
    expect(row.bytes.includes(Buffer.from('TestPhone'))).toBe(false);
    expect(crypto.createHash('sha256').update(row.bytes).digest('hex')).toBe(row.sha256);
    expect(s.db.prepare<[], string>("SELECT summary FROM audit_events WHERE action = 'attach'").pluck().get()).toContain(row.sha256);
    expect(await (await insp.get(href)).text()).toContain(row.sha256);
  });

  it('refuses a file that is not what it says, one too big and a broken photo, keeping nothing', async () => {
    expect(await upload('照片.jpg', Buffer.from('这不是图片，是一段文字'))).toContain('不是支持的文件');
    expect(await upload('大文件.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 << 20)]))).toContain('不能超过 20 MB');
    expect(await upload('坏照片.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]))).toContain('已损坏或无法读取');
    expect(count()).toBe(1);
  });

  it('serves the file to its team and to staff, to no other inspector', async () => {
    const mine = await insp.get(`/attachments/${id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/jpeg');
    expect((await admin.get(`/attachments/${id}`)).status).toBe(200);
    const cert = s.db.prepare<[number, number], string>("SELECT cert_no FROM inspectors WHERE id NOT IN (SELECT inspector_id FROM assignments WHERE draw_id = ? AND entity_id = ?) AND status = '在岗' LIMIT 1").pluck().get(drawId, entityId)!;
    const other = await newAccount(admin, { username: 'insp.other', role: 'inspector', certNo: cert });
    expect((await other.get(`/attachments/${id}`)).status).toBe(404);
  });

  it('keeps where the photo was taken when the department chooses it on purpose (audited)', async () => {
    const market = s.db.prepare<[], number>("SELECT id FROM departments WHERE code = 'scjgj'").pluck().get()!;
    const home = await (await admin.get('/admin')).text();
    expect(home).toContain('执法人员上传的照片保留拍摄位置');
    await admin.post(`/admin/departments/${market}/settings`, { _csrf: await admin.csrf('/admin'), keepPhotoLocation: '1' });
    expect(s.db.prepare<[], string>("SELECT summary FROM audit_events WHERE action = 'department-settings'").pluck().get()).toContain('保留拍摄位置');
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3c3' } })
      .jpeg().withExif({ IFD0: { Make: 'KeepPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '26/1 5/1 0/1' } }).toBuffer();
    expect(await upload('定位.jpg', photo)).toMatch(/^已上传/);
    const kept = s.db.prepare<[], Buffer>('SELECT bytes FROM attachments ORDER BY id DESC LIMIT 1').pluck().get()!;
    expect((await sharp(kept).metadata()).exif).toBeDefined();
    expect(kept.includes(Buffer.from('KeepPhone'))).toBe(true);
    // Switched off again: stripped, as by default.
    await admin.post(`/admin/departments/${market}/settings`, { _csrf: await admin.csrf('/admin') });
    expect(await upload('不定位.jpg', photo)).toMatch(/^已上传/);
    const stripped = s.db.prepare<[], Buffer>('SELECT bytes FROM attachments ORDER BY id DESC LIMIT 1').pluck().get()!;
    expect((await sharp(stripped).metadata()).exif).toBeUndefined();
  });

  it('withdraws a file uploaded by mistake, with a reason, keeping it marked; not once the result is approved', async () => {
    const first = s.db.prepare<[], number>('SELECT id FROM attachments ORDER BY id LIMIT 1').pluck().get()!;
    const withdraw = async (c: Client, id: number, reason: string) => {
      const res = await c.post(`/attachments/${id}/withdraw`, { _csrf: await c.csrf(href), reason, back: href });
      return { status: res.status, flash: /class="flash [a-z]+"[^>]*>([^<]*)/.exec(await (await insp.get(href)).text())?.[1] ?? '' };
    };
    expect((await withdraw(insp, first, '')).flash).toContain('请写明原因');
    expect((await admin.post(`/attachments/${first}/withdraw`, { _csrf: await admin.csrf('/admin'), reason: '拍错对象' })).status).toBe(403);
    expect((await withdraw(insp, first, '拍错对象')).flash).toContain('材料已作废');
    const row = s.db.prepare<[number], { withdrawnBy: string; reason: string; bytes: Buffer }>('SELECT withdrawn_by AS withdrawnBy, withdrawn_reason AS reason, bytes FROM attachments WHERE id = ?').get(first)!;
    expect(row).toMatchObject({ withdrawnBy: 'insp.ev', reason: '拍错对象' });
    expect(row.bytes.length).toBeGreaterThan(0);
    expect(s.db.prepare<[], string>("SELECT summary FROM audit_events WHERE action = 'attach-withdraw'").pluck().get()).toContain('拍错对象');
    expect(await (await insp.get(href)).text()).toContain('已作废：拍错对象');
    expect((await withdraw(insp, first, '再作废一次')).flash).toContain('已于');
    // The case file keeps it, marked.
    const zip = new AdmZip(Buffer.from(await (await admin.get(`/admin/cases/${href.split('/')[3]}/${href.split('/')[4]}.zip`)).arrayBuffer()));
    const listed = JSON.parse(zip.readAsText('attachments.json')) as { sha256: string; withdrawn: { reason: string } | null }[];
    expect(listed.find((x) => x.withdrawn)?.withdrawn?.reason).toBe('拍错对象');
    // Once the result is approved its files stand.
    const other = s.db.prepare<[], number>('SELECT id FROM attachments WHERE withdrawn_at IS NULL ORDER BY id LIMIT 1').pluck().get()!;
    await insp.post(`${href}/items/${itemId}`, { _csrf: await insp.csrf(href), category: '未发现问题', inspectedOn: '2026-11-23', method: '现场检查', findings: '', followUp: '无' });
    const rid = s.db.prepare<[], number>('SELECT id FROM results').pluck().get()!;
    await admin.post(`/admin/results/${rid}/approve`, { _csrf: await admin.csrf('/admin/results') });
    expect((await withdraw(insp, other, '拍错对象')).flash).toContain('结果已审核通过');
    expect(s.db.prepare('SELECT withdrawn_at FROM attachments WHERE id = ?').pluck().get(other)).toBeNull();
  });
});
