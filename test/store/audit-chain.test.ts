import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db';
import { setupDatabase } from '../../src/store/setup';
import { recordAudit, sealAuditLog, verifyAuditLog } from '../../src/store/audit';
import { Client, startServer, tempDir } from '../helpers/server';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = tempDir();
  db = openDb(path.join(dir, 'a.db'));
  setupDatabase(db);
  for (let i = 1; i <= 6; i++) {
    recordAudit(db, { at: `2026-11-23T00:00:0${i}Z`, actor: 'admin', action: 'update', targetKind: 'entities', targetId: i, summary: `修改 ${i}`, before: { n: i }, after: { n: i + 1 } });
  }
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit hash chain', () => {
  it('verifies an untouched log and reports its head', () => {
    const r = verifyAuditLog(db);
    expect(r).toMatchObject({ ok: true, count: 6 });
    const head = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { hash: string };
    expect(r.ok && r.head).toBe(head.hash);
  });

  it('names an edited entry', () => {
    db.prepare("UPDATE audit_events SET summary = '修改 三' WHERE id = 3").run();
    expect(verifyAuditLog(db)).toEqual({ ok: false, id: 3, problem: '内容与哈希值不符：这条记录被修改过' });
  });

  it('names the entry after a deleted one', () => {
    db.prepare('DELETE FROM audit_events WHERE id = 4').run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, id: 5, problem: expect.stringContaining('接不上') });
  });

  it('detects two entries swapped, hashes and all', () => {
    db.exec('UPDATE audit_events SET id = -2 WHERE id = 2; UPDATE audit_events SET id = 2 WHERE id = 3; UPDATE audit_events SET id = 3 WHERE id = -2;');
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, id: 2 });
  });

  it('detects an edit even when the editor recomputes that entry’s own hash from the fields', () => {
    db.prepare("UPDATE audit_events SET actor = 'someone', hash = (SELECT hash FROM audit_events WHERE id = 6) WHERE id = 6").run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, id: 6 });
  });

  it('chains entries written before the chain existed', () => {
    db.prepare("INSERT INTO audit_events (at, actor, action, target_kind, target_id, summary) VALUES ('2026-01-01', 'old', 'x', 'y', '1', 'legacy')").run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, id: 7 });
    expect(sealAuditLog(db)).toBe(1);
    expect(verifyAuditLog(db)).toMatchObject({ ok: true, count: 7 });
  });

  it('takes back an entry with the change it recorded when the transaction fails', () => {
    expect(() =>
      db.transaction(() => {
        recordAudit(db, { at: 'x', actor: 'a', action: 'update', targetKind: 'items', targetId: 1, summary: 'rolled back' });
        throw new Error('the change failed');
      })(),
    ).toThrow('the change failed');
    expect(db.prepare("SELECT count(*) AS n FROM audit_events WHERE summary = 'rolled back'").get()).toEqual({ n: 0 });
    recordAudit(db, { at: 'y', actor: 'a', action: 'update', targetKind: 'items', targetId: 1, summary: 'after' });
    expect(verifyAuditLog(db)).toMatchObject({ ok: true, count: 7 });
  });
});

describe('backup and restore', () => {
  it('copies consistently while another connection writes, and the copy serves as a working site', async () => {
    const s = await startServer();
    const other = openDb(s.config.dbFile);
    other.exec('BEGIN IMMEDIATE');
    other.prepare("UPDATE entities SET name = '未提交的修改' WHERE id = 1").run();
    const backup = path.join(tempDir('ssj-backup-'), 'backup.db');
    await s.db.backup(backup);
    other.exec('COMMIT');
    other.close();
    const copy = openDb(backup);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT name FROM entities WHERE id = 1').get() as { name: string }).name).not.toBe('未提交的修改');
    const counts = (d: Db) => ['entities', 'inspectors', 'items', 'users', 'audit_events'].map((t) => (d.prepare('SELECT count(*) AS n FROM ' + t).get() as { n: number }).n);
    const expected = counts(copy);
    copy.close();
    await s.close();

    // Restore as documented: the backup file becomes data/shuangsuiji.db of a site.
    const site = tempDir('ssj-restore-');
    fs.copyFileSync(backup, path.join(site, 'shuangsuiji.db'));
    const restored = await startServer({ dir: site });
    expect(counts(restored.db)).toEqual(expected);
    expect(verifyAuditLog(restored.db)).toMatchObject({ ok: true });
    const c = new Client(restored.url);
    expect((await c.login()).headers.get('location')).toBe('/admin');
    expect((await c.get('/admin/entities')).status).toBe(200);
    await restored.close();
  });
});
