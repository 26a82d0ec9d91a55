// The static verifier page (public/verifier/index.html): runs in the browser, opened from disk or a website.
import { checkBundleText, checkEntity, isV2, type AnyBundle } from './core';
import { beaconText } from '../domain/draw-v2';
import { canonicalHash, type Bundle } from '../domain/bundle';
import type { DrawRecord } from '../domain/draw-v2';
import { chinaDateTime } from '../domain/dates';
import { readFromBuffer } from '../domain/compact-inputs';
import { verifyRecordAt, type StreamVerification } from './record-pieces';
import { v2ProblemText } from './core';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function text(el: HTMLElement, s: string, cls?: string): void {
  el.textContent = s;
  el.className = cls ?? '';
}

const LINK_NOTE = '（单独一个文件无法核对这条链接：请用登记簿或上一条记录核对，命令行：npm run register:verify）';

function summary(b: AnyBundle): string {
  const hash = canonicalHash(b);
  if (isV2(b)) {
    const c = b.commitment;
    const lines = [
      `协议：ssj-draw/2（${b.kind === 'draw' ? '抽取记录' : '抽取失败记录'}）`,
      `任务：${c.task.number} ${c.task.title}`,
      `实施机关：${c.department}`,
      `承诺时间：${chinaDateTime(c.committedAt)}`,
      `承诺值（事先公布）：${c.commitment}`,
      `随机信标（承诺时指定）：${beaconText(c.beacon)}`,
      `信标值：${b.reveal.beacon.value}`,
      `现场见证值：${b.reveal.entropy === '' ? '（无）' : b.reveal.entropy}`,
      `抽取时间：${chinaDateTime(b.reveal.drawnAt)}（揭示期限 ${chinaDateTime(c.revealBy)}）`,
      `种子：${b.reveal.seed}`,
      `名录户数：${b.inputs.entities.length}`,
      ...(b.kind === 'draw'
        ? [`抽取户数：${b.result.selected.length}`, ...b.result.strata.map((s) => `  第“${s.key}”层：${s.eligible} 户中抽取 ${s.selected} 户，门槛号码 ${s.threshold || '（无）'}`)]
        : [`无法配齐检查组：${b.error.entity} 的第 ${b.error.slot + 1} 个名额（${b.error.message}）`]),
      `本记录哈希：${hash}`,
      `上一条记录的哈希（previous）：${b.previous || '（无）'}${LINK_NOTE}`,
    ];
    return lines.join('\n');
  }
  const lines = [
    `协议：ssj-draw/1`,
    `任务编号：${b.task.id}`,
    `任务名称：${b.task.title}`,
    `实施机关：${b.task.department}`,
    `承诺时间：${chinaDateTime(b.seed.committedAt)}`,
    `抽取时间：${chinaDateTime(b.task.drawnAt)}`,
    `承诺值（事先公布）：${b.seed.commitment}`,
    `现场输入（见证值）：${b.seed.entropy === '' ? '（无）' : b.seed.entropy}`,
    `种子：${b.seed.value}`,
    `名录户数：${b.inputs.entities.length}，抽取户数：${b.result.selected.length}`,
    ...b.result.strata.map((s) => `  第“${s.key}”层：${s.eligible} 户中抽取 ${s.selected} 户，门槛号码 ${s.threshold || '（无）'}`),
    `结果包哈希：${hash}`,
    `上一个结果包的哈希（previous）：${b.previous || '（无）'}${LINK_NOTE}`,
  ];
  return lines.join('\n');
}

/**
 * Records from this size on are checked in pieces (src/verifier/record-pieces.ts, as `npm run verify`
 * does): held as bytes, never as one string or a million objects. Above the largest, the command line.
 */
const IN_PIECES_FROM = 64 * 1048576;
const MAX_PAGE_BYTES = 1536 * 1048576;

/** The answer of a record checked in pieces: its verdict, and what its header says. */
function piecesAnswer(v: StreamVerification): { ok: boolean; message: string; details: string } {
  if (!v.ok) {
    return {
      ok: false, details: '',
      message: v.canonical ? `验证不通过：${v2ProblemText(v.difference)}` : '文件较大，需要按服务器写出的格式（规范 JSON）逐段核对，而这个文件不是这种格式；请用命令行 npm run verify 核对。',
    };
  }
  const r = v.record;
  const details = [
    `抽取规程：ssj-draw/2（${v.kind === 'draw' ? '抽取结果' : '抽取失败记录'}，逐段核对）`,
    `任务：${r.commitment.task.number} ${r.commitment.task.title}`,
    `随机信标：${beaconText(r.commitment.beacon)}`,
    `抽取时间：${chinaDateTime(r.reveal.drawnAt)}`,
    `检查对象 ${v.eligible.toLocaleString('en')} 户${v.kind === 'draw' ? `，抽中 ${v.selected.toLocaleString('en')} 户` : ''}`,
    `记录哈希：${v.hash}`,
    `上一条记录：${r.previous || '（无）'}${LINK_NOTE}`,
  ].join('\n');
  return { ok: true, details, message: '验证通过：承诺值、随机信标、时间、种子、输入与全部抽取结果均可重新算出，与文件一致。' };
}

let current: AnyBundle | null = null;
/** Counts the files chosen: the answer for a file chosen earlier never overwrites a later one's. */
let generation = 0;

function onFile(file: File): void {
  const mine = ++generation;
  // Nothing of the previous bundle stays on the page: its summary, and the answer of its entity check.
  current = null;
  text($('result'), '正在验证……', 'pending');
  text($('details'), '');
  text($('entity-result'), '');
  $('entity-form').hidden = true;
  // A record too large for a page to hold (a directory of millions): the command line reads it in pieces.
  const limit = Number(document.body.dataset.maxBytes ?? MAX_PAGE_BYTES);
  if (file.size > limit) {
    const mb = (n: number) => Math.ceil(n / 1048576).toLocaleString('en');
    text($('result'), `文件有 ${mb(file.size)} MB，超过本页面能在浏览器中核对的大小（${mb(limit)} MB）。请在电脑上用命令行逐段核对：npm run verify -- ${file.name}（核对的内容与本页面相同）。`, 'bad');
    return;
  }
  // A large record: checked in pieces from its bytes (the entity check needs the whole record: not offered).
  if (file.size >= Number(document.body.dataset.inPiecesFrom ?? IN_PIECES_FROM)) {
    file.arrayBuffer().then((bytes) => {
      setTimeout(() => {
        if (mine !== generation) return;
        const a = piecesAnswer(verifyRecordAt(readFromBuffer(new Uint8Array(bytes))));
        text($('result'), a.message, a.ok ? 'ok' : 'bad');
        text($('details'), a.details);
      }, 20);
    }, () => text($('result'), '无法读取所选文件', 'bad'));
    return;
  }
  file.text().then((content) => {
    // Let the page paint "正在验证" before the synchronous work of a large bundle.
    setTimeout(() => {
      if (mine !== generation) return;
      const r = checkBundleText(content);
      current = r.bundle ?? null;
      text($('result'), r.ok ? '验证通过：承诺值、随机信标、时间、种子、输入与全部抽取结果均可重新算出，与文件一致。' : r.message, r.ok ? 'ok' : 'bad');
      text($('details'), current ? summary(current) : '');
      // A failure record has no drawn list to look an entity up in.
      $('entity-form').hidden = !current || (isV2(current) && current.kind === 'failure');
    }, 20);
  }, () => text($('result'), '无法读取所选文件', 'bad'));
}

document.addEventListener('DOMContentLoaded', () => {
  const input = $<HTMLInputElement>('bundle-file');
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) onFile(f);
  });
  $<HTMLFormElement>('entity-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!current) return;
    if (isV2(current) && current.kind !== 'draw') return;
    const r = checkEntity(current as Bundle | DrawRecord, $<HTMLInputElement>('uscc').value);
    const out = $('entity-result');
    if (r.kind === 'invalid' || r.kind === 'not-in-draw') return text(out, r.message, 'bad');
    text(out, `${r.message}\n本企业号码：${r.ticket}\n该层门槛号码：${r.threshold || '（无）'}`, r.kind === 'inconsistent' ? 'bad' : 'ok');
  });
});
