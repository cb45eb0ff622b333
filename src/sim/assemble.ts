// The composition root: the only module that knows every component. It builds one kernel per run
// (engine, store, event log, random streams, trace, configuration), builds each component from the
// built scenario with that kernel and the ports it calls (kubelet <- faults as NodeAgent, kubelet <-
// node lifecycle as NodeLeases, pod workers <- workload controllers as PodRestarts, kcm <- faults as
// ControllerManagerProcess, node pools <- faults, operations and the cluster-autoscaler, workload API <-
// timeline, kubectl <- timeline as NodeDrains, the Eviction API <- kubectl as PodEvictions; the
// PodDisruptionBudget store goes to the disruption controller, the Eviction API, the scheduler, metrics
// and the timeline; the load model's metrics-server <- the HPA controller as MetricsApi and <- the
// kubelet's eviction manager as PodMemoryUsage, the HPA controller <- load.csv as HpaStatusView; the
// cluster-autoscaler's read-only views of the scheduler cache and workloads), and joins
// every component's handlers into one table typed over every SimEvent kind. Components never see
// this object; tests, benchmarks and the public API (src/index.ts) do.
//
// Construction order is part of the model: components that watch the store are notified in the order
// they were built (metrics, kubelet, pod workers, workload controllers, scheduler, load model, kcm,
// faults, the cluster-autoscaler), which fixes the order of same-instant events they schedule from a
// notification.

import { AutoscalerComponent, autoscalerHandlers } from '../autoscaler/component.js';
import type { AutoscalerEvent } from '../autoscaler/events.js';
import type { HpaController } from '../controllers/hpa/controller.js';
import { hpaController } from '../controllers/hpa/index.js';
import { KubeControllerManager, kcmHandlers } from '../controllers/kube-controller-manager.js';
import { controllerHandlers, WorkloadControllers } from '../controllers/manager.js';
import { Engine } from '../engine/engine.js';
import { RngRoot } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import { DigestTrace } from '../engine/trace.js';
import { FaultInjector, faultHandlers } from '../faults/injector.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Kubectl, kubectlHandlers } from '../kubectl/kubectl.js';
import { Kubelet, kubeletHandlers } from '../kubelet/kubelet.js';
import { type PodWorkers, podWorkerHandlers } from '../kubelet/pods.js';
import { LoadModel, loadHandlers } from '../load/load-model.js';
import type { MetricsServer } from '../load/metrics-server.js';
import { MetricsRecorder, metricsHandlers } from '../metrics/recorder.js';
import { ClusterState } from '../model/cluster-state.js';
import { EventLog, type LineSink, type SimEventRow } from '../model/event-log.js';
import type { LimitRange } from '../model/limit-range.js';
import { Scheduler, schedulerHandlers } from '../scheduler/scheduler.js';
import { WorkloadTimeline, workloadTimelineHandlers } from '../timeline/timeline.js';
import { EvictionApi } from '../workloads/eviction.js';
import { pdbConditionRows } from '../workloads/pdb-rows.js';
import { PdbStore } from '../workloads/pdb-store.js';
import { LivePdbTracker } from '../workloads/pdb-tracker.js';
import { autoscalingSummary } from './autoscaling-summary.js';
import type { BuiltScenario } from './built.js';
import type { SimConfig } from './config.js';
import type { SimEvent } from './events.js';
import { NodePoolOps } from './node-ops.js';

export interface SimSinks {
  readonly events?: LineSink;
  readonly timeseries?: LineSink;
  /** load.csv (only for scenarios with spec.load or HorizontalPodAutoscalers). */
  readonly load?: LineSink;
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
  /** kube-controller-manager: node lifecycle, taint eviction, PodGC, disruption. */
  readonly kcm: KubeControllerManager;
  readonly faults: FaultInjector;
  /** cluster-autoscaler, when a node pool autoscales (BuiltScenario.autoscaler). */
  readonly autoscaler: AutoscalerComponent | null;
  readonly nodePools: NodePoolOps;
  /** The API's PodDisruptionBudgets and the Eviction API over them (docs/disruption.md). */
  readonly pdbs: PdbStore;
  readonly evictions: EvictionApi;
  /** kubectl drain processes started by drain operations. */
  readonly kubectl: Kubectl;
  /** The load model and metrics-server: only with spec.load or HorizontalPodAutoscalers. */
  readonly load: LoadModel | null;
  /** The HPA controller, the metrics pipeline and summary.json's `autoscaling`. */
  readonly autoscaling: AutoscalingView;
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
    this.state = new ClusterState(
      this.engine,
      this.log,
      built.namespaceLabels,
      byNamespace(built.limitRanges),
    );
    const kernel = new RunKernel(this.engine, this.state, this.log, this.rng, this.trace, config);
    this.kernel = kernel;

    this.pdbs = new PdbStore();
    this.pdbs.listen((pdb, change, before) => {
      if (change === 'status') pdbConditionRows(this.log, this.engine.nowUs, pdb, before);
    });
    this.evictions = new EvictionApi(this.state, this.pdbs, {
      podDisruptionConditions: config.admission.podDisruptionConditions,
      unhealthyPodEvictionPolicy: config.admission.pdbUnhealthyPodEvictionPolicy,
      deniedCauseByCondition: config.version.minor >= 35,
      emptySelectorSelectsAll: config.version.minor >= 28,
    });
    this.nodePools = new NodePoolOps(kernel, built.pools);
    this.metrics = new MetricsRecorder(kernel, opts.sinks?.timeseries, this.pdbs);
    this.kubelet = new Kubelet(kernel, built.stages, { memoryUsage: () => this.load?.metrics ?? null });
    this.podWorkers = this.kubelet.podWorkers;
    this.workloads = new WorkloadControllers(kernel, built, this.podWorkers);
    this.kubectl = new Kubectl(kernel, { evictions: this.evictions, workloads: this.workloads.store });
    this.timeline = new WorkloadTimeline(
      kernel,
      built.arrivals,
      built.operations,
      this.workloads,
      this.nodePools,
      this.kubectl,
      this.pdbs,
    );
    this.scheduler = new Scheduler(kernel, this.pdbs);
    const autoscaled = built.load.length > 0 || built.hpas.length > 0;
    this.load = autoscaled
      ? new LoadModel(kernel, {
          load: built.load,
          hpaTargets: built.hpas.map(
            (h) => `${h.spec.scaleTargetRef.kind}/${h.namespace}/${h.spec.scaleTargetRef.name}`,
          ),
          workloads: this.workloads.store,
          nodes: this.kubelet,
          hpaStatus: () => this.autoscaling.hpa,
          sink: opts.sinks?.load,
        })
      : null;
    this.kcm = new KubeControllerManager(kernel, {
      leases: this.kubelet,
      budgets: this.pdbs,
      workloadObjects: this.workloads.store,
      workloads: this.workloads,
      autoscaling: { workloads: this.workloads.store, metrics: this.load?.metrics ?? null, hpas: built.hpas },
    });
    const hpa = this.kcm.controller<HpaController>(hpaController.name);
    const load = this.load;
    this.autoscaling = {
      hpa: autoscaled ? hpa : null,
      metrics: load?.metrics ?? null,
      summary: () => (load === null ? null : autoscalingSummary(this.nowUs, hpa, load, built.load)),
    };
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
            // Scale-down's drainability reads the budgets (core/scaledown/pdb RemainingPdbTracker).
            budgets: new LivePdbTracker(this.engine, () => this.pdbs.all()),
          });

    this.handlers = {
      ...metricsHandlers(this.metrics),
      ...kubeletHandlers(this.kubelet),
      ...podWorkerHandlers(this.podWorkers),
      ...controllerHandlers(this.workloads),
      ...workloadTimelineHandlers(this.timeline),
      ...kubectlHandlers(this.kubectl),
      ...schedulerHandlers(this.scheduler),
      ...kcmHandlers(this.kcm),
      ...loadHandlers(this.load),
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
    this.load?.start();
  }
}

/** What tests, benchmarks and summary.json read of the autoscaling components. */
export interface AutoscalingView {
  /** The HPA controller (null when the scenario has no load model and no HPA). */
  readonly hpa: HpaController | null;
  readonly metrics: MetricsServer | null;
  summary(): object | null;
}

function byNamespace(ranges: readonly LimitRange[] = []): Map<string, LimitRange[]> {
  const out = new Map<string, LimitRange[]>();
  for (const r of ranges) out.set(r.namespace, [...(out.get(r.namespace) ?? []), r]);
  return out;
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
