// The static verifier page (public/verifier/index.html): runs in the browser, opened from disk or a website.
import { checkBundleText, checkEntity } from './core';
import type { Bundle } from '../domain/bundle';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function text(el: HTMLElement, s: string, cls?: string): void {
  el.textContent = s;
  el.className = cls ?? '';
}

function summary(b: Bundle): string {
  const lines = [
    `任务编号：${b.task.id}`,
    `任务名称：${b.task.title}`,
    `实施机关：${b.task.department}`,
    `抽取时间：${b.task.drawnAt}`,
    `承诺值（事先公布）：${b.seed.commitment}`,
    `现场输入（见证值）：${b.seed.entropy === '' ? '（无，定时抽取）' : b.seed.entropy}`,
    `种子：${b.seed.value}`,
    `名录户数：${b.inputs.entities.length}，抽取户数：${b.result.selected.length}`,
    ...b.result.strata.map((s) => `  第“${s.key}”层：${s.eligible} 户中抽取 ${s.selected} 户，门槛号码 ${s.threshold || '（无）'}`),
  ];
  return lines.join('\n');
}

let current: Bundle | null = null;
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
  file.text().then((content) => {
    // Let the page paint "正在验证" before the synchronous work of a large bundle.
    setTimeout(() => {
      if (mine !== generation) return;
      const r = checkBundleText(content);
      current = r.bundle ?? null;
      text($('result'), r.ok ? '验证通过：承诺值、种子、输入与全部抽取结果均可重新算出，与结果包一致。' : r.message, r.ok ? 'ok' : 'bad');
      text($('details'), current ? summary(current) : '');
      $('entity-form').hidden = !current;
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
    const r = checkEntity(current, $<HTMLInputElement>('uscc').value);
    const out = $('entity-result');
    if (r.kind === 'invalid' || r.kind === 'not-in-draw') return text(out, r.message, 'bad');
    text(out, `${r.message}\n本企业号码：${r.ticket}\n该层门槛号码：${r.threshold || '（无）'}`, r.kind === 'inconsistent' ? 'bad' : 'ok');
  });
});
