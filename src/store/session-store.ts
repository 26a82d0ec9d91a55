// express-session store on the sessions table: sessions survive restarts and are shared by processes.
import session from 'express-session';
import type { Db } from './db';
import type { Clock } from '../clock';

const TOUCH_SLACK_MS = 5 * 60 * 1000;

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

  /**
   * Rolling expiry without a write per request: the stored expiry moves only when it is more than
   * TOUCH_SLACK_MS behind. Reads never wait for a writer (WAL), so browsing stays quick while an
   * import holds the write lock.
   */
  override touch(sid: string, s: session.SessionData, cb?: () => void): void {
    const next = this.expiry(s);
    const row = this.db.prepare('SELECT expires_at AS e FROM sessions WHERE sid = ?').get(sid) as { e: number } | undefined;
    if (row && next - row.e > TOUCH_SLACK_MS) this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(next, sid);
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
