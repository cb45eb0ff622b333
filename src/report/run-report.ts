// `kubesim report <run folder>` and `kubesim run --report`: report.html with the timeseries plotted
// (nodes by Ready condition, pods by phase, requested ratios, evictions and scheduling totals), the
// summary as a table, event counts by reason, and the first events of interest.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryPaths } from '../expect/evaluate-values.js';
import { lineChart } from './charts.js';
import type { WriteReport } from './compare-report.js';
import { esc, page, type Section, table } from './html.js';
import { type RunData, readRunFolder } from './read-run.js';
import { renderSvg } from './render-svg.js';
import { timeUnitFor, toPoints } from './series.js';

export const DEFAULT_LISTED_EVENTS = 200;

interface PlotDef {
  readonly title: string;
  /** timeseries.csv columns and the colour of each. */
  readonly series: Readonly<Record<string, string>>;
  readonly yTitle: string;
  readonly yDomain?: readonly [number, number];
}

const GREY = '#8c8c8c';
const GREEN = '#2ca02c';
const RED = '#d62728';
const ORANGE = '#ff7f0e';
const BLUE = '#1f77b4';
const PURPLE = '#9467bd';

const PLOTS: readonly PlotDef[] = [
  {
    title: 'Nodes by Ready condition',
    series: { nodes_total: GREY, nodes_ready: GREEN, nodes_not_ready: RED, nodes_unknown: ORANGE },
    yTitle: 'nodes',
  },
  {
    title: 'Pods by phase',
    series: {
      pods_pending: ORANGE,
      pods_running: GREEN,
      pods_succeeded: BLUE,
      pods_failed: RED,
      pods_terminating: PURPLE,
    },
    yTitle: 'pods',
  },
  {
    title: 'Requested / allocatable on Ready nodes',
    series: { cpu_requested_ratio: BLUE, memory_requested_ratio: PURPLE },
    yTitle: 'ratio',
    yDomain: [0, 1],
  },
  {
    title: 'Evictions and preemptions (running totals)',
    series: { evictions_total: RED, preemptions_total: PURPLE },
    yTitle: 'pods',
  },
  {
    title: 'Scheduling (running totals)',
    series: { scheduling_attempts_total: GREY, pods_scheduled_total: GREEN },
    yTitle: 'count',
  },
];

export async function writeRunReport(
  dir: string,
  opts: { listed?: number; write?: WriteReport } = {},
): Promise<string> {
  const data = await readRunFolder(dir, opts.listed ?? DEFAULT_LISTED_EVENTS);
  const file = join(dir, 'report.html');
  (opts.write ?? writeFileSync)(file, await renderRunReport(data));
  return file;
}

export async function renderRunReport(data: RunData): Promise<string> {
  const s = data.summary;
  const durationS = Number(s.duration_s ?? data.timeseries.at(-1)?.time_s ?? 0);
  const unit = timeUnitFor(durationS);
  const markers = data.events.faultStartsS.map((t) => t / unit.seconds);
  const charts: string[] = [];
  for (const p of PLOTS) {
    const columns = Object.keys(p.series).filter((c) => data.columns.includes(c));
    if (columns.length === 0) continue;
    const colors = Object.fromEntries(columns.map((c) => [c, p.series[c] as string]));
    const points = toPoints(data.timeseries, columns, unit);
    const opts = { yTitle: p.yTitle, markers, colors, ...(p.yDomain ? { yDomain: p.yDomain } : {}) };
    charts.push(await renderSvg(lineChart(p.title, points, unit, opts)));
  }
  const faultNote = markers.length > 0 ? '<p class="note">Dashed vertical lines mark fault starts.</p>' : '';
  const sections: Section[] = [
    { title: 'Timeseries', html: `<div class="charts">\n${charts.join('\n')}\n</div>${faultNote}` },
    { title: 'Summary', html: summaryTable(s) },
    { title: 'Events by reason', html: countsTable(data) },
    { title: 'Events of interest', html: eventsTable(data) },
  ];
  return page(`kubesim report: ${String(s.scenario ?? data.dir)}`, runMeta(s), sections);
}

function runMeta(s: Record<string, unknown>): string {
  const m = (s.manifest ?? {}) as Record<string, unknown>;
  const parts = [
    `seed <code>${esc(String(s.seed ?? ''))}</code>`,
    `Kubernetes <code>${esc(String(s.kubernetesVersion ?? ''))}</code>`,
    `simulated <code>${esc(String(s.duration_s ?? ''))} s</code>`,
    `kubesim <code>${esc(String(m.kubesim_version ?? ''))}</code>`,
    `trace digest <code>${esc(String(m.trace_digest ?? ''))}</code>`,
    `scenario sha256 <code>${esc(String(m.scenario_sha256 ?? '').slice(0, 12))}</code>`,
  ];
  return parts.join(' &middot; ');
}

function summaryTable(s: Record<string, unknown>): string {
  const rows = summaryPaths(s)
    .filter((p) => !p.startsWith('manifest.'))
    .map((p) => [
      p,
      JSON.stringify(p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s)),
    ]);
  return table(['summary.json field', 'value'], rows, { numeric: [1] });
}

function countsTable(data: RunData): string {
  const rows = [...data.events.counts.values()].map((c) => [c.kind, c.reason, String(c.n)]);
  return table(['kind', 'reason', 'rows'], rows, { numeric: [2] });
}

function eventsTable(data: RunData): string {
  const d = data.events;
  if (d.interestingTotal === 0)
    return '<p>None: every event was routine (pods created, bound, started or stopped; nodes registering at start-up).</p>';
  const note =
    d.interestingTotal > d.interesting.length
      ? `<p class="note">The first ${d.interesting.length} of ${d.interestingTotal}; the rest are in events.csv.</p>`
      : '';
  return `${table(['time_s', 'kind', 'reason', 'object', 'node', 'zone', 'detail'], d.interesting, { numeric: [0] })}${note}`;
}
