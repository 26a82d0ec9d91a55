// An Atom feed (RFC 4287) of public notices. Titles and summaries are staff-entered text, so they go
// out as type="text", escaped for XML: a feed reader shows them as written and runs no markup.
// Times are written in Beijing time with their offset (RFC 3339 allows it): 2026-12-01T09:00:00+08:00.
import { beijingTime } from '../domain/draw-v2';

export interface AtomEntry {
  id: string;
  title: string;
  link: string;
  updated: Date;
  summary?: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  selfLink: string;
  link: string;
  updated: Date;
  entries: AtomEntry[];
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function atomXml(f: AtomFeed): string {
  const text = (tag: string, v: string) => `<${tag} type="text">${xmlText(v)}</${tag}>`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xmlText(f.id)}</id>`,
    `  ${text('title', f.title)}`,
    `  <updated>${beijingTime(f.updated.getTime())}</updated>`,
    `  <link rel="self" href="${xmlText(f.selfLink)}"/>`,
    `  <link rel="alternate" href="${xmlText(f.link)}"/>`,
    '  <author><name>双随机、一公开</name></author>',
  ];
  for (const e of f.entries) {
    lines.push(
      '  <entry>',
      `    <id>${xmlText(e.id)}</id>`,
      `    ${text('title', e.title)}`,
      `    <link rel="alternate" href="${xmlText(e.link)}"/>`,
      `    <updated>${beijingTime(e.updated.getTime())}</updated>`,
      ...(e.summary ? [`    ${text('summary', e.summary)}`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
