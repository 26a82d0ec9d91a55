import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ demo: false });
});
afterAll(() => s.close());

describe('staff login', () => {
  it('sends a visitor without a session to the login page, for every admin page', async () => {
    const c = new Client(s.url);
    for (const p of ['/admin', '/admin/entities', '/admin/inspectors/1', '/admin/items/new', '/admin/entities/import', '/admin/entities/export.csv', '/admin/imports/1']) {
      const res = await c.get(p);
      expect(res.status, p).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=' + encodeURIComponent(p));
    }
  });

  it('refuses a write without a session even with a token it made up', async () => {
    const res = await new Client(s.url).post('/admin/entities/new', { _csrf: 'x', uscc: '91350100M000100Y43', name: '某公司', regState: '存续' });
    expect(res.status).toBe(403);
    const count = s.db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('logs in with the configured admin password and sets a hardened session cookie', async () => {
    const c = new Client(s.url);
    const token = await c.csrf('/login');
    const res = await c.post('/login', { _csrf: token, username: 'admin', password: 'correct horse battery', next: '/admin/entities' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/entities');
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('ssj.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await c.get('/admin');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('检查对象名录库');
  });

  it('stores the password as a salted scrypt hash', () => {
    const row = s.db.prepare("SELECT password_hash AS h FROM users WHERE username = 'admin'").get() as { h: string };
    expect(row.h).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.h).not.toContain('correct horse');
  });

  it('refuses a login form posted without its CSRF token', async () => {
    const c = new Client(s.url);
    await c.get('/login');
    const res = await c.post('/login', { username: 'admin', password: 'correct horse battery' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('CSRF');
  });

  it('does not redirect to another site after login', async () => {
    const c = new Client(s.url);
    const token = await c.csrf('/login');
    const res = await c.post('/login', { _csrf: token, username: 'admin', password: 'correct horse battery', next: '//evil.example/' });
    expect(res.headers.get('location')).toBe('/');
  });

  it('sends security headers', async () => {
    const res = await new Client(s.url).get('/login');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('logs out: the old cookie no longer opens admin pages', async () => {
    const c = new Client(s.url);
    await c.login();
    const token = await c.csrf('/admin');
    expect((await c.post('/logout', { _csrf: token })).status).toBe(303);
    expect((await c.get('/admin')).status).toBe(303);
  });

  it('rate-limits repeated failed logins', async () => {
    // A server of its own: the limit counts every login from this address, the other tests' too.
    const limited = await startServer({ demo: false, env: { SSJ_LOGIN_LIMIT: '5' } });
    try {
      const c = new Client(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const token = await c.csrf('/login');
        statuses.push((await c.post('/login', { _csrf: token, username: 'admin', password: 'wrong' + i })).status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
