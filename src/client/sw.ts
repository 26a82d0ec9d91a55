// The inspectors' offline app, service worker half (built to public/sw.js, served at /sw.js so that
// its scope is the whole site). It keeps the portal's pages, the photos already attached and the
// app's own files on the phone: pages are fetched from the network first and kept; without a
// connection the kept copy is served. Nothing but GET requests of the portal is touched; forms are
// the page's business (src/client/offline.ts keeps them as drafts).
// The worker's own types, declared here: the project's DOM library and TypeScript's webworker library
// cannot be loaded together.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  source: { postMessage(m: unknown): void } | null;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', f: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', f: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', f: (e: ExtendableMessageEvent) => void): void;
}
declare const self: WorkerScope;
export {};

const CACHE = 'ssj-portal-v1';
const SHELL = ['/static/style.css', '/static/offline.js', '/static/app-icon.svg', '/static/app.webmanifest'];
/** How long a page may take on a poor connection before the kept copy is shown instead. */
const NETWORK_WAIT_MS = 6000;

const PORTAL = /^\/(me(\/|$)|attachments\/\d+$|documents\/\d+\/\d+\/(notice|record)\.pdf$)/;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL.map((p) => new URL(p, self.location.origin).href))).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

/** Keeps a response worth keeping: a page that arrived whole, not a redirect to the login page. */
async function keep(url: string, res: Response): Promise<void> {
  if (!res.ok || res.redirected || res.type !== 'basic') return;
  const c = await caches.open(CACHE);
  await c.put(url, res);
}

function offlinePage(): Response {
  const html = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<link rel="stylesheet" href="/static/style.css"><title>离线</title><main id="main"><h1>当前离线</h1>' +
    '<p>这个页面还没有保存到手机上。请联网后打开“我的检查任务”，任务页面会自动保存，之后离线也能打开。</p><p><a href="/me">我的检查任务</a></p></main></html>';
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function networkFirst(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const key = url.origin + url.pathname;
  try {
    const res = await Promise.race([
      fetch(req),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('slow')), NETWORK_WAIT_MS)),
    ]);
    await keep(key, res.clone());
    return res;
  } catch {
    const kept = await caches.match(key);
    if (kept) return kept;
    return req.mode === 'navigate' ? offlinePage() : Response.error();
  }
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (SHELL.includes(url.pathname)) {
    // The kept copy at once; a fresh one fetched behind it for the next time (a new release).
    const fresh = fetch(req).then(async (res) => {
      await keep(url.origin + url.pathname, res.clone());
      return res;
    });
    e.waitUntil(fresh.catch(() => undefined));
    e.respondWith(caches.match(url.origin + url.pathname).then((hit) => hit ?? fresh));
    return;
  }
  if (PORTAL.test(url.pathname) && url.search === '') e.respondWith(networkFirst(req));
});

self.addEventListener('message', (e) => {
  const msg = e.data as { kind: 'keep'; urls: string[] } | { kind: 'forget' };
  if (msg.kind === 'keep') {
    // The assignment pages listed on "my assignments": fetched and kept, so they open offline.
    const done = Promise.all(
      msg.urls.filter((u) => PORTAL.test(new URL(u, self.location.origin).pathname)).map(async (u) => {
        const abs = new URL(u, self.location.origin).href;
        try {
          await keep(abs, await fetch(abs, { credentials: 'same-origin' }));
        } catch {
          // offline or a poor connection: kept the next time
        }
      }),
    ).then(() => e.source?.postMessage({ kind: 'kept', count: msg.urls.length }));
    e.waitUntil(done);
  } else if (msg.kind === 'forget') {
    // Signing out: the kept pages (they hold the entities' contacts) leave the phone.
    e.waitUntil(caches.delete(CACHE).then(() => e.source?.postMessage({ kind: 'forgotten' })));
  }
});
