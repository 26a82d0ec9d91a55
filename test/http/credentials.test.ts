// Credentials: a password change ends every other session and rotates the session id; a login with an
// unknown name does the same password work as one with a real name.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ demo: false });
});
afterAll(() => s.close());

describe('changing the password', () => {
  it('ends the account’s other sessions and this session’s old id, and keeps its owner signed in under a new one', async () => {
    const laptop = new Client(s.url);
    const phone = new Client(s.url);
    await laptop.login();
    await phone.login();
    expect((await phone.get('/admin')).status).toBe(200);
    const oldSid = laptop.cookie('ssj.sid')!;
    const res = await laptop.post('/account/password', { _csrf: await laptop.csrf('/account/password'), current: ADMIN_PASSWORD, next: 'a new and longer secret', repeat: 'a new and longer secret' });
    expect(res.status).toBe(303);
    expect(laptop.cookie('ssj.sid')).not.toBe(oldSid);
    expect((await laptop.get('/admin')).status).toBe(200);
    expect((await phone.get('/admin')).headers.get('location')).toBe('/login?next=%2Fadmin');
    const thief = new Client(s.url);
    thief.setCookie('ssj.sid', oldSid);
    expect((await thief.get('/admin')).headers.get('location')).toBe('/login?next=%2Fadmin');
    // Back to the shared password for the rest of the file.
    await laptop.post('/account/password', { _csrf: await laptop.csrf('/account/password'), current: 'a new and longer secret', next: ADMIN_PASSWORD, repeat: ADMIN_PASSWORD });
  });
});

describe('login with an unknown name', () => {
  it('hashes at the same cost as a login with a real name', async () => {
    const costs = async (username: string) => {
      const spy = vi.spyOn(crypto, 'scrypt');
      try {
        const c = new Client(s.url);
        const res = await c.post('/login', { _csrf: await c.csrf('/login'), username, password: 'wrong password here' });
        expect(res.status).toBe(401);
        return spy.mock.calls.map((call) => (call[3] as crypto.ScryptOptions).N);
      } finally {
        spy.mockRestore();
      }
    };
    const real = await costs('admin');
    const unknown = await costs('nobody-by-this-name');
    expect(real).toEqual([2 ** 12]);
    expect(unknown).toEqual(real);
  });
});
