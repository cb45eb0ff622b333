// The composition root: the only module that knows every component. It builds one kernel per run
// (engine, store, event log, random streams, trace, configuration), builds each component from the
// built scenario with that kernel and the ports it calls (kubelet <- faults as NodeAgent, kubelet <-
// node lifecycle as NodeLeases, pod workers <- workload controllers as PodRestarts, kcm <- faults as
// ControllerManagerProcess, node pools <- faults, operations and the cluster-autoscaler, workload API <-
// timeline, the cluster-autoscaler's read-only views of the scheduler cache and workloads), and joins
// every component's handlers into one table typed over every SimEvent kind. Components never see
// this object; tests, benchmarks and the public API (src/index.ts) do.
//
// Construction order is part of the model: components that watch the store are notified in the order
// they were built (metrics, kubelet, pod workers, workload controllers, scheduler, kcm, faults, the
// cluster-autoscaler), which fixes
// the order of same-instant events they schedule from a notification.

import { AutoscalerComponent, autoscalerHandlers } from '../autoscaler/component.js';
import type { AutoscalerEvent } from '../autoscaler/events.js';
import { KubeControllerManager, kcmHandlers } from '../controllers/kube-controller-manager.js';
import { controllerHandlers, WorkloadControllers } from '../controllers/manager.js';
import { Engine } from '../engine/engine.js';
import { RngRoot } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import { DigestTrace } from '../engine/trace.js';
import { FaultInjector, faultHandlers } from '../faults/injector.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Kubelet, kubeletHandlers } from '../kubelet/kubelet.js';
import { type PodWorkers, podWorkerHandlers } from '../kubelet/pods.js';
import { MetricsRecorder, metricsHandlers } from '../metrics/recorder.js';
import { ClusterState } from '../model/cluster-state.js';
import { EventLog, type LineSink, type SimEventRow } from '../model/event-log.js';
import { Scheduler, schedulerHandlers } from '../scheduler/scheduler.js';
import { WorkloadTimeline, workloadTimelineHandlers } from '../timeline/timeline.js';
import type { BuiltScenario } from './built.js';
import type { SimConfig } from './config.js';
import type { SimEvent } from './events.js';
import { NodePoolOps } from './node-ops.js';

export interface SimSinks {
  readonly events?: LineSink;
  readonly timeseries?: LineSink;
}

export interface SimOptions {
  readonly sinks?: SimSinks;
  /** Keep events.csv rows in memory (tests, expectations). */
  readonly keepEventRows?: boolean;
  /** Keep a line per dispatched event (golden traces, debugging). */
  readonly keepTraceLines?: boolean;
  /** Called for every events.csv row, from the first (expectations keep only the rows they need). */
  readonly onEventRow?: (row: SimEventRow) => void;
}

/** One handler per SimEvent kind: a kind without a handler is a compile error in Sim's constructor. */
export type HandlerTable = HandlersFor<SimEvent>;

/** The kernel every component of one run shares (each sees it through its own narrow Kernel type). */
class RunKernel implements Kernel<SimEvent, SimConfig> {
  constructor(
    readonly engine: Engine<SimEvent>,
    readonly state: ClusterState,
    readonly log: EventLog,
    readonly rng: RngRoot,
    readonly trace: DigestTrace,
    readonly config: SimConfig,
  ) {}

  get nowUs(): TimeUs {
    return this.engine.nowUs;
  }
}

export class Sim {
  readonly trace: DigestTrace;
  readonly engine: Engine<SimEvent>;
  readonly rng: RngRoot;
  readonly log: EventLog;
  readonly state: ClusterState;
  readonly config: SimConfig;
  readonly kernel: Kernel<SimEvent, SimConfig>;
  readonly metrics: MetricsRecorder;
  readonly kubelet: Kubelet;
  readonly podWorkers: PodWorkers;
  readonly workloads: WorkloadControllers;
  readonly timeline: WorkloadTimeline;
  readonly scheduler: Scheduler;
  /** kube-controller-manager: node lifecycle, taint eviction, PodGC. */
  readonly kcm: KubeControllerManager;
  readonly faults: FaultInjector;
  /** cluster-autoscaler, when a node pool autoscales (BuiltScenario.autoscaler). */
  readonly autoscaler: AutoscalerComponent | null;
  readonly nodePools: NodePoolOps;
  readonly handlers: HandlerTable;

  constructor(
    readonly built: BuiltScenario,
    opts: SimOptions = {},
  ) {
    const config = built.config;
    this.config = config;
    this.trace = new DigestTrace({ keepLines: opts.keepTraceLines ?? false, describe: describeEvent });
    this.engine = new Engine<SimEvent>(this.trace);
    this.rng = new RngRoot(config.seed);
    this.log = new EventLog(opts.sinks?.events, { keepRows: opts.keepEventRows ?? false });
    if (opts.onEventRow) this.log.onRow(opts.onEventRow);
    this.state = new ClusterState(this.engine, this.log, built.namespaceLabels);
    const kernel = new RunKernel(this.engine, this.state, this.log, this.rng, this.trace, config);
    this.kernel = kernel;

    this.nodePools = new NodePoolOps(kernel, built.pools);
    this.metrics = new MetricsRecorder(kernel, opts.sinks?.timeseries);
    this.kubelet = new Kubelet(kernel, built.stages);
    this.podWorkers = this.kubelet.podWorkers;
    this.workloads = new WorkloadControllers(kernel, built, this.podWorkers);
    this.timeline = new WorkloadTimeline(
      kernel,
      built.arrivals,
      built.operations,
      this.workloads,
      this.nodePools,
    );
    this.scheduler = new Scheduler(kernel);
    this.kcm = new KubeControllerManager(kernel, { leases: this.kubelet });
    this.faults = new FaultInjector(kernel, built.faults, {
      nodeAgent: this.kubelet,
      controllerManager: this.kcm,
      nodePools: this.nodePools,
    });
    this.autoscaler =
      built.autoscaler === null
        ? null
        : new AutoscalerComponent(kernel, built.autoscaler, {
            schedulerCache: this.scheduler.cache,
            workloads: this.workloads,
            timeseries: this.metrics,
            nodePools: this.nodePools,
          });

    this.handlers = {
      ...metricsHandlers(this.metrics),
      ...kubeletHandlers(this.kubelet),
      ...podWorkerHandlers(this.podWorkers),
      ...controllerHandlers(this.workloads),
      ...workloadTimelineHandlers(this.timeline),
      ...schedulerHandlers(this.scheduler),
      ...kcmHandlers(this.kcm),
      ...faultHandlers(this.faults),
      ...(this.autoscaler !== null ? autoscalerHandlers(this.autoscaler) : NO_AUTOSCALER),
    };
  }

  get nowUs(): number {
    return this.engine.nowUs;
  }

  /** Starts every component's loops at the current instant (after the initial objects exist). */
  start(): void {
    this.faults.scheduleAll();
    this.kubelet.startAll();
    this.workloads.start();
    this.timeline.start();
    this.kcm.start();
    this.autoscaler?.start();
    this.metrics.start(this.workloads.store);
  }
}

/** Without a cluster-autoscaler its timer never fires (nothing schedules it). */
const NO_AUTOSCALER: HandlersFor<AutoscalerEvent> = {
  AutoscalerTimer: () => {
    throw new Error('AutoscalerTimer without a cluster-autoscaler');
  },
};

/** The engine's dispatch function for this run: one table read and one call per event. */
export function makeDispatch(sim: Sim): (event: SimEvent) => void {
  const table = sim.handlers as unknown as Record<string, (event: SimEvent) => void>;
  return (event) => {
    const h = table[event.kind];
    if (h === undefined) throw new Error(`no handler for event kind ${event.kind}`);
    h(event);
  };
}

function describeEvent(event: { readonly kind: string }): string {
  const rest = Object.entries(event)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return rest ? `${event.kind} ${rest}` : event.kind;
}
