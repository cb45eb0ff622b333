// Arrivals over time (spec.arrivals): Pods or Jobs stamped from a template as a Poisson process
// (exponential gaps with mean 1/rate, from the stream arrivals/<name>) or at a constant rate, between
// start and end and up to count; or trace rows replayed at their submit times. Each stream keeps one
// pending event (the next arrival), so a million-row trace costs one calendar entry at a time.
// Timed operations (spec.operations) are carried out by operations.ts.

import type { Rng } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { NodeDrains } from '../kernel/ports/node-drains.js';
import type { NodePools } from '../kernel/ports/node-pools.js';
import type { WorkloadApi } from '../kernel/ports/workload-api.js';
import { RunDurationAnnotation } from '../lifecycle/stages.js';
import type { AdmissionConfig } from '../model/admission.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EventLog } from '../model/event-log.js';
import type { PodManifest, PodSpecManifest } from '../model/k8s-schema.js';
import type { JobManifest } from '../model/k8s-workload-schema.js';
import type { PdbStore } from '../workloads/pdb-store.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import type { TraceRow } from '../workloads/trace.js';
import type { WorkloadTimelineEvent } from './events.js';
import type { BuiltArrival, BuiltOperation } from './inputs.js';
import { type OperationEnv, runOperation } from './operations.js';

interface ArrivalState {
  readonly spec: BuiltArrival;
  readonly rng: Rng;
  readonly names: Rng;
  emitted: number;
  /** Next trace row. */
  cursor: number;
}

/** The timeline's kernel slice: its own events, the run's end and the admission settings. */
export type TimelineKernel = Kernel<
  WorkloadTimelineEvent,
  { readonly durationUs: TimeUs; readonly admission: AdmissionConfig }
>;

export class WorkloadTimeline implements OperationEnv {
  private readonly arrivals: ArrivalState[];

  constructor(
    private readonly sim: TimelineKernel,
    arrivals: readonly BuiltArrival[],
    private readonly operations: readonly BuiltOperation[],
    /** kubectl's view of the workload objects; the controllers watch what it writes. */
    readonly workloads: WorkloadApi,
    readonly nodePools: NodePools,
    /** kubectl drain, as a client process of its own. */
    readonly drains: NodeDrains,
    /** The API's PodDisruptionBudgets (kubectl apply and delete of a budget). */
    readonly budgets: PdbStore,
  ) {
    this.arrivals = arrivals.map((spec) => ({
      spec,
      rng: sim.rng.stream(`arrivals/${spec.name}`),
      names: sim.rng.stream(`arrivals/${spec.name}/names`),
      emitted: 0,
      cursor: 0,
    }));
  }

  start(): void {
    this.arrivals.forEach((a, i) => {
      const s = a.spec;
      if (s.kind === 'trace') {
        const first = s.rows[0];
        if (first !== undefined) this.at(first.atUs, i);
      } else {
        const first = s.process === 'constant' ? s.startUs : s.startUs + this.gap(a);
        if (s.count > 0) this.at(first, i);
      }
    });
    this.operations.forEach((op, i) => {
      this.sim.engine.scheduleAt(op.spec.at, { kind: 'OperationDue', operation: i }, Lane.External);
    });
  }

  get state(): ClusterState {
    return this.sim.state;
  }

  get nowUs(): TimeUs {
    return this.sim.nowUs;
  }

  get log(): EventLog {
    return this.sim.log;
  }

  get admission(): AdmissionConfig {
    return this.sim.config.admission;
  }

  onOperation(index: number): void {
    const op = this.operations[index];
    if (op !== undefined) runOperation(this, op.spec);
  }

  private gap(a: ArrivalState): number {
    const s = a.spec as Extract<BuiltArrival, { kind: 'template' }>;
    return s.process === 'constant' ? s.intervalUs : -Math.log(1 - a.rng.next()) * s.intervalUs;
  }

  private at(atUs: number, arrival: number): void {
    const t = Math.ceil(atUs);
    if (t > this.sim.config.durationUs || t < this.sim.nowUs) return;
    this.sim.engine.scheduleAt(t, { kind: 'ArrivalDue', arrival }, Lane.External);
  }

  onArrival(index: number): void {
    const a = this.arrivals[index] as ArrivalState;
    const s = a.spec;
    if (s.kind === 'trace') {
      const now = this.sim.nowUs;
      while (a.cursor < s.rows.length && (s.rows[a.cursor] as TraceRow).atUs <= now) {
        this.replayRow(a, s, s.rows[a.cursor] as TraceRow, a.cursor);
        a.cursor++;
      }
      const next = s.rows[a.cursor];
      if (next !== undefined) this.at(next.atUs, index);
      return;
    }
    this.emit(a, s);
    a.emitted++;
    const next = this.sim.nowUs + this.gap(a);
    if (a.emitted < s.count && next <= s.endUs) this.at(next, index);
  }

  private emit(a: ArrivalState, s: Extract<BuiltArrival, { kind: 'template' }>): void {
    const t = s.template;
    const namespace = t.metadata.namespace ?? s.namespace;
    if (t.kind === 'Pod') {
      this.createPod(a, namespace, `${s.name}-`, t as PodManifest);
      return;
    }
    const workloads = this.workloads;
    let n = a.emitted + 1;
    while (workloads.store.get('Job', `${namespace}/${s.name}-${n}`) !== undefined) n++;
    const manifest = { ...t, metadata: { ...t.metadata, name: `${s.name}-${n}` } } as JobManifest;
    workloads.createWorkload({ kind: 'Job', manifest, namespace });
  }

  private createPod(
    a: ArrivalState,
    namespace: string,
    generateName: string,
    m: PodManifest,
    name?: string,
  ): void {
    const res = createPodFromTemplate(
      this.sim,
      {
        namespace,
        ...(name !== undefined && this.sim.state.pod(`${namespace}/${name}`) === undefined
          ? { name }
          : { generateName }),
        owner: null,
        template: { metadata: m.metadata, spec: m.spec },
      },
      a.names,
      this.workloads.priorityClasses,
    );
    if ('error' in res) {
      this.sim.log.emit(
        this.sim.nowUs,
        'Workload',
        'FailedCreate',
        `Arrival/${a.spec.name}`,
        '',
        '',
        res.error,
      );
    }
  }

  private replayRow(
    a: ArrivalState,
    s: Extract<BuiltArrival, { kind: 'trace' }>,
    row: TraceRow,
    i: number,
  ): void {
    const base = s.template ?? {
      apiVersion: 'v1' as const,
      kind: 'Pod' as const,
      metadata: {},
      spec: { containers: [{ name: 'main' }] },
    };
    const spec = traceSpec(base.spec, row, s.gpuResource);
    const annotations = { ...(base.metadata.annotations ?? {}) };
    if (row.durationUs !== null) annotations[RunDurationAnnotation] = `${row.durationUs}us`;
    const m: PodManifest = { ...base, metadata: { ...base.metadata, annotations }, spec };
    const stem = row.name ?? `${s.name}-${i}`;
    for (let k = 0; k < row.count; k++) {
      const name = row.count === 1 ? stem : `${stem}-${k}`;
      this.createPod(a, base.metadata.namespace ?? s.namespace, `${stem}-`, m, name);
    }
  }
}

/** The trace row's requests on the first container, its priority, restartPolicy Never by default. */
function traceSpec(base: PodSpecManifest, row: TraceRow, gpuResource: string | undefined): PodSpecManifest {
  const [first, ...rest] = base.containers;
  const requests: Record<string, number> = {
    ...(first?.resources?.requests ?? {}),
    cpu: row.cpuMilli,
    memory: row.memoryBytes,
  };
  if (gpuResource !== undefined && row.gpu > 0) requests[gpuResource] = row.gpu;
  const limits = gpuResource !== undefined && row.gpu > 0 ? { [gpuResource]: row.gpu } : undefined;
  const container = {
    ...(first ?? { name: 'main' }),
    resources: { ...(first?.resources ?? {}), requests, ...(limits ? { limits } : {}) },
  };
  return {
    ...base,
    containers: [container, ...rest],
    // A replayed pod is work that ends: its containers exit after the row's duration and stay exited.
    restartPolicy: base.restartPolicy ?? 'Never',
    ...(base.priorityClassName === undefined ? { priority: row.priority } : {}),
  };
}

export function workloadTimelineHandlers(timeline: WorkloadTimeline): HandlersFor<WorkloadTimelineEvent> {
  return {
    ArrivalDue: (ev) => timeline.onArrival(ev.arrival),
    OperationDue: (ev) => timeline.onOperation(ev.operation),
  };
}
