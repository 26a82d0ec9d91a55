// express-session store on the sessions table: sessions survive restarts and are shared by processes.
import session from 'express-session';
import type { Db } from './db';
import type { Clock } from '../clock';

export class SqliteSessionStore extends session.Store {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly ttlMs: number) {
    super();
  }

  /** Expiry by the injected clock, the same one get() compares with (not the cookie's real-time date). */
  private expiry(_s: session.SessionData): number {
    return this.clock.now().getTime() + this.ttlMs;
  }

  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    try {
      const row = this.db.prepare('SELECT data, expires_at AS expiresAt FROM sessions WHERE sid = ?').get(sid) as
        | { data: string; expiresAt: number }
        | undefined;
      if (!row || row.expiresAt <= this.clock.now().getTime()) return cb(null, null);
      cb(null, JSON.parse(row.data) as session.SessionData);
    } catch (e) {
      cb(e);
    }
  }

  override set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.db
        .prepare('INSERT INTO sessions (sid, expires_at, data) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data')
        .run(sid, this.expiry(s), JSON.stringify(s));
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  override touch(sid: string, s: session.SessionData, cb?: () => void): void {
    this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(this.expiry(s), sid);
    cb?.();
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  /** Removes expired sessions; called at start and by a job. */
  prune(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.clock.now().getTime()).changes;
  }
}
