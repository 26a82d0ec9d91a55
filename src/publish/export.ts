// Static export of the public site: the live public pages, crawled from the real app and written as
// files with relative links (the same HTML people see online), plus bundles, the verifier page,
// CSV/XLSX/JSON downloads of every notice, and an Atom feed of notices.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { AppDeps } from '../web/deps';
import { createApp } from '../web/app';
import { projectRoot } from '../root';
import { chinaDate } from '../domain/dates';
import { bundleIsPublic, publicEntityName } from '../domain/privacy';
import { writeCsv, writeXlsx } from '../import/tabular-writer';
import { atomXml, type AtomEntry } from './atom';

/** Where a public URL lives in the export ('' = not exported: dynamic pages such as search). */
export function fileFor(url: string): string {
  const p = url.split('?')[0]!.replace(/^\/public\/?/, '');
  if (url.includes('?') || p.startsWith('search') || p.startsWith('check')) return '';
  if (p === '') return 'index.html';
  if (p.endsWith('.json') || p.endsWith('.csv') || p.endsWith('.pdf')) return p;
  return p + '.html';
}

function relative(fromFile: string, toFile: string): string {
  const r = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return r === '' ? path.posix.basename(toFile) : r;
}

/** Links to exported pages become relative; links to dynamic pages point to the verifier instead. */
export function rewrite(html: string, file: string): string {
  return html.replace(/(href|src)="(\/(?:public|static)[^"]*)"/g, (_m, attr: string, url: string) => {
    const decoded = url.replace(/&amp;/g, '&');
    if (decoded.startsWith('/static/')) return `${attr}="${relative(file, decoded.slice(1))}"`;
    const target = fileFor(decoded);
    return `${attr}="${relative(file, target || 'static/verifier/index.html')}"`;
  });
}

export interface ExportReport {
  pages: number;
  files: number;
}

export async function exportSite(deps: AppDeps, outDir: string, baseUrl: string): Promise<ExportReport> {
  fs.mkdirSync(outDir, { recursive: true });
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let files = 0;
  const write = (rel: string, data: string | Buffer) => {
    const full = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, data);
    files++;
  };
  const seen = new Set<string>();
  try {
    const queue = ['/public'];
    while (queue.length) {
      const url = queue.shift()!;
      const file = fileFor(url);
      if (!file || seen.has(file)) continue;
      seen.add(file);
      const res = await fetch(origin + url);
      if (res.status !== 200) continue; // e.g. a held-back bundle: not published yet
      if (file.endsWith('.pdf')) {
        write(file, Buffer.from(await res.arrayBuffer()));
        continue;
      }
      const body = await res.text();
      if (file.endsWith('.json') || file.endsWith('.csv')) write(file, body);
      else {
        write(file, rewrite(body, file));
        for (const m of body.matchAll(/href="(\/public[^"#]*)"/g)) queue.push(m[1]!.replace(/&amp;/g, '&'));
      }
    }
  } finally {
    await new Promise((ok) => server.close(ok));
  }
  // Stylesheet and the verifier page (its script is built by `npm run build`).
  const pub = path.join(projectRoot(), 'public');
  for (const rel of ['style.css', 'verifier/index.html', 'verifier/verifier.css', 'verifier/verifier.js']) {
    const src = path.join(pub, rel);
    if (fs.existsSync(src)) write(path.join('static', rel), fs.readFileSync(src));
  }
  files += await downloads(deps, outDir, seen);
  write('feed.atom', atom(deps, baseUrl, seen));
  return { pages: [...seen].filter((f) => f.endsWith('.html')).length, files };
}

/** CSV, XLSX and JSON of each published drawn list, and of the result notices. */
async function downloads(deps: AppDeps, outDir: string, exported: Set<string>): Promise<number> {
  let n = 0;
  const mask = deps.config.maskIndividualNames;
  const save = async (base: string, headers: string[], rows: string[][]) => {
    const dir = path.join(outDir, path.dirname(base));
    fs.mkdirSync(dir, { recursive: true });
    await writeCsv(fs.createWriteStream(path.join(outDir, base + '.csv')), headers, rows);
    await writeXlsx(fs.createWriteStream(path.join(outDir, base + '.xlsx')), '公告', headers, rows);
    fs.writeFileSync(path.join(outDir, base + '.json'), JSON.stringify(rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))), null, 1));
    n += 3;
  };
  for (const t of deps.services.publicTasks()) {
    for (const d of deps.services.drawsOfTask(t.id)) {
      if (!deps.services.listReleased(t, d, chinaDate(deps.clock.now()))) continue; // held back until the inspections end
      const order = bundleIsPublic(t.strataMode, deps.config.publishCreditStrata) ? 'draw' : 'uscc';
      const rows = deps.services.publicSelections(d.id, order).map((x, i) => [String(i + 1), x.uscc, publicEntityName(x.name, x.uscc, x.entityType, mask), x.ticket, t.number]);
      await save(`downloads/draw-${d.id}`, ['序号', '统一社会信用代码', '名称', '摇号号码', '任务编号'], rows);
    }
  }
  const results = deps.services.publishedResults(100000).map((r) => [r.department, publicEntityName(r.name, r.uscc, r.entityType, mask), r.uscc, r.item, r.inspectedOn, r.category, r.followUp === '无' ? '' : r.followUp, r.taskNumber]);
  await save('downloads/results', ['检查实施机关', '检查对象', '统一社会信用代码', '抽查事项', '检查日期', '检查结果', '备注', '任务编号'], results);
  return n;
}

function atom(deps: AppDeps, baseUrl: string, exported: Set<string>): string {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const entries: AtomEntry[] = [];
  for (const t of deps.services.publicTasks()) {
    const file = `tasks/${t.id}.html`;
    if (!exported.has(file)) continue;
    const d = deps.services.drawsOfTask(t.id)[0];
    entries.push({ title: `${t.number} ${t.title}`, id: base + file, link: base + file, updated: new Date(d?.drawnAt ?? deps.clock.now()), summary: `${t.department}：${t.status}` });
  }
  return atomXml({ title: '双随机、一公开 · 抽查公告', id: base, link: base, selfLink: base + 'feed.atom', updated: deps.clock.now(), entries });
}
