// express-session store on the sessions table: sessions survive restarts and are shared by processes.
import session from 'express-session';
import type { Db } from './db';
import type { Clock } from '../clock';

const TOUCH_SLACK_MS = 5 * 60 * 1000;
/** How long a session write keeps retrying while another connection (a draw, an import) holds the write lock. */
const BUSY_RETRY_MS = 60 * 1000;

/**
 * Runs a write; while the database is locked by another connection it retries later instead of
 * waiting on this thread (the store's connection has no busy timeout), so that a draw or an import
 * holding the write lock never stops the server answering. Calls back once the write is done.
 */
function writeSoon(write: () => void, cb: ((err?: unknown) => void) | undefined, started = Date.now()): void {
  try {
    write();
    cb?.();
  } catch (e) {
    const busy = (e as { code?: string }).code === 'SQLITE_BUSY';
    if (busy && Date.now() - started < BUSY_RETRY_MS) setTimeout(() => writeSoon(write, cb, started), 20);
    else cb?.(e);
  }
}

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
      const row = this.db.prepare<unknown[], { data: string; expiresAt: number }>('SELECT data, expires_at AS expiresAt FROM sessions WHERE sid = ?').get(sid);
      if (!row || row.expiresAt <= this.clock.now().getTime()) return cb(null, null);
      cb(null, JSON.parse(row.data) as session.SessionData);
    } catch (e) {
      cb(e);
    }
  }

  override set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = this.expiry(s);
    const data = JSON.stringify(s);
    writeSoon(
      () => this.db.prepare('INSERT INTO sessions (sid, expires_at, data) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data').run(sid, expires, data),
      cb,
    );
  }

  /**
   * Rolling expiry without a write per request: the stored expiry moves only when it is more than
   * TOUCH_SLACK_MS behind. Reads never wait for a writer (WAL), so browsing stays quick while an
   * import holds the write lock.
   */
  override touch(sid: string, s: session.SessionData, cb?: () => void): void {
    const next = this.expiry(s);
    const row = this.db.prepare<unknown[], { e: number }>('SELECT expires_at AS e FROM sessions WHERE sid = ?').get(sid);
    if (row && next - row.e > TOUCH_SLACK_MS) writeSoon(() => this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(next, sid), () => cb?.());
    else cb?.();
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    writeSoon(() => this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid), cb);
  }

  /** Removes expired sessions; called at start and by a job. */
  prune(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.clock.now().getTime()).changes;
  }
}
