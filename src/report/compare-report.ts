// `kubesim report <compare folder>`: report.html for compare.csv (interfaces.md §3, one row per profile x
// seed), with the profiles side by side per metric and a table of mean and range over seeds. Works from
// the documented columns alone; columns added later are plotted too when numeric. `kubesim compare
// --report` calls writeCompareReport on its output folder.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { INPUT_LIMITS } from '../scenario/read-file.js';
import { type CompareValue, compareChart } from './charts.js';
import { esc, page, table } from './html.js';
import { parseInput, ReportInputError } from './read-run.js';
import { renderSvg } from './render-svg.js';

export interface CompareData {
  readonly profiles: readonly string[];
  readonly seeds: readonly string[];
  readonly metrics: readonly string[];
  readonly values: readonly CompareValue[];
}

/** Parses compare.csv text; throws ReportInputError naming what is missing. */
export function parseCompareCsv(text: string, file = 'compare.csv'): CompareData {
  const rows = parseSync(text, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const header = rows.length > 0 ? Object.keys(rows[0] as object) : [];
  for (const col of ['profile', 'seed'])
    if (!header.includes(col))
      throw new ReportInputError(`${file}: no "${col}" column (header: ${header.join(',') || 'empty'})`);
  const metrics = header.filter((c) => c !== 'profile' && c !== 'seed' && rows.some((r) => isNumber(r[c])));
  const values: CompareValue[] = [];
  for (const r of rows) {
    for (const m of metrics)
      if (isNumber(r[m]))
        values.push({ profile: r.profile as string, seed: r.seed as string, metric: m, value: Number(r[m]) });
  }
  return {
    profiles: unique(rows.map((r) => r.profile as string)),
    seeds: unique(rows.map((r) => r.seed as string)),
    metrics,
    values,
  };
}

/** Writes a report file; the CLI passes one that refuses what kubesim did not write (cli/output.ts). */
export type WriteReport = (file: string, html: string) => void;

export async function writeCompareReport(
  dir: string,
  opts: { title?: string; write?: WriteReport } = {},
): Promise<string> {
  const csv = join(dir, 'compare.csv');
  if (!existsSync(csv))
    throw new ReportInputError(`${dir}: no compare.csv (expected a folder written by kubesim compare)`);
  const data = parseInput(csv, INPUT_LIMITS.csvBytes, (text) => parseCompareCsv(text, csv));
  const file = join(dir, 'report.html');
  (opts.write ?? writeFileSync)(file, await renderCompareReport(data, opts.title ?? dir));
  return file;
}

export async function renderCompareReport(data: CompareData, title: string): Promise<string> {
  if (data.values.length === 0)
    throw new ReportInputError(`${title}: compare.csv has no numeric values to plot`);
  // A metric that is 0 for every profile and seed (e.g. evictions in a run without faults) makes an empty
  // panel; it is named under the plot instead.
  const zero = data.metrics.filter((m) => data.values.every((v) => v.metric !== m || v.value === 0));
  const plotted = data.metrics.filter((m) => !zero.includes(m));
  const svg =
    plotted.length > 0
      ? await renderSvg(
          compareChart(
            data.values.filter((v) => plotted.includes(v.metric)),
            data.profiles,
            plotted,
          ),
        )
      : '';
  const zeroNote =
    zero.length > 0 ? `<p class="note">0 for every profile and seed: ${esc(zero.join(', '))}.</p>` : '';
  const meta = `${data.profiles.length} profiles &middot; seeds <code>${esc(data.seeds.join(', '))}</code> &middot; bars: mean over seeds, rules: min to max, dots: one per seed`;
  return page(`kubesim compare report: ${title}`, meta, [
    { title: 'Profiles side by side', html: `<div class="charts">${svg}</div>${zeroNote}` },
    { title: 'Mean over seeds (min .. max)', html: statsTable(data) },
  ]);
}

function statsTable(data: CompareData): string {
  const rows = data.metrics.map((m) => [
    m,
    ...data.profiles.map((p) => {
      const vs = data.values.filter((v) => v.metric === m && v.profile === p).map((v) => v.value);
      if (vs.length === 0) return '-';
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      const lo = Math.min(...vs);
      const hi = Math.max(...vs);
      return lo === hi ? fmt(mean) : `${fmt(mean)} (${fmt(lo)} .. ${fmt(hi)})`;
    }),
  ]);
  return table(['metric', ...data.profiles], rows, { numeric: data.profiles.map((_, i) => i + 1) });
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1e4) / 1e4);
}

function isNumber(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '' && Number.isFinite(Number(v));
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
