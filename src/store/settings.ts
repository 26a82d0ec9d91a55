// Small key/value settings kept in the database (e.g. the session signing secret, generated once).
import crypto from 'node:crypto';
import type { Db } from './db';

export function getOrCreateSecret(db: Db, key: string): string {
  const row = db.prepare<unknown[], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
  if (row) return row.value;
  const value = crypto.randomBytes(32).toString('base64url');
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
  return db.prepare<unknown[], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)!.value;
}
