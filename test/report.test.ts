// `kubesim report` on a real run folder and on a compare.csv fixture (the documented columns, since
// `kubesim compare` lands from another branch): the page has its plots as inline SVG, the tables, and
// nothing that needs the network; the same folder always gives the same page.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parseCompareCsv, writeCompareReport } from '../src/report/compare-report.js';
import { captureIo } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-report-'));

/** The page must open offline: no URL, no script, no external resource; links only to the run's own CSVs. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(/i);
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^[a-z-]+\.csv$/);
}

const COMPARE_CSV = `profile,seed,pods_scheduled,pods_unschedulable,scheduling_latency_p50_s,scheduling_latency_p99_s,nodes_used,cpu_requested_ratio_mean,cpu_requested_ratio_peak,memory_requested_ratio_mean,memory_requested_ratio_peak,fragmentation_ratio,preemptions,evictions
default-scheduler,1,990,10,0.010000,0.900000,60,0.520000,0.800000,0.400000,0.600000,0.120000,0,0
default-scheduler,2,994,6,0.012000,1.100000,61,0.530000,0.800000,0.400000,0.600000,0.100000,0,0
bin-packing,1,1000,0,0.015000,1.400000,45,0.570000,0.800000,0.400000,0.600000,0.030000,2,0
bin-packing,2,1000,0,0.016000,1.200000,44,0.560000,0.800000,0.400000,0.600000,0.040000,4,0
`;

// A zone of 4 nodes goes dark under a 12-replica Deployment: 4 evictions at once, replaced elsewhere.
const OUTAGE = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: outage}
spec:
  duration: 10m
  cluster:
    nodePools: [{name: general, count: 12, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "8", memory: 32Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 12
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 500m, memory: 512Mi}}}]}
  faults:
    - {at: 1m, action: zone-outage, zone: zone-a, for: 8m}
`;

describe('kubesim report', () => {
  it('writes a self-contained report.html for a run folder, the same every time', async () => {
    const out = join(tmp(), 'run');
    expect(await main(['run', 'test/fixtures/report-run.yaml', '--out', out, '--quiet'], captureIo())).toBe(
      0,
    );
    const io = captureIo();
    expect(await main(['report', out], io)).toBe(0);
    expect(io.stdout).toBe(`wrote ${join(out, 'report.html')}\n`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<svg[\s>]/g)?.length).toBe(5);
    for (const title of [
      'Nodes by Ready condition',
      'Pods by phase',
      'Requested / allocatable on Ready nodes',
      'Evictions and preemptions',
      'Scheduling (running totals)',
    ]) {
      expect(html).toContain(title);
    }
    expect(html).toContain('<td>pods.running_at_end</td><td class="num">2</td>');
    expect(html).toContain('<td>Node</td><td>RegisteredNode</td><td class="num">12</td>');
    expectSelfContained(html);
    await main(['report', out], captureIo());
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(html);
  });

  it('kubesim run --report writes the report beside the outputs', async () => {
    const out = join(tmp(), 'run');
    const io = captureIo();
    expect(await main(['run', 'test/fixtures/report-run.yaml', '--out', out, '--report'], io)).toBe(0);
    expect(io.stdout).toMatch(/report\s+.*report\.html\n$/);
    expectSelfContained(readFileSync(join(out, 'report.html'), 'utf8'));
  });

  it('lists events of interest and marks faults from events.csv', async () => {
    const out = join(tmp(), 'run');
    await main(['run', 'test/fixtures/report-run.yaml', '--out', out, '--quiet'], captureIo());
    const events = readFileSync(join(out, 'events.csv'), 'utf8');
    writeFileSync(
      join(out, 'events.csv'),
      `${events}100.000000,Fault,node-crash,general-a-01,general-a-01,zone-a,start\n145.000000,Node,NodeStatusUnknown,general-a-01,general-a-01,zone-a,"Kubelet stopped posting node status, really"\n`,
    );
    await main(['report', out, '--events', '1'], captureIo());
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(
      '<td class="num">100.000000</td><td class="num">1</td><td>Fault</td><td>node-crash</td>',
    );
    // Only the first group is listed (--events 1); faults, evictions and pending are listed whatever it says.
    expect(html).not.toContain('<td>NodeStatusUnknown</td><td>general-a-01</td>');
    expect(html).toContain('The first 1 of 2 groups are listed');
    expect(html).toContain('<a href="events.csv">events.csv</a>');
    expect(html).toContain('Dashed red vertical lines mark fault starts.');
  });

  it('groups repeated rows, always lists evictions, and adds recovery and pending rows from summary.json', async () => {
    const dir = tmp();
    const out = join(dir, 'run');
    writeFileSync(join(dir, 'outage.yaml'), OUTAGE);
    await main(['run', join(dir, 'outage.yaml'), '--out', out, '--quiet'], captureIo());
    await main(['report', out, '--events', '3'], captureIo());
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const evictions = readFileSync(join(out, 'events.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.split(',')[2] === 'TaintManagerEviction');
    expect(evictions.length).toBeGreaterThan(3);
    // Listed beyond --events 3, grouped: the grouped counts add up to every eviction row.
    const rows = [
      ...html.matchAll(/<td class="num">(\d+)<\/td><td>Pod<\/td><td>TaintManagerEviction<\/td>/g),
    ];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(evictions.length);
    expect(rows.reduce((a, m) => a + Number(m[1]), 0)).toBe(evictions.length);
    // A zone's nodes tainted one after another are one row (default --events lists them).
    await main(['report', out], captureIo());
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(
      /<td>Node<\/td><td>TaintAdded<\/td><td>general-a-\d+ … general-a-\d+<\/td>/,
    );
    const f = summary.faults[0];
    expect(html).toContain(`<tr class="derived"><td class="num">${f.disrupted_s.toFixed(6)}</td>`);
    expect(html).toContain('<td>Summary</td><td>ReplicasShort</td>');
    expect(html).toContain('<td>Summary</td><td>PendingPeak</td>');
    expect(html).toContain(f.recovered_s === null ? '<td>NotRecovered</td>' : '<td>Recovered</td>');
    expect(html).toContain('dotted green ones fault ends');
    // The requested-ratio axis is scaled to the data (labelled in %), not fixed to 0..1.
    expect(html).toMatch(/>\d+%</);
    expectSelfContained(html);
  });

  it('plots a compare.csv with the profiles side by side, with mean and range per metric', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'compare.csv'), COMPARE_CSV);
    const io = captureIo();
    expect(await main(['report', dir], io)).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg[\s>]/g)?.length).toBe(1);
    expect(html).toContain('<th class="num">default-scheduler</th><th class="num">bin-packing</th>');
    expect(html).toContain(
      '<td>nodes_used</td><td class="num">60.5 (60 .. 61)</td><td class="num">44.5 (44 .. 45)</td>',
    );
    expect(html).toContain('0 for every profile and seed: evictions.');
    expectSelfContained(html);
  });

  it('parses compare.csv from its documented columns and exposes a writer for kubesim compare', async () => {
    const data = parseCompareCsv(COMPARE_CSV);
    expect(data.profiles).toEqual(['default-scheduler', 'bin-packing']);
    expect(data.seeds).toEqual(['1', '2']);
    expect(data.metrics).toHaveLength(12);
    expect(() => parseCompareCsv('seed,x\n1,2\n')).toThrow(/no "profile" column/);
    const dir = tmp();
    writeFileSync(join(dir, 'compare.csv'), COMPARE_CSV);
    expect(await writeCompareReport(dir, { title: 'bin-packing vs default' })).toBe(join(dir, 'report.html'));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(
      'kubesim compare report: bin-packing vs default',
    );
  });

  it('a folder without outputs is bad input (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['report', tmp()], io)).toBe(2);
    expect(io.stderr).toMatch(/neither timeseries\.csv \(a kubesim run folder\) nor compare\.csv/);
    const io2 = captureIo();
    expect(await main(['report', '/nonexistent/folder'], io2)).toBe(2);
  });
});
