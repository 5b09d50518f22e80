/**
 * Server-rendered inline SVG charts. Every number is formatted by the caller; labels go through
 * html`` like everything else. Each chart has a <title> and the same data is in a table beside it.
 */
import { html, type Html } from './html.ts';

export type Series = { label: string; values: number[]; color: string };

const W = 720;
const H = 240;
const PAD = { left: 64, right: 12, top: 16, bottom: 40 };

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Grouped columns: one group per label, one column per series, with a legend and a y axis. */
export function columnChart(opts: { id: string; title: string; labels: string[]; series: Series[]; format: (n: number) => string }): Html {
  const { labels, series } = opts;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) => f * max);
  return html`<figure class="chart">
<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${opts.id}-t" focusable="false">
<title id="${opts.id}-t">${opts.title}</title>
${ticks.map((v) => html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${opts.format(v)}</text>`)}
${labels.map((label, i) => html`<g>${series.map((s, j) => {
    const v = s.values[i] ?? 0;
    const x = PAD.left + i * groupW + groupW * 0.1 + j * barW;
    return html`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(PAD.top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${label} ${s.label}: ${opts.format(v)}</title></rect>`;
  })}<text x="${(PAD.left + i * groupW + groupW / 2).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" class="axis">${label}</text></g>`)}
</svg>
<figcaption>${opts.title} ${series.map((s) => html`<span class="legend"><span class="swatch" style="background:${s.color}"></span>${s.label}</span>`)}</figcaption>
</figure>`;
}

/** Horizontal bars of percentages (0–100), labelled with their value; null draws an empty track. */
export function percentBars(opts: { id: string; title: string; rows: { label: string; value: number | null; note: string }[] }): Html {
  const rowH = 34;
  const labelW = 120;
  const barMax = W - labelW - 170;
  const h = rowH * opts.rows.length + 8;
  return html`<figure class="chart">
<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-labelledby="${opts.id}-t" focusable="false">
<title id="${opts.id}-t">${opts.title}</title>
${opts.rows.map((r, i) => {
    const top = 4 + i * rowH;
    const w = r.value === null ? 0 : (r.value / 100) * barMax;
    return html`<text x="0" y="${top + 21}" class="label">${r.label}</text>
<rect x="${labelW}" y="${top + 6}" width="${barMax}" height="20" class="track"/>
<rect x="${labelW}" y="${top + 6}" width="${w.toFixed(1)}" height="20" class="bar"/>
<text x="${labelW + barMax + 8}" y="${top + 21}" class="value">${r.value === null ? '-' : `${r.value}%`} ${r.note}</text>`;
  })}
</svg>
<figcaption>${opts.title}</figcaption>
</figure>`;
}
