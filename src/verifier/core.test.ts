import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { H as nodeH } from '../domain/hash';
import { H as browserH, H48 as browserH48 } from './hash-browser.mjs';
import { checkBundleText, checkEntity } from './core';
import { ticket } from '../domain/draw';

const golden = fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'golden', 'market-monthly.json'), 'utf8');

describe('browser verifier core', () => {
  it('hashes exactly as the server does', () => {
    for (const s of ['', 'abc', '见证人：王伟 4817', '😀\uffff\u0000', 'x'.repeat(1000)]) expect(browserH(s)).toBe(nodeH(s));
    for (let i = 0; i < 500; i++) expect(browserH48(`t${i}`)).toBe(parseInt(nodeH(`t${i}`).slice(0, 12), 16));
  });

  it('accepts a golden bundle and refuses a tampered one with the place of the difference', () => {
    expect(checkBundleText(golden).ok).toBe(true);
    const b = JSON.parse(golden);
    b.result.selected[0].entity = b.result.selected[1].entity;
    const r = checkBundleText(JSON.stringify(b));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^验证不通过：抽中名单第1条的统一社会信用代码对不上：结果包写的是 /);
    expect(checkBundleText('{oops')).toEqual({ ok: false, message: '文件不是有效的 JSON，无法读取' });
  });

  it('tells an entity its ticket, its threshold, and whether it was rightly left out', () => {
    const b = JSON.parse(golden);
    const chosen = b.result.selected[0];
    const sel = checkEntity(b, ' ' + chosen.entity.toLowerCase() + ' ');
    expect(sel).toMatchObject({ kind: 'selected', uscc: chosen.entity, ticket: chosen.ticket, inspectors: chosen.inspectors });
    const out = b.inputs.entities.find((e: { id: string }) => !b.result.selected.some((s: { entity: string }) => s.entity === e.id));
    const left = checkEntity(b, out.id);
    expect(left.kind).toBe('left-out');
    if (left.kind === 'left-out') expect(left.ticket > left.threshold).toBe(true);
    expect(checkEntity(b, '91350100M000100Y43').kind).toBe('not-in-draw');
    expect(checkEntity(b, '91350100M000100Y44')).toMatchObject({ kind: 'invalid' });
  });

  it('flags a bundle whose selection contradicts its own threshold', () => {
    const b = JSON.parse(golden);
    const victim = b.result.selected.find((s: { stratum: string }) => s.stratum === 'B');
    b.result.selected = b.result.selected.filter((s: unknown) => s !== victim);
    expect(ticket(b.seed.value, victim.entity) <= b.result.strata.find((s: { key: string }) => s.key === 'B').threshold).toBe(true);
    expect(checkEntity(b, victim.entity).kind).toBe('inconsistent');
  });
});
