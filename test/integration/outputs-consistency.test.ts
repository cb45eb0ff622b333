// The four outputs of one busy run agree with each other (interfaces.md §3): `kubesim run` writes
// events.csv, timeseries.csv, pods.csv and summary.json for test/integration/scenarios/busy.yaml (every
// component at once: DaemonSet, rollout, Job with failures, Poisson arrivals, preemption, a drain, a node
// crash with taint eviction, the Node deleted and its pods garbage-collected); every count the summary
// and the timeseries report is recomputed from events.csv rows, and every pods.csv row from the pod's
// own rows.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { latencyStats, type RunSummary } from '../../src/metrics/summary.js';
import { type EventRow, type PodRow, S, type Sample, toSample, us } from './public-run.js';

const SCENARIO = 'test/integration/scenarios/busy.yaml';

interface Outputs {
  events: EventRow[];
  samples: Sample[];
  pods: PodRow[];
  summary: RunSummary;
}

async function runCli(): Promise<Outputs> {
  const out = join(mkdtempSync(join(tmpdir(), 'kubesim-busy-')), 'run');
  let stderr = '';
  const code = await main(['run', SCENARIO, '--out', out, '--quiet'], {
    out: () => {},
    err: (t) => {
      stderr += t;
    },
    stderrIsTty: false,
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const csv = (f: string) =>
    parse(readFileSync(join(out, f), 'utf8'), { columns: true }) as Record<string, string>[];
  return {
    events: csv('events.csv').map((r) => ({
      t: us(r.time_s as string),
      kind: r.kind as string,
      reason: r.reason as string,
      object: r.object as string,
      node: r.node as string,
      zone: r.zone as string,
      detail: r.detail as string,
    })),
    samples: csv('timeseries.csv').map(toSample),
    pods: csv('pods.csv') as PodRow[],
    summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary,
  };
}

describe('summary, timeseries and pods.csv are consistent with events.csv (busy scenario via kubesim run)', () => {
  let o: Outputs;
  const podRows = (reason: string) => o.events.filter((r) => r.kind === 'Pod' && r.reason === reason);
  const upTo = (rows: EventRow[], tUs: number) => rows.filter((r) => r.t <= tUs).length;
  beforeAll(async () => {
    o = await runCli();
  });

  it('exercises every component it is meant to (so the checks below are not vacuous)', () => {
    for (const reason of [
      'Scheduled',
      'FailedScheduling',
      'Preempted',
      'TaintManagerEviction',
      'SuccessfulDelete',
      'EvictionByEvictionAPI',
      'Completed',
      'Failed',
      'Killing',
      'Deleted',
    ]) {
      expect(podRows(reason).length, reason).toBeGreaterThan(0);
    }
    expect(o.events.some((r) => r.reason === 'Failed' && r.detail === 'DeletionByPodGC')).toBe(true);
    expect(podRows('Completed').some((r) => r.object.startsWith('default/batch-'))).toBe(true);
    expect(podRows('Failed').some((r) => r.detail === 'Error')).toBe(true);
    expect(o.summary.pods.unschedulable_at_end).toBeGreaterThan(0);
  });

  it('pods: one pods.csv row per Created row, in order; summary.pods.created', () => {
    expect(o.pods.map((p) => p.pod)).toEqual(podRows('Created').map((r) => r.object));
    expect(o.summary.pods.created).toBe(o.pods.length);
    for (const p of o.pods) {
      const created = o.events.find((r) => r.reason === 'Created' && r.object === p.pod);
      expect(us(p.created_s)).toBe(created?.t);
      expect(p.owner).toBe(created?.detail);
    }
  });

  it('scheduling: Scheduled rows = pods.csv rows with scheduled_s = summary = pods_scheduled_total', () => {
    const scheduled = podRows('Scheduled');
    const withTime = o.pods.filter((p) => p.scheduled_s !== '');
    expect(withTime).toHaveLength(scheduled.length);
    expect(o.summary.pods.scheduled).toBe(scheduled.length);
    expect(o.samples.at(-1)?.pods_scheduled_total).toBe(scheduled.length);
    for (const p of withTime) {
      const row = scheduled.filter((r) => r.object === p.pod);
      expect(row).toHaveLength(1);
      expect(us(p.scheduled_s)).toBe(row[0]?.t);
      expect(p.node).toBe(row[0]?.node);
    }
    // Every attempt ends in a Binding or a FailedScheduling row.
    const attempts = o.pods.reduce((a, p) => a + Number(p.scheduling_attempts), 0);
    expect(attempts).toBe(o.summary.scheduling_attempts);
    expect(o.samples.at(-1)?.scheduling_attempts_total).toBe(attempts);
    expect(attempts).toBe(scheduled.length + podRows('FailedScheduling').length);
    expect(o.summary.scheduling_latency).toEqual(
      latencyStats(withTime.map((p) => us(p.scheduled_s) - us(p.created_s))),
    );
  });

  it('starts: Started rows = pods.csv started_s; start-up latency recomputed from pods.csv', () => {
    const started = o.pods.filter((p) => p.started_s !== '');
    expect(started).toHaveLength(podRows('Started').length);
    for (const p of started) {
      expect(us(p.started_s)).toBe(podRows('Started').find((r) => r.object === p.pod)?.t);
    }
    expect(o.summary.pod_startup_latency).toEqual(
      latencyStats(started.map((p) => us(p.started_s) - us(p.created_s))),
    );
  });

  it('evictions and preemptions: rows = end reasons = summary = running totals at every sample', () => {
    const evictions = podRows('TaintManagerEviction');
    const preemptions = podRows('Preempted');
    expect(o.summary.evictions).toBe(evictions.length);
    expect(o.summary.preemptions).toBe(preemptions.length);
    expect(o.pods.filter((p) => p.end_reason === 'TaintManagerEviction')).toHaveLength(evictions.length);
    expect(o.pods.filter((p) => p.end_reason === 'Preempted')).toHaveLength(preemptions.length);
    for (const s of o.samples) {
      const t = s.time_s * S;
      expect(s.evictions_total).toBe(upTo(evictions, t));
      expect(s.preemptions_total).toBe(upTo(preemptions, t));
      expect(s.pods_scheduled_total).toBe(upTo(podRows('Scheduled'), t));
    }
    // The Eviction API: granted evictions and refusals, per sample and per pod.
    const api = podRows('EvictionByEvictionAPI');
    const refused = o.events.filter(
      (r) => r.kind === 'Pod' && ['TooManyRequests', 'InternalError', 'Forbidden'].includes(r.reason),
    );
    expect(api.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(o.summary.api_evictions).toBe(api.length);
    expect(o.summary.evictions_refused).toBe(refused.length);
    for (const s of o.samples) {
      const t = s.time_s * S;
      expect(s.evictions_api_total).toBe(upTo(api, t));
      expect(s.evictions_refused_total).toBe(upTo(refused, t));
    }
    for (const p of o.pods)
      expect(Number(p.evictions_refused)).toBe(refused.filter((r) => r.object === p.pod).length);
    expect(o.summary.drains.map((d) => d.outcome)).toEqual(
      o.events.filter((r) => r.kind === 'Node' && r.reason.startsWith('Drain')).map((r) => r.reason),
    );
    // pods.csv deleted_s is the deletionTimestamp: the eviction or preemption row's time.
    for (const r of [...evictions, ...preemptions]) {
      expect(us(o.pods.find((p) => p.pod === r.object)?.deleted_s as string)).toBe(r.t);
    }
  });

  it('pods by phase: live pods (Created - Deleted rows) = the buckets, at every sample', () => {
    for (const s of o.samples) {
      const t = s.time_s * S;
      const live = upTo(podRows('Created'), t) - upTo(podRows('Deleted'), t);
      expect(s.pods_pending + s.pods_running + s.pods_succeeded + s.pods_failed + s.pods_terminating).toBe(
        live,
      );
    }
    const end = o.samples.at(-1) as Sample;
    expect(end.time_s).toBe(o.summary.duration_s);
    const byEnd = (reason: string) => o.pods.filter((p) => p.end_reason === reason).length;
    expect(end.pods_running).toBe(byEnd('Running'));
    expect(o.summary.pods.running_at_end).toBe(byEnd('Running'));
    expect(o.summary.pods.unschedulable_at_end).toBe(byEnd('Pending'));
    expect(end.pods_pending).toBe(byEnd('Pending') + byEnd('Starting'));
    expect(o.summary.pods.succeeded).toBe(podRows('Completed').length);
    expect(o.summary.pods.succeeded).toBe(byEnd('Completed'));
    expect(o.summary.pods.failed).toBe(podRows('Failed').length);
    // Removed pods have a removal (Deleted row); the rest are live.
    const removed = new Set(podRows('Deleted').map((r) => r.object));
    expect(o.pods.filter((p) => !removed.has(p.pod))).toHaveLength(
      end.pods_pending + end.pods_running + end.pods_succeeded + end.pods_failed + end.pods_terminating,
    );
  });

  it('nodes: RegisteredNode - RemovingNode rows = nodes_total = summary; Ready state counts', () => {
    const nodeRows = (reason: string) => o.events.filter((r) => r.kind === 'Node' && r.reason === reason);
    for (const s of o.samples) {
      const t = s.time_s * S;
      expect(s.nodes_total).toBe(upTo(nodeRows('RegisteredNode'), t) - upTo(nodeRows('RemovingNode'), t));
      expect(s.nodes_ready + s.nodes_not_ready + s.nodes_unknown).toBe(s.nodes_total);
    }
    expect(o.summary.nodes.total).toBe(o.samples.at(-1)?.nodes_total);
    expect(o.summary.nodes.ready).toBe(o.samples.at(-1)?.nodes_ready);
    // node-b-02 crashed at 100 s: Unknown from its NodeStatusUnknown row until its Node was deleted.
    const unknownAt = nodeRows('NodeStatusUnknown')[0]?.t as number;
    const removedAt = nodeRows('RemovingNode')[0]?.t as number;
    for (const s of o.samples) {
      const t = s.time_s * S;
      expect(s.nodes_unknown).toBe(t >= unknownAt && t < removedAt ? 1 : 0);
    }
  });
});
