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
