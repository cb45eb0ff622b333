// The load model and metrics pipeline as a component: metrics-server scrapes every watched pod each
// --metric-resolution (the scrape is an external input, lane External, so an HPA sync at the same
// instant reads it), and load.csv samples with the other samplers (lane Sample). It reads the cluster
// store, the workload store (which pods belong to a target), the kubelets' liveness (an unreachable
// node's pods lose their points) and the HPAs' desired replicas, the last two through ports. A scenario
// without spec.load and without HorizontalPodAutoscalers builds none of it (src/sim/assemble.ts), so
// its outputs are what they were.

import { fixed6 } from '../engine/csv.js';
import { formatTimeS, type TimeUs } from '../engine/time.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { HpaStatusView } from '../kernel/ports/metrics-api.js';
import type { NodeLiveness } from '../kernel/ports/node-agent.js';
import type { LineSink } from '../model/event-log.js';
import type { WorkloadStore } from '../workloads/store.js';
import type { LoadEvent } from './events.js';
import { MetricsServer } from './metrics-server.js';
import { resolveLoadProfile } from './profile.js';
import type { LoadEntrySpec } from './schema.js';

/** The load model's kernel slice: its events, the sampling interval, the scrape resolution, the end. */
export type LoadKernel = Kernel<
  LoadEvent,
  {
    readonly durationUs: TimeUs;
    readonly metricsIntervalUs: TimeUs;
    readonly metricResolutionUs: TimeUs;
  }
>;

export interface LoadInputs {
  /** spec.load. */
  readonly load: readonly LoadEntrySpec[];
  /** Workloads an HPA targets (Kind/namespace/name): scraped even without a load entry. */
  readonly hpaTargets: readonly string[];
  readonly workloads: WorkloadStore;
  readonly nodes: NodeLiveness;
  /** Each HPA's desired replicas (the HPA controller, created after this component). */
  readonly hpaStatus: () => HpaStatusView | null;
  /** load.csv, when written. */
  readonly sink?: LineSink | undefined;
}

export const LOAD_HEADER = [
  'time_s',
  'workload',
  'replicas',
  'pods_running',
  'pods_ready',
  'demand',
  'cpu_requested_cores',
  'cpu_used_cores',
  'memory_requested_bytes',
  'memory_used_bytes',
  'cpu_served_cores',
  'memory_served_bytes',
  'hpa_desired_replicas',
] as const;

export class LoadModel {
  readonly metrics: MetricsServer;

  constructor(
    private readonly sim: LoadKernel,
    private readonly inputs: LoadInputs,
  ) {
    this.metrics = new MetricsServer({
      state: sim.state,
      store: inputs.workloads,
      isNodeUp: (name) => inputs.nodes.isUp(name),
      noiseKey: sim.rng.stream('load/noise').nextU32(),
      metricResolutionUs: sim.config.metricResolutionUs,
      profiles: inputs.load.map(resolveLoadProfile),
      hpaTargets: inputs.hpaTargets,
    });
    inputs.sink?.write(`${LOAD_HEADER.join(',')}\n`);
  }

  start(): void {
    this.sim.engine.schedule(0, { kind: 'MetricsScrape' }, Lane.External);
    if (this.inputs.sink !== undefined) this.sim.engine.schedule(0, { kind: 'LoadSample' }, Lane.Sample);
  }

  onScrape(): void {
    const now = this.sim.nowUs;
    this.metrics.scrape(now);
    const next = now + this.metrics.resolutionUs;
    if (next <= this.sim.config.durationUs)
      this.sim.engine.scheduleAt(next, { kind: 'MetricsScrape' }, Lane.External);
  }

  onSample(): void {
    const now = this.sim.nowUs;
    const desired = this.inputs.hpaStatus()?.desiredByTarget() ?? new Map<string, number>();
    const t = formatTimeS(now);
    for (const u of this.metrics.usage(now)) {
      const [kind, ns, name] = u.key.split('/') as [string, string, string];
      const obj =
        kind === 'Deployment' || kind === 'ReplicaSet'
          ? this.inputs.workloads.get(kind, `${ns}/${name}`)
          : undefined;
      this.inputs.sink?.write(
        `${t},${u.key},${obj?.replicas ?? ''},${u.running},${u.ready},${fixed6(u.demand)},${fixed3(u.requestedCpuMilli / 1000)},` +
          `${fixed3(u.usedCpuMilli / 1000)},${u.requestedMemoryBytes},${Math.round(u.usedMemoryBytes)},` +
          `${fixed3(u.servedCpuMilli / 1000)},${Math.round(u.servedMemoryBytes)},${desired.get(u.key) ?? ''}\n`,
      );
    }
    const next = now + this.sim.config.metricsIntervalUs;
    if (next <= this.sim.config.durationUs)
      this.sim.engine.scheduleAt(next, { kind: 'LoadSample' }, Lane.Sample);
  }
}

function fixed3(v: number): string {
  return v.toFixed(3);
}

export function loadHandlers(load: LoadModel | null): HandlersFor<LoadEvent> {
  return {
    MetricsScrape: () => load?.onScrape(),
    LoadSample: () => load?.onSample(),
  };
}
