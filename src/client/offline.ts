// The inspectors' offline app, page half (built to public/offline.js; the service worker is
// src/client/sw.ts). On a poor connection nothing typed or photographed is lost: a result or a photo
// that cannot be sent is kept on the phone (IndexedDB) as a draft and sent when the connection
// returns. A draft the server refuses because the result changed meanwhile (a conflict) is shown with
// the reason and kept until the inspector decides; it is never sent over the newer result.
import { suggestedCategory, type PointAnswer } from '../domain/checklist';

type Field = [string, string | File];
interface Draft {
  id?: number;
  kind: 'result' | 'file';
  url: string;
  /** The assignment page the draft was made on. */
  page: string;
  label: string;
  fields: Field[];
  savedAt: string;
  state: 'waiting' | 'conflict' | 'refused';
  message: string;
}

const DB_NAME = 'ssj-offline';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function store<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = op(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(req.result);
    };
    t.onerror = () => reject(t.error);
  });
}

const allDrafts = () => store<Draft[]>('readonly', (s) => s.getAll() as IDBRequest<Draft[]>);
const putDraft = (d: Draft) => store('readwrite', (s) => s.put(d));
const dropDraft = (id: number) => store('readwrite', (s) => s.delete(id));

const $ = <T extends Element>(sel: string, root: ParentNode = document) => root.querySelector<T>(sel);
const csrf = () => $<HTMLInputElement>('input[name=_csrf]')?.value ?? '';
const beijing = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function fieldsOf(form: HTMLFormElement): Field[] {
  const out: Field[] = [];
  new FormData(form).forEach((v, k) => out.push([k, v]));
  return out;
}

/**
 * The body of a draft as its form would send it: multipart with a file, urlencoded without. The form
 * token is the page's: a draft kept over a new sign-in carries an old one.
 */
function bodyOf(fields: Field[]): FormData | URLSearchParams {
  const fresh = fields.map(([k, v]): Field => [k, k === '_csrf' ? csrf() || String(v) : v]);
  if (!fresh.some(([, v]) => v instanceof File)) return new URLSearchParams(fresh.map(([k, v]) => [k, String(v)]));
  const fd = new FormData();
  for (const [k, v] of fresh) {
    if (v instanceof File) fd.append(k, v, v.name);
    else fd.append(k, v);
  }
  return fd;
}

type Outcome = { kind: 'sent'; message: string } | { kind: 'offline' } | { kind: 'login' } | { kind: 'refused'; message: string; conflict: boolean };

async function send(d: Draft): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(d.url, { method: 'POST', body: bodyOf(d.fields), headers: { 'x-offline-sync': '1' }, credentials: 'same-origin' });
  } catch {
    return { kind: 'offline' };
  }
  if (res.redirected && new URL(res.url).pathname === '/login') return { kind: 'login' };
  if (!(res.headers.get('content-type') ?? '').includes('application/json')) {
    // A page instead of an answer: the session ended (its form token with it), or the server is unwell.
    return res.status === 403 ? { kind: 'login' } : res.status >= 500 || res.status === 0 ? { kind: 'offline' } : { kind: 'refused', message: `服务器返回 ${res.status}`, conflict: false };
  }
  const j = (await res.json()) as { ok: boolean; conflict: boolean; message: string };
  return j.ok ? { kind: 'sent', message: j.message } : { kind: 'refused', message: j.message, conflict: j.conflict };
}

// ---- what the page shows ----

function banner(): HTMLElement {
  let b = $<HTMLElement>('#offline-state');
  if (!b) {
    b = document.createElement('p');
    b.id = 'offline-state';
    b.setAttribute('role', 'status');
    $('main')?.prepend(b);
  }
  return b;
}

function showConnection(): void {
  const b = banner();
  b.className = navigator.onLine ? 'flash ok' : 'flash error';
  b.textContent = navigator.onLine ? '' : '当前离线：可以照常填写检查要点、结果和拍照，内容保存在手机上，联网后自动提交。';
  b.hidden = navigator.onLine && !b.dataset.note;
  if (navigator.onLine && b.dataset.note) b.textContent = b.dataset.note;
}

function note(text: string): void {
  const b = banner();
  b.dataset.note = text;
  b.hidden = false;
  b.className = 'flash ok';
  b.textContent = text;
}

const STATE_TEXT: Record<Draft['state'], string> = { waiting: '保存在手机上，联网后自动提交', conflict: '冲突，未提交', refused: '未能提交' };

async function renderDrafts(): Promise<void> {
  const onMe = location.pathname === '/me';
  const drafts = (await allDrafts()).filter((d) => onMe || d.page === location.pathname);
  let box = $<HTMLElement>('#offline-drafts');
  if (!drafts.length) {
    box?.remove();
    return;
  }
  if (!box) {
    box = document.createElement('section');
    box.id = 'offline-drafts';
    box.className = 'card';
    banner().after(box);
  }
  box.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = `手机上的草稿（${drafts.length}）`;
  box.append(h);
  const ul = document.createElement('ul');
  for (const d of drafts) {
    const li = document.createElement('li');
    li.className = `draft draft-${d.state}`;
    const title = document.createElement('p');
    const strong = document.createElement('strong');
    strong.textContent = d.label;
    title.append(strong, ` · ${beijing(d.savedAt)} 保存 · ${STATE_TEXT[d.state]}`);
    li.append(title);
    if (d.message) {
      const m = document.createElement('p');
      m.className = d.state === 'conflict' ? 'flash error conflict' : 'flash error';
      m.setAttribute('role', 'alert');
      m.textContent = d.message;
      li.append(m);
    }
    const file = d.fields.find(([, v]) => v instanceof File)?.[1];
    if (file instanceof File && file.type.startsWith('image/')) {
      const img = document.createElement('img');
      img.src = URL.createObjectURL(file);
      img.width = 96;
      img.alt = file.name;
      li.append(img);
    }
    const actions = document.createElement('p');
    actions.className = 'actions';
    // Loaded into its form where the result can still be changed (not while it waits for review).
    const target = [...document.querySelectorAll<HTMLFormElement>('form[data-offline="result"]')].find((f) => f.action === d.url);
    if (d.kind === 'result' && d.state !== 'waiting' && !onMe && !target) {
      const m = document.createElement('p');
      m.className = 'muted';
      m.textContent = '这个事项的结果现在不能修改（等待审核或已通过），草稿暂时无法载入；结果被退回后可以载入。';
      li.append(m);
    }
    if (d.kind === 'result' && d.state !== 'waiting' && target) {
      const form = target;
      const load = document.createElement('button');
      load.type = 'button';
      load.textContent = '载入表单，核对后重新提交';
      load.addEventListener('click', async () => {
        restore(form, d.fields);
        await dropDraft(d.id!);
        await renderDrafts();
        form.scrollIntoView();
      });
      actions.append(load);
    }
    if (onMe) {
      const a = document.createElement('a');
      a.href = d.page;
      a.textContent = '打开检查任务';
      actions.append(a);
    }
    const drop = document.createElement('button');
    drop.type = 'button';
    drop.textContent = '放弃这份草稿';
    drop.addEventListener('click', async () => {
      if (!confirm('放弃后这份草稿将从手机上删除，确定吗？')) return;
      await dropDraft(d.id!);
      await renderDrafts();
    });
    actions.append(drop);
    li.append(actions);
    ul.append(li);
  }
  box.append(ul);
}

/** Puts a draft's values back into its form (its form token and the version it saw stay the page's). */
function restore(form: HTMLFormElement, fields: Field[]): void {
  for (const [k, v] of fields) {
    if (k === '_csrf' || k === 'seen' || v instanceof File) continue;
    const els = form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${CSS.escape(k)}"]`);
    els.forEach((el) => {
      if (el instanceof HTMLInputElement && el.type === 'radio') el.checked = el.value === v;
      else el.value = v;
    });
  }
}

// ---- sending ----

let flushing = false;

/** Sends the drafts waiting on the phone, photos first (the reviewer then sees them with the result). */
async function flush(): Promise<void> {
  if (flushing || !navigator.onLine) return;
  flushing = true;
  try {
    const waiting = (await allDrafts()).filter((d) => d.state === 'waiting').sort((a, b) => (a.kind === b.kind ? a.id! - b.id! : a.kind === 'file' ? -1 : 1));
    let sent = 0;
    let refused = 0;
    for (const d of waiting) {
      const out = await send(d);
      if (out.kind === 'offline') break;
      if (out.kind === 'login') {
        note('登录已过期：请重新登录，手机上的草稿会在登录后自动提交。');
        break;
      }
      if (out.kind === 'sent') {
        await dropDraft(d.id!);
        sent++;
      } else {
        refused++;
        await putDraft({ ...d, state: out.conflict ? 'conflict' : 'refused', message: out.message });
      }
    }
    const parts = [sent ? `已提交手机上保存的 ${sent} 项内容。刷新页面可查看最新状态。` : '', refused ? `${refused} 份草稿未能提交（见下方说明），仍保存在手机上。` : ''].filter(Boolean);
    if (parts.length) note(parts.join(''));
  } finally {
    flushing = false;
    await renderDrafts();
  }
}

function label(form: HTMLFormElement, d: Pick<Draft, 'kind' | 'fields'>): string {
  const section = form.closest('section');
  const item = section?.querySelector('h2')?.textContent?.trim() ?? '';
  const entity = $('h1')?.textContent?.trim() ?? '';
  if (d.kind === 'file') {
    const f = d.fields.find(([, v]) => v instanceof File)?.[1] as File | undefined;
    return `${entity} · ${item} · 材料 ${f?.name ?? ''}`;
  }
  return `${entity} · ${item} · 检查结果`;
}

function watchForm(form: HTMLFormElement): void {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const kind = form.dataset.offline as Draft['kind'];
    const fields = fieldsOf(form);
    const d: Draft = { kind, url: form.action, page: location.pathname, label: '', fields, savedAt: new Date().toISOString(), state: 'waiting', message: '' };
    d.label = label(form, d);
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    try {
      const out = navigator.onLine ? await send(d) : ({ kind: 'offline' } as const);
      if (out.kind === 'sent') {
        sessionStorage.setItem('ssj-note', out.message);
        location.reload();
        return;
      }
      if (out.kind === 'refused') {
        // Nothing stored, nothing lost: the form keeps what was typed, the reason is shown beside it.
        let m = form.querySelector<HTMLElement>('.form-error');
        if (!m) {
          m = document.createElement('p');
          m.className = 'flash error form-error';
          m.setAttribute('role', 'alert');
          form.prepend(m);
        }
        m.textContent = out.message;
        return;
      }
      await putDraft(d);
      if (kind === 'file') form.reset();
      note(out.kind === 'login' ? '登录已过期：内容已保存在手机上，请重新登录后自动提交。' : '已保存在手机上（当前无法连接服务器），联网后自动提交。');
      await renderDrafts();
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/** The checklist's answers suggest the category; the inspector's choice stands. */
function suggestFromChecklist(form: HTMLFormElement): void {
  const radios = form.querySelectorAll<HTMLInputElement>('input[type=radio][name^="cp_"]');
  if (!radios.length) return;
  const select = form.querySelector<HTMLSelectElement>('select[name=category]');
  const hint = document.createElement('p');
  hint.className = 'muted suggestion';
  select?.after(hint);
  // The category follows the suggestion until the inspector chooses one of their own.
  let suggested = '';
  const update = () => {
    const answers = [...form.querySelectorAll<HTMLInputElement>('input[type=radio][name^="cp_"]:checked')].map((r) => ({ point: '', answer: r.value, note: '' }) as PointAnswer);
    if (!answers.length || !select) return;
    const s = suggestedCategory(answers);
    hint.textContent = `根据检查要点，建议检查结果为：${s}`;
    if (select.value === '' || select.value === suggested) select.value = s;
    suggested = s;
  };
  radios.forEach((r) => r.addEventListener('change', update));
  update();
}

function keepAssignments(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (location.pathname !== '/me') return;
  const urls = [location.pathname, ...[...document.querySelectorAll<HTMLAnchorElement>('a[href^="/me/assignments/"]')].map((a) => a.getAttribute('href')!)];
  navigator.serviceWorker.onmessage = (e: MessageEvent<{ kind: string; count?: number }>) => {
    if (e.data.kind === 'kept') {
      const p = $<HTMLElement>('#offline-ready');
      if (p) {
        p.hidden = false;
        p.textContent = `已保存 ${urls.length - 1} 项检查任务到手机，离线时也能打开、填写和拍照。`;
      }
    }
  };
  void navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ kind: 'keep', urls }));
}

function forgetOnSignOut(): void {
  const form = $<HTMLFormElement>('form.logout');
  form?.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const left = (await allDrafts()).length;
    if (left && !confirm(`手机上还有 ${left} 份草稿未提交。退出后草稿仍保存在这台手机上，下次登录后提交。确定退出吗？`)) return;
    const reg = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
    reg?.active?.postMessage({ kind: 'forget' });
    await new Promise((r) => setTimeout(r, 300));
    form.submit();
  });
}

function start(): void {
  const kept = sessionStorage.getItem('ssj-note');
  if (kept) {
    sessionStorage.removeItem('ssj-note');
    note(kept);
  }
  // A page shown from the phone's copy: the messages it carried are old.
  if (!navigator.onLine) document.querySelectorAll<HTMLElement>('main > p.flash:not(#offline-state)').forEach((p) => (p.hidden = true));
  showConnection();
  document.querySelectorAll<HTMLFormElement>('form[data-offline]').forEach((f) => {
    watchForm(f);
    if (f.dataset.offline === 'result') suggestFromChecklist(f);
  });
  keepAssignments();
  forgetOnSignOut();
  window.addEventListener('online', () => {
    showConnection();
    void flush();
  });
  window.addEventListener('offline', showConnection);
  void renderDrafts().then(flush);
}

start();
