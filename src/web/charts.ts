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

/** Width of a text at 12 px, estimated: CJK and full-width characters 12 px, the rest 8 px (digits in the CJK fonts run about 7.6). */
export function textWidth(s: string, size = 12): number {
  let w = 0;
  for (const c of s) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(c) ? size : size * 0.68;
  return w;
}

/** A label cut to fit `max` pixels, with … where it was cut (the whole label stays in the bar's tooltip). */
function fit(label: string, max: number): string {
  if (textWidth(label) <= max) return label;
  let out = '';
  for (const c of label) {
    if (textWidth(out + c + '…') > max) break;
    out += c;
  }
  return out + '…';
}

/**
 * Horizontal bars, one row each; `max` fixes the scale (e.g. 1 for shares). The label column and the
 * right margin are as wide as the longest label and value text (labels past 240 px are cut), so no
 * text falls outside the picture.
 */
export function barChart(title: string, bars: Bar[], opts: { max?: number; format?: (v: number) => string } = {}): string {
  const fmt = opts.format ?? ((v: number) => String(v));
  const max = opts.max ?? Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const row = 26;
  const labelMax = 240;
  const labelW = Math.ceil(Math.min(labelMax, Math.max(60, ...bars.map((b) => textWidth(b.label)))) + 8);
  const plotW = 300;
  const valueText = (b: Bar) => `${fmt(b.value)}${b.note ? ' ' + b.note : ''}`;
  const rightW = Math.ceil(Math.max(40, ...bars.map((b) => textWidth(valueText(b)))) + 10);
  const width = Math.max(labelW + plotW + rightW, Math.ceil(textWidth(title, 14)) + 4);
  const h = 30 + bars.length * row;
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * row;
      const w = Math.max(0, Math.min(plotW, (b.value / max) * plotW));
      const marker = b.target === undefined ? '' : `<line x1="${labelW + (b.target / max) * plotW}" x2="${labelW + (b.target / max) * plotW}" y1="${y - 2}" y2="${y + 18}" stroke="#1f2328" stroke-width="2"><title>计划 ${esc(fmt(b.target))}</title></line>`;
      return `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" font-size="12">${esc(fit(b.label, labelMax))}<title>${esc(b.label)}</title></text>` +
        `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="16" fill="#b31b1b"><title>${esc(b.label)}：${esc(fmt(b.value))}</title></rect>${marker}` +
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 13}" font-size="12">${esc(valueText(b))}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" class="chart">` +
    `<title>${esc(title)}</title><text x="0" y="14" font-size="14" font-weight="bold">${esc(title)}</text>${rows}</svg>`;
}

export const percent = (v: number) => (v * 100).toFixed(1) + '%';
