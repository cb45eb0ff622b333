// Wiring of the load model, the metrics pipeline and the HPA controller into the simulation: their
// events, what they read from the Sim (the cluster store, the workload store, kubelet liveness, a
// named random stream, the event log) and load.csv. Everything else lives in src/load and src/hpa and
// takes narrow inputs. A scenario without spec.load and without HorizontalPodAutoscalers schedules
// nothing here, so its outputs are what they were.
//
// Order at one instant (src/sim/events.ts lanes): a scrape is an external input (it runs first), HPA
// syncs run with the controllers, load.csv samples with the other samplers. With the defaults both
// metrics-server and the HPA tick every 15 s from t = 0 (syncs from the HPA's creation + 15 s), so each
// sync reads the scrape of the same instant.

import { formatTimeS } from '../engine/time.js';
import { HpaController } from '../hpa/controller.js';
import { MetricsServer } from '../load/metrics-server.js';
import { resolveLoadProfile } from '../load/profile.js';
import { workloadKey } from '../load/schema.js';
import { fixed6 } from '../metrics/csv.js';
import { conditionRows } from '../workloads/conditions.js';
import type { Sim } from './context.js';
import type { LineSink } from './event-log.js';
import type { ReasonOf } from './event-reasons.js';
import { Lane } from './events.js';
import type { HandlersFor } from './wiring.js';

export type AutoscalingEvent =
  /** metrics-server scrapes every watched pod. */
  | { readonly kind: 'MetricsScrape' }
  /** One HPA's sync (key namespace/name). */
  | { readonly kind: 'HpaSync'; readonly hpa: string }
  /** A load.csv sample. */
  | { readonly kind: 'LoadSample' };

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

export class Autoscaling {
  readonly active: boolean;
  readonly metrics: MetricsServer | null = null;
  readonly hpa: HpaController | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly sink: LineSink | undefined,
  ) {
    const built = sim.built;
    this.active = built.load.length > 0 || built.hpas.length > 0;
    if (!this.active) return;
    const store = sim.workloads.store;
    const hpaTargets = built.hpas.map(
      (h) => `${h.spec.scaleTargetRef.kind}/${h.namespace}/${h.spec.scaleTargetRef.name}`,
    );
    this.metrics = new MetricsServer({
      state: sim.state,
      store,
      isNodeUp: (name) => sim.kubelet.isUp(name),
      noiseKey: sim.rng.stream('load/noise').nextU32(),
      metricResolutionUs: sim.config.metricResolutionUs,
      profiles: built.load.map(resolveLoadProfile),
      hpaTargets,
    });
    this.hpa = new HpaController(
      {
        nowUs: () => sim.nowUs,
        scheduleSync: (key, atUs) => {
          if (atUs <= sim.config.durationUs)
            sim.engine.scheduleAt(atUs, { kind: 'HpaSync', hpa: key }, Lane.Controller);
        },
        event: (object, reason, message) =>
          sim.log.emit(sim.nowUs, 'Workload', reason, object, '', '', message),
        conditionsChanged: (object, before, after) => {
          // HPA condition reasons come from the closed list (event-reasons.ts Condition).
          for (const r of conditionRows(before, after))
            sim.log.emit(sim.nowUs, 'Condition', r.reason as ReasonOf<'Condition'>, object, '', '', r.detail);
        },
      },
      store,
      this.metrics,
      sim.config.hpa,
    );
    sink?.write(`${LOAD_HEADER.join(',')}\n`);
  }

  start(): void {
    if (!this.active) return;
    this.sim.engine.schedule(0, { kind: 'MetricsScrape' }, Lane.External);
    for (const h of this.sim.built.hpas) this.hpa?.add(h);
    if (this.sink !== undefined) this.sim.engine.schedule(0, { kind: 'LoadSample' }, Lane.Sample);
  }

  onScrape(): void {
    const m = this.metrics as MetricsServer;
    m.scrape(this.sim.nowUs);
    const next = this.sim.nowUs + m.resolutionUs;
    if (next <= this.sim.config.durationUs)
      this.sim.engine.scheduleAt(next, { kind: 'MetricsScrape' }, Lane.External);
  }

  onSample(): void {
    const now = this.sim.nowUs;
    const desired = new Map<string, number>();
    for (const r of this.hpa?.records ?? []) {
      const ref = r.object.spec.scaleTargetRef;
      desired.set(`${ref.kind}/${r.object.namespace}/${ref.name}`, r.status.desiredReplicas);
    }
    const t = formatTimeS(now);
    for (const u of (this.metrics as MetricsServer).usage(now)) {
      const [kind, ns, name] = u.key.split('/') as [string, string, string];
      const obj =
        kind === 'Deployment' || kind === 'ReplicaSet'
          ? this.sim.workloads.store.get(kind, `${ns}/${name}`)
          : undefined;
      this.sink?.write(
        `${t},${u.key},${obj?.replicas ?? ''},${u.running},${u.ready},${fixed6(u.demand)},${fixed3(u.requestedCpuMilli / 1000)},` +
          `${fixed3(u.usedCpuMilli / 1000)},${u.requestedMemoryBytes},${Math.round(u.usedMemoryBytes)},` +
          `${fixed3(u.servedCpuMilli / 1000)},${Math.round(u.servedMemoryBytes)},${desired.get(u.key) ?? ''}\n`,
      );
    }
    const next = now + this.sim.config.metricsIntervalUs;
    if (next <= this.sim.config.durationUs)
      this.sim.engine.scheduleAt(next, { kind: 'LoadSample' }, Lane.Sample);
  }

  /** summary.json `autoscaling`: each HPA's final state and each loaded workload's totals. */
  summary(): object | null {
    if (!this.active) return null;
    const hpas: Record<string, object> = {};
    for (const r of this.hpa?.records ?? []) {
      const s = r.status;
      hpas[summaryKey(r.key)] = {
        name: r.key,
        target: `${r.object.spec.scaleTargetRef.kind}/${r.object.spec.scaleTargetRef.name}`,
        min_replicas: r.object.spec.minReplicas,
        max_replicas: r.object.spec.maxReplicas,
        current_replicas: s.currentReplicas,
        desired_replicas: s.desiredReplicas,
        max_replicas_seen: r.maxReplicasSeen,
        rescales: r.rescales,
        last_scale_time_s: s.lastScaleTimeUs === null ? null : Number(formatTimeS(s.lastScaleTimeUs)),
        conditions: Object.fromEntries(s.conditions.map((c) => [c.type, `${c.status} ${c.reason}`])),
      };
    }
    const load: Record<string, object> = {};
    for (const p of this.sim.built.load) {
      const key = workloadKey(resolveLoadProfile(p).workload);
      const u = (this.metrics as MetricsServer).usage(this.sim.nowUs).find((x) => x.key === key);
      if (u !== undefined)
        load[summaryKey(key)] = {
          workload: key,
          pods_running: u.running,
          pods_ready: u.ready,
          demand: Number(fixed6(u.demand)),
        };
    }
    return { hpas, load };
  }
}

/** A summary.json key `expect` paths can name: "default/web-api" -> "default_web_api". */
export function summaryKey(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function fixed3(v: number): string {
  return v.toFixed(3);
}

export const autoscalingHandlers: HandlersFor<AutoscalingEvent> = {
  MetricsScrape: (_ev, sim) => sim.autoscaling.onScrape(),
  HpaSync: (ev, sim) => sim.autoscaling.hpa?.sync(ev.hpa),
  LoadSample: (_ev, sim) => sim.autoscaling.onSample(),
};
