// The simulation context handed to every handler: engine, store, random streams, event log, trace,
// configuration and the component instances. Created by createSim(); nothing here is global.

import { AutoscalerAdapter } from '../autoscaler/wiring.js';
import { KubeControllerManager } from '../controllers/kube-controller-manager.js';
import { WorkloadControllers } from '../controllers/manager.js';
import { Engine } from '../engine/engine.js';
import { RngRoot } from '../engine/rng.js';
import { DigestTrace } from '../engine/trace.js';
import { FaultInjector } from '../faults/injector.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { PodWorkers } from '../kubelet/pods.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { ClusterState } from '../model/cluster-state.js';
import type { BuiltScenario } from '../scenario/build.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { SimConfig } from './config.js';
import { EventLog, type LineSink, type SimEventRow } from './event-log.js';
import type { SimEvent } from './events.js';

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

export class Sim {
  readonly trace: DigestTrace;
  readonly engine: Engine<SimEvent>;
  readonly rng: RngRoot;
  readonly log: EventLog;
  readonly state: ClusterState;
  readonly metrics: MetricsRecorder;
  readonly kubelet: Kubelet;
  readonly podWorkers: PodWorkers;
  readonly workloads: WorkloadControllers;
  readonly scheduler: Scheduler;
  /** kube-controller-manager: node lifecycle, taint eviction, PodGC. */
  readonly kcm: KubeControllerManager;
  readonly faults: FaultInjector;
  /** cluster-autoscaler, when a node pool autoscales. */
  readonly autoscaler: AutoscalerAdapter | null;

  readonly config: SimConfig;
  /** Current size of each node pool (grows with add-nodes). */
  readonly poolSizes = new Map<string, number>();

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
    this.metrics = new MetricsRecorder(this, opts.sinks?.timeseries);
    this.kubelet = new Kubelet(this);
    this.podWorkers = new PodWorkers(this);
    this.workloads = new WorkloadControllers(this);
    this.scheduler = new Scheduler(this);
    this.kcm = new KubeControllerManager(this);
    this.faults = new FaultInjector(this);
    this.autoscaler = built.autoscaler === null ? null : new AutoscalerAdapter(this, built.autoscaler);
  }

  get nowUs(): number {
    return this.engine.nowUs;
  }
}

function describeEvent(event: { readonly kind: string }): string {
  const rest = Object.entries(event)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return rest ? `${event.kind} ${rest}` : event.kind;
}
