// `kubesim report <run folder>` and `kubesim run --report`: report.html with the timeseries plotted
// (nodes by Ready condition, pods by phase, requested ratios, evictions and scheduling totals), the
// summary as a table, event counts by reason, and the first events of interest.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryPaths } from '../expect/evaluate-values.js';
import { lineChart } from './charts.js';
import type { WriteReport } from './compare-report.js';
import type { EventGroup } from './events-digest.js';
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
  /** A 0..1 ratio: the axis is scaled to the data and labelled in %. */
  readonly ratio?: boolean;
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
    yTitle: 'requested / allocatable',
    ratio: true,
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
  const endMarkers = data.events.faultEndsS.map((t) => t / unit.seconds);
  const charts: string[] = [];
  for (const p of PLOTS) {
    const columns = Object.keys(p.series).filter((c) => data.columns.includes(c));
    if (columns.length === 0) continue;
    const colors = Object.fromEntries(columns.map((c) => [c, p.series[c] as string]));
    const points = toPoints(data.timeseries, columns, unit);
    const opts = { yTitle: p.yTitle, markers, endMarkers, colors, ...(p.ratio ? { ratio: true } : {}) };
    charts.push(await renderSvg(lineChart(p.title, points, unit, opts)));
  }
  const faultNote =
    markers.length > 0
      ? `<p class="note">Dashed red vertical lines mark fault starts${endMarkers.length > 0 ? ', dotted green ones fault ends' : ''}.</p>`
      : '';
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

/** A row of the events table: a group of events.csv rows, or a row derived from summary.json. */
interface TimelineRow {
  readonly timeS: number;
  readonly cells: readonly string[];
  readonly derived: boolean;
}

const s6 = (v: unknown) => (typeof v === 'number' ? v.toFixed(6) : '');

/** Rows summary.json adds to the timeline: per fault when replicas fell short and recovered; the pending peak. */
export function derivedRows(s: Record<string, unknown>): TimelineRow[] {
  const out: TimelineRow[] = [];
  const row = (t: unknown, reason: string, object: string, detail: string) => {
    if (typeof t === 'number')
      out.push({ timeS: t, cells: [s6(t), '', 'Summary', reason, object, '', '', detail], derived: true });
  };
  const faults = Array.isArray(s.faults) ? (s.faults as Array<Record<string, unknown>>) : [];
  for (const f of faults) {
    const name = `fault ${String(f.index)} ${String(f.action)} ${String(f.target ?? '')}`.trim();
    row(f.disrupted_s, 'ReplicasShort', name, 'a Deployment/ReplicaSet has fewer Ready pods than desired');
    if (f.disrupted_s !== null && f.recovered_s === null)
      row(s.simulated_s ?? s.duration_s, 'NotRecovered', name, 'replicas still short at the end of the run');
    row(
      f.recovered_s,
      'Recovered',
      name,
      `every Deployment/ReplicaSet has its desired Ready pods: time to recover ${String(f.time_to_recover_s)} s`,
    );
  }
  const pods = (s.pods ?? {}) as Record<string, unknown>;
  if (typeof pods.pending_max === 'number' && pods.pending_max > 0)
    row(
      pods.pending_max_at_s,
      'PendingPeak',
      `${pods.pending_max} pods`,
      'the most pods in phase Pending at once',
    );
  return out;
}

function groupRow(g: EventGroup): TimelineRow {
  const [t0, kind, reason, obj0, node0, zone, detail] = g.first;
  const [t1, , , obj1, node1] = g.last;
  const many = g.count > 1;
  return {
    timeS: Number(t0),
    cells: [
      many && t1 !== t0 ? `${t0} – ${t1}` : t0,
      String(g.count),
      kind,
      reason,
      many ? `${obj0} … ${obj1}` : obj0,
      g.nodes.size > 1 ? `${node0} … ${node1}` : node0,
      zone,
      detail,
    ],
    derived: false,
  };
}

function eventsTable(data: RunData): string {
  const d = data.events;
  const rows = [...d.groups.map(groupRow), ...derivedRows(data.summary)].sort((a, b) => a.timeS - b.timeS);
  const link = '<a href="events.csv">events.csv</a>';
  if (rows.length === 0)
    return `<p>None: every event was routine (pods created, bound, started or stopped; nodes registering at start-up). All rows: ${link}.</p>`;
  const header = ['time_s', 'rows', 'kind', 'reason', 'object', 'node', 'zone', 'detail'];
  const th = header.map((h, i) => `<th${i < 2 ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr${r.derived ? ' class="derived"' : ''}>${r.cells.map((c, i) => `<td${i < 2 ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const shown = d.groups.length;
  const more =
    d.groupsTotal > shown
      ? ` The first ${shown} of ${d.groupsTotal} groups are listed (evictions, scheduling failures, preemptions and faults always); the rest are in ${link}.`
      : ` Every row: ${link}.`;
  const note = `<p class="note">Consecutive rows with the same kind, reason, zone and detail are one row (rows = how many). Green rows come from summary.json.${more}</p>`;
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${note}`;
}
