import { describe, expect, it } from 'vitest';
import { atomXml } from './atom';

describe('Atom feed', () => {
  it('sends staff-entered titles and summaries as escaped text, never as HTML', () => {
    const xml = atomXml({
      id: 'https://x.gov.cn/', title: '公告', link: 'https://x.gov.cn/', selfLink: 'https://x.gov.cn/feed.atom', updated: new Date('2026-12-01T01:00:00Z'),
      entries: [{ id: 'https://x.gov.cn/tasks/1.html?a=1&b=2', title: '<img src=x onerror=alert(1)> 抽查 & "公告"\u0001', link: 'https://x.gov.cn/tasks/1.html?a=1&b=2', updated: new Date('2026-12-01T01:00:00Z'), summary: '<b>临江</b>' }],
    });
    expect(xml).not.toContain('type="html"');
    expect(xml).not.toContain('CDATA');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<b>');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('<title type="text">&lt;img src=x onerror=alert(1)&gt; 抽查 &amp; &quot;公告&quot;</title>');
    expect(xml).toContain('<summary type="text">&lt;b&gt;临江&lt;/b&gt;</summary>');
    expect(xml).toContain('href="https://x.gov.cn/tasks/1.html?a=1&amp;b=2"');
    // Published times read in Beijing time, the offset written: 01:00 UTC is 09:00 there.
    expect(xml).toContain('<updated>2026-12-01T09:00:00+08:00</updated>');
    expect(xml).not.toMatch(/<updated>[^<]*Z<\/updated>/);
  });
});
