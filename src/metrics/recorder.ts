// timeseries.csv (interfaces.md §3): one row per sampling interval starting at 0, fixed columns.
// Levels are read from the store's incremental counters and one pass over the nodes; counters are
// monotonic totals. Samples run in the last lane so they see the end state of their instant.

import { fixed6 } from '../engine/csv.js';
import type { TimeUs } from '../engine/time.js';
import { formatTimeS } from '../engine/time.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { TimeseriesColumns } from '../kernel/ports/timeseries-columns.js';
import type { LineSink } from '../model/event-log.js';
import type { PdbStore } from '../workloads/pdb-store.js';
import type { WorkloadStore } from '../workloads/store.js';
import { AvailabilityTracker } from './availability.js';
import type { MetricsEvent } from './events.js';
import { NodeTotals } from './node-totals.js';

export const TIMESERIES_HEADER = [
  'time_s',
  'nodes_total',
  'nodes_ready',
  'nodes_not_ready',
  'nodes_unknown',
  'pods_pending',
  'pods_running',
  'pods_succeeded',
  'pods_failed',
  'pods_terminating',
  'cpu_requested_ratio',
  'memory_requested_ratio',
  'evictions_total',
  'scheduling_attempts_total',
  'pods_scheduled_total',
  'preemptions_total',
  // Eviction API: deletions it started and evictions it refused (budgets); budgets' disruptionsAllowed summed.
  'evictions_api_total',
  'evictions_refused_total',
  'pdb_disruptions_allowed',
  // PersistentVolumeClaims in phase Pending (unbound: waiting for a volume, a provisioner or a consumer).
  'pvcs_pending',
] as const;

export interface Sample {
  readonly timeUs: number;
  readonly nodesTotal: number;
  readonly nodesReady: number;
  readonly nodesNotReady: number;
  readonly nodesUnknown: number;
  readonly podsPending: number;
  readonly podsRunning: number;
  readonly podsSucceeded: number;
  readonly podsFailed: number;
  readonly podsTerminating: number;
  readonly cpuRequestedRatio: number;
  readonly memoryRequestedRatio: number;
  readonly evictionsTotal: number;
  readonly schedulingAttemptsTotal: number;
  readonly podsScheduledTotal: number;
  readonly preemptionsTotal: number;
  readonly evictionsApiTotal: number;
  readonly evictionsRefusedTotal: number;
  readonly pdbDisruptionsAllowed: number;
  readonly pvcsPending: number;
  /** Columns components append after the fixed ones (the autoscaler's per node group counts). */
  readonly extra?: readonly number[];
}

export class MetricsRecorder implements TimeseriesColumns {
  readonly samples: Sample[] = [];

  constructor(
    private readonly sim: Kernel<
      MetricsEvent,
      { readonly metricsIntervalUs: TimeUs; readonly durationUs: TimeUs }
    >,
    private readonly sink: LineSink | undefined,
    /** The PodDisruptionBudgets, for pdb_disruptions_allowed. */
    private readonly budgets: Pick<PdbStore, 'all'> | null = null,
  ) {
    this.nodeTotals = new NodeTotals(sim.state);
    this.availability = new AvailabilityTracker(sim.state);
  }

  private readonly nodeTotals: NodeTotals;
  /** Disruption, recovery, peak pending and eviction times for summary.json. */
  readonly availability: AvailabilityTracker;

  private extraSource: (() => number[]) | null = null;

  /** TimeseriesColumns: appends columns to every sample (their names go after TIMESERIES_HEADER). */
  addColumns(read: () => number[]): void {
    this.extraSource = read;
  }

  /** Starts sampling; `workloads` is the workload objects' store, whose desired counts availability follows. */
  start(workloads: WorkloadStore): void {
    this.availability.attach(workloads);
    this.sim.engine.schedule(0, { kind: 'MetricsSample' }, Lane.Sample);
  }

  /** Takes the sample for the current instant and schedules the next one. */
  onSample(): void {
    const s = this.measure();
    this.samples.push(s);
    this.sink?.write(formatSample(s));
    const next = this.sim.nowUs + this.sim.config.metricsIntervalUs;
    if (next <= this.sim.config.durationUs)
      this.sim.engine.scheduleAt(next, { kind: 'MetricsSample' }, Lane.Sample);
  }

  measure(): Sample {
    const { state } = this.sim;
    const t = this.nodeTotals;
    t.refresh();
    const nodes = state.nodes;
    const ready = t.ready;
    const unknown = t.unknown;
    const cpuReq = t.cpuRequested;
    const cpuAlloc = t.cpuAllocatable;
    const memReq = t.memoryRequested;
    const memAlloc = t.memoryAllocatable;
    const b = state.podBuckets;
    const c = state.counters;
    return {
      timeUs: this.sim.nowUs,
      nodesTotal: nodes.length,
      nodesReady: ready,
      nodesNotReady: nodes.length - ready - unknown,
      nodesUnknown: unknown,
      podsPending: b.pending,
      podsRunning: b.running,
      podsSucceeded: b.succeeded,
      podsFailed: b.failed,
      podsTerminating: b.terminating,
      cpuRequestedRatio: cpuAlloc > 0 ? cpuReq / cpuAlloc : 0,
      memoryRequestedRatio: memAlloc > 0 ? memReq / memAlloc : 0,
      evictionsTotal: c.evictions,
      schedulingAttemptsTotal: c.schedulingAttempts,
      podsScheduledTotal: c.podsScheduled,
      preemptionsTotal: c.preemptions,
      evictionsApiTotal: c.apiEvictions,
      evictionsRefusedTotal: c.evictionsRefused,
      pdbDisruptionsAllowed: this.disruptionsAllowed(),
      pvcsPending: state.volumes.pendingClaims(),
      ...(this.extraSource !== null ? { extra: this.extraSource() } : {}),
    };
  }

  private disruptionsAllowed(): number {
    let n = 0;
    if (this.budgets === null) return 0;
    for (const pdb of this.budgets.all()) n += pdb.status.disruptionsAllowed;
    return n;
  }
}

export function formatSample(s: Sample): string {
  return (
    `${formatTimeS(s.timeUs)},${s.nodesTotal},${s.nodesReady},${s.nodesNotReady},${s.nodesUnknown},` +
    `${s.podsPending},${s.podsRunning},${s.podsSucceeded},${s.podsFailed},${s.podsTerminating},` +
    `${fixed6(s.cpuRequestedRatio)},${fixed6(s.memoryRequestedRatio)},${s.evictionsTotal},` +
    `${s.schedulingAttemptsTotal},${s.podsScheduledTotal},${s.preemptionsTotal},` +
    `${s.evictionsApiTotal},${s.evictionsRefusedTotal},${s.pdbDisruptionsAllowed},${s.pvcsPending}` +
    (s.extra !== undefined && s.extra.length > 0 ? `,${s.extra.join(',')}` : '') +
    '\n'
  );
}

export function metricsHandlers(metrics: MetricsRecorder): HandlersFor<MetricsEvent> {
  return { MetricsSample: () => metrics.onSample() };
}
