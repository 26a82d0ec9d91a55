// Starts the real app on a real SQLite file in a temp folder, listening on a loopback port.
import { appDeps } from '../../src/compose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type Config } from '../../src/config';
import { fixedClock } from '../../src/clock';
import { openDb, type Db } from '../../src/store/db';
import { setupDatabase } from '../../src/store/setup';
import { createLogger } from '../../src/logger';
import { createApp } from '../../src/web/app';
import { bootstrap } from '../../src/services/bootstrap';

export const ADMIN_PASSWORD = 'correct horse battery';

export interface TestServer {
  url: string;
  db: Db;
  config: Config;
  dir: string;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'ssj-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(opts: { demo?: boolean; env?: Record<string, string>; dir?: string } = {}): Promise<TestServer> {
  const dir = opts.dir ?? tempDir();
  const config = loadConfig({
    NODE_ENV: 'test', SSJ_DATA_DIR: dir, SSJ_ADMIN_PASSWORD: ADMIN_PASSWORD, SSJ_DEMO: opts.demo === false ? '0' : '1',
    SSJ_SCRYPT_LOG_N: '12', ...opts.env,
  });
  const clock = fixedClock('2026-11-23T02:00:00Z');
  const db = openDb(config.dbFile);
  setupDatabase(db);
  await bootstrap(db, config, clock);
  const app = createApp(appDeps(db, config, clock, createLogger('silent')));
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, db, config, dir, clock,
    close: async () => {
      await new Promise((ok) => server.close(ok));
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps cookies, does not follow redirects, reads the CSRF token from pages. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  /** The value of a cookie the server set, as the browser would send it. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async fetch(p: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(this.base + p, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }

  /** GETs a page; a form on it with an empty CSRF token (a template scoping slip) fails the test at once. */
  async get(p: string): Promise<Response> {
    const res = await this.fetch(p);
    if ((res.headers.get('content-type') ?? '').includes('text/html')) {
      const html = await res.clone().text();
      if (html.includes('name="_csrf" value=""')) throw new Error(`${p}: a form has an empty CSRF token`);
      if (html.includes('[object Object]')) throw new Error(`${p}: a template printed an object (a field shadowed by a helper?)`);
    }
    return res;
  }

  async csrf(p: string): Promise<string> {
    const html = await (await this.get(p)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${p}`);
    return m[1]!;
  }

  post(p: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.fetch(p, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  upload(p: string, fields: Record<string, string>, file: { name: string; data: Buffer }): Promise<Response> {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', new Blob([new Uint8Array(file.data)]), file.name);
    return this.fetch(p, { method: 'POST', body: fd });
  }

  async login(username = 'admin', password = ADMIN_PASSWORD): Promise<Response> {
    const token = await this.csrf('/login');
    return this.post('/login', { _csrf: token, username, password, next: '/admin' });
  }
}

export const SETTLED_PASSWORD = 'a much better secret';

/**
 * A new account made by `admin` through the accounts page, signed in and past its one-time password
 * (set to SETTLED_PASSWORD): a client ready to use.
 */
export async function newAccount(admin: Client, a: { username: string; role: 'admin' | 'auditor' | 'inspector'; departmentId?: number; certNo?: string }): Promise<Client> {
  const res = await admin.post('/admin/users/new', {
    _csrf: await admin.csrf('/admin/users'), username: a.username, displayName: a.username, role: a.role,
    ...(a.departmentId === undefined ? {} : { departmentId: String(a.departmentId) }), ...(a.certNo === undefined ? {} : { certNo: a.certNo }),
  });
  const html = await res.text();
  const pw = /id="one-time-password">([^<]+)</.exec(html)?.[1];
  if (!pw) throw new Error(`no one-time password for ${a.username}: ${html.slice(0, 300)}`);
  const c = new Client(admin.base);
  await c.login(a.username, pw);
  const r = await c.post('/account/password', { _csrf: await c.csrf('/account/password'), current: pw, next: SETTLED_PASSWORD, repeat: SETTLED_PASSWORD });
  if (r.status !== 303) throw new Error(`${a.username}: the password change was refused`);
  return c;
}
