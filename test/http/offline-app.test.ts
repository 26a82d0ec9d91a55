// The offline app is installable: the inspectors' pages link its manifest and script, the manifest
// starts at their assignments with icons that exist, and the service worker is served at the root
// with the header that lets it control the whole site. Staff and public pages load none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
let admin: Client;
let insp: Client;

beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
  const cert = s.db.prepare<[], string>("SELECT cert_no FROM inspectors WHERE status = '在岗' LIMIT 1").pluck().get()!;
  insp = await newAccount(admin, { username: 'insp.app', role: 'inspector', certNo: cert });
});
afterAll(() => s.close());

describe('the offline app', () => {
  it('is linked from the inspectors’ pages only', async () => {
    const mine = await (await insp.get('/me')).text();
    expect(mine).toContain('<link rel="manifest" href="/static/app.webmanifest">');
    expect(mine).toContain('<script src="/static/offline.js" defer></script>');
    expect(await (await admin.get('/admin')).text()).not.toContain('offline.js');
    expect(await (await new Client(s.url).get('/public')).text()).not.toContain('offline.js');
  });

  it('has a manifest that starts at the assignments, with icons that exist', async () => {
    const m = (await (await insp.get('/static/app.webmanifest')).json()) as { start_url: string; display: string; icons: { src: string; type: string; sizes: string }[] };
    expect(m).toMatchObject({ start_url: '/me', display: 'standalone' });
    for (const icon of m.icons) {
      const res = await insp.get(icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('content-type'), icon.src).toContain(icon.type);
    }
    expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('serves its service worker at the root, never cached stale, allowed to control the site', async () => {
    const res = await new Client(s.url).get('/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('ssj-portal-v1');
  });
});
