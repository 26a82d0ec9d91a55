// Server-rendered SVG bar charts. The output is inserted unescaped, so every text is escaped here.

export interface Bar {
  label: string;
  value: number;
  /** Optional second value drawn as a marker (e.g. the planned ratio). */
  target?: number;
  note?: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Horizontal bars, one row each; `max` fixes the scale (e.g. 1 for shares). */
export function barChart(title: string, bars: Bar[], opts: { max?: number; format?: (v: number) => string } = {}): string {
  const fmt = opts.format ?? ((v: number) => String(v));
  const max = opts.max ?? Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const row = 26;
  const labelW = 150;
  const plotW = 420;
  const h = 30 + bars.length * row;
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * row;
      const w = Math.max(0, Math.min(plotW, (b.value / max) * plotW));
      const marker = b.target === undefined ? '' : `<line x1="${labelW + (b.target / max) * plotW}" x2="${labelW + (b.target / max) * plotW}" y1="${y - 2}" y2="${y + 18}" stroke="#1f2328" stroke-width="2"><title>计划 ${esc(fmt(b.target))}</title></line>`;
      return `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" font-size="12">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="16" fill="#b31b1b"><title>${esc(b.label)}：${esc(fmt(b.value))}</title></rect>${marker}` +
        `<text x="${labelW + w + 6}" y="${y + 13}" font-size="12">${esc(fmt(b.value))}${b.note ? ' ' + esc(b.note) : ''}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${labelW + plotW + 110} ${h}" class="chart">` +
    `<title>${esc(title)}</title><text x="0" y="14" font-size="14" font-weight="bold">${esc(title)}</text>${rows}</svg>`;
}

export const percent = (v: number) => (v * 100).toFixed(1) + '%';
