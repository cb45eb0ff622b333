// compare.svg: one small panel per headline metric, a bar per profile at the mean over seeds with a
// whisker from min to max. Plain SVG written here (no browser, no network), viewable offline.

import type { MetricName, Spread } from './compare.js';

const PANELS: readonly MetricName[] = [
  'nodes_used',
  'cpu_requested_ratio_mean',
  'fragmentation_ratio',
  'pods_unschedulable',
  'scheduling_latency_p99_s',
  'preemptions',
];
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function compareSvg(title: string, summary: Map<string, Record<MetricName, Spread>>): string {
  const labels = [...summary.keys()];
  const pw = 260;
  const ph = 200;
  const cols = 3;
  const rows = Math.ceil(PANELS.length / cols);
  const width = cols * pw + 20;
  const height = rows * ph + 70 + 20 * Math.ceil(labels.length / 4);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  labels.forEach((l, i) => {
    const x = 10 + (i % 4) * 200;
    const y = 36 + Math.floor(i / 4) * 18;
    out.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`);
    out.push(`<text x="${x + 14}" y="${y}">${esc(l)}</text>`);
  });
  const top = 50 + 18 * Math.ceil(labels.length / 4);
  PANELS.forEach((metric, k) => {
    const ox = 10 + (k % cols) * pw;
    const oy = top + Math.floor(k / cols) * ph;
    const plotH = ph - 60;
    const max = niceMax(
      Math.max(...labels.map((l) => (summary.get(l) as Record<MetricName, Spread>)[metric].max)),
    );
    out.push(`<text x="${ox}" y="${oy + 12}" font-weight="bold">${esc(metric)}</text>`);
    out.push(`<line x1="${ox + 40}" y1="${oy + 20}" x2="${ox + 40}" y2="${oy + 20 + plotH}" stroke="#999"/>`);
    out.push(
      `<line x1="${ox + 40}" y1="${oy + 20 + plotH}" x2="${ox + pw - 20}" y2="${oy + 20 + plotH}" stroke="#999"/>`,
    );
    out.push(`<text x="${ox + 36}" y="${oy + 24}" text-anchor="end">${max}</text>`);
    out.push(`<text x="${ox + 36}" y="${oy + 20 + plotH}" text-anchor="end">0</text>`);
    const bw = Math.min(40, (pw - 70) / Math.max(1, labels.length) - 6);
    labels.forEach((l, i) => {
      const s = (summary.get(l) as Record<MetricName, Spread>)[metric];
      const y = (v: number) => oy + 20 + plotH - (v / max) * plotH;
      const x = ox + 48 + i * (bw + 6);
      out.push(
        `<rect x="${x}" y="${y(s.mean).toFixed(1)}" width="${bw.toFixed(1)}" height="${(oy + 20 + plotH - y(s.mean)).toFixed(1)}" fill="${COLORS[i % COLORS.length]}"><title>${esc(l)}: ${s.mean}</title></rect>`,
      );
      const cx = x + bw / 2;
      out.push(
        `<line x1="${cx.toFixed(1)}" y1="${y(s.min).toFixed(1)}" x2="${cx.toFixed(1)}" y2="${y(s.max).toFixed(1)}" stroke="black"/>`,
      );
      out.push(
        `<text x="${cx.toFixed(1)}" y="${(y(s.mean) - 3).toFixed(1)}" text-anchor="middle" font-size="9">${fmt(s.mean)}</text>`,
      );
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
