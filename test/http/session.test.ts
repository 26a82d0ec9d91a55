import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ demo: false });
});
afterAll(() => s.close());

describe('session lifetime', () => {
  it('ends a session after 8 idle hours and keeps it while in use', async () => {
    const c = new Client(s.url);
    await c.login();
    s.clock.advance(7 * 3600000);
    expect((await c.get('/admin')).status).toBe(200);
    s.clock.advance(7 * 3600000);
    expect((await c.get('/admin')).status).toBe(200);
    s.clock.advance(9 * 3600000);
    expect((await c.get('/admin')).headers.get('location')).toBe('/login?next=%2Fadmin');
  });
});

describe('session writes', () => {
  it('does not write the session on every request, only when its expiry moves by more than 5 minutes', async () => {
    const c = new Client(s.url);
    await c.login();
    await c.get('/admin'); // the first page after login stores the new session's CSRF token
    const expiry = () => (s.db.prepare('SELECT max(expires_at) AS e FROM sessions').get() as { e: number }).e;
    const before = expiry();
    s.clock.advance(60000);
    await c.get('/admin');
    expect(expiry()).toBe(before);
    s.clock.advance(6 * 60000);
    await c.get('/admin');
    expect(expiry()).toBe(before + 7 * 60000);
  });
});
