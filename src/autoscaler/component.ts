// The cluster-autoscaler as a component (docs/ARCHITECTURE.md, "Adding another component"): it receives
// its kernel slice (its AutoscalerTimer events; the scheduler profiles, version and admission it reads)
// and its ports (AutoscalerPorts), implements the AutoscalerHost the loop sees over them, keeps the
// pending-pod index and the sets the loop reads up to date through a store watcher, and turns the
// loop's timers into AutoscalerTimer events. New nodes register through the kubelet path (Node object,
// then KubeletStart: lease, Ready, taints), as add-nodes does. src/sim/assemble.ts builds it.

import {
  asTolerations,
  daemonPodSpec,
  daemonPodTolerations,
  nodeShouldRunDaemonPod,
} from '../controllers/daemonset-util.js';
import type { Rng } from '../engine/rng.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { NodePools } from '../kernel/ports/node-pools.js';
import type { TimeseriesColumns } from '../kernel/ports/timeseries-columns.js';
import type { WorkloadApi } from '../kernel/ports/workload-api.js';
import type { AdmissionConfig } from '../model/admission.js';
import type { EventKind, ReasonOf } from '../model/event-reasons.js';
import { makePod, type NodeInit } from '../model/factory.js';
import type { Node, Pod, Taint } from '../model/types.js';
import type { KubeVersion } from '../model/version.js';
import type { SchedulerCache } from '../scheduler/cache.js';
import type { SchedulerSettings } from '../scheduler/profile.js';
import { Framework, noNominations } from '../scheduler/runtime.js';
import { type DisruptionBudgets, NO_BUDGETS } from './drainability.js';
import type { AutoscalerEvent, AutoscalerTimer } from './events.js';
import type { AutoscalerHost } from './host.js';
import { ClusterAutoscaler } from './loop.js';
import { autoscalerSummary, PendingEpisodes } from './outputs.js';
import { PendingPods } from './pending.js';
import type { AutoscalerSummary } from './schema.js';
import type { AutoscalerSetup } from './setup-config.js';

/** What the autoscaler reads of the run's configuration, and the one event kind it schedules. */
export type AutoscalerKernel = Kernel<
  AutoscalerEvent,
  {
    readonly scheduler: SchedulerSettings;
    readonly version: KubeVersion;
    readonly admission: AdmissionConfig;
  }
>;

/** What the composition root connects (src/sim/assemble.ts). */
export interface AutoscalerPorts {
  /**
   * The scheduler's cache, read only: its NodeInfos are the nodes and pods the autoscaler's informers
   * would list (upstream builds its ClusterSnapshot from listers; kubesim shares the scheduler's view).
   */
  readonly schedulerCache: SchedulerCache;
  /**
   * The workload objects, read only (its listers): DaemonSets for node templates' pods, ReplicaSets for
   * --min-replica-count, PriorityClasses as admission resolves them for template pods.
   */
  readonly workloads: Pick<WorkloadApi, 'store' | 'priorityClasses'>;
  readonly timeseries: TimeseriesColumns;
  /** The cloud provider's machines register as nodes of their pool. */
  readonly nodePools: NodePools;
  /** PodDisruptionBudgets (core/scaledown/pdb); none until a budget tracker is connected. */
  readonly budgets?: DisruptionBudgets;
}

/** Template pods (DaemonSet pods of node templates) get indexes far from the store's. */
let templatePodIdx = 1 << 30;

export class AutoscalerComponent implements AutoscalerHost {
  readonly ca: ClusterAutoscaler;
  readonly pending = new PendingPods();
  readonly deletingPods = new Set<Pod>();
  readonly expendablePods = new Set<Pod>();
  readonly frameworks = new Map<string, Framework>();
  readonly expanderRng: Rng;
  readonly cloudRng: Rng;
  readonly budgets: DisruptionBudgets;
  readonly episodes: PendingEpisodes;
  private readonly dsPods = new Map<string, Pod>();
  private peakNodes = 0;

  summary(): AutoscalerSummary {
    return autoscalerSummary(this.ca, this.episodes, this.peakNodes);
  }

  constructor(
    private readonly sim: AutoscalerKernel,
    readonly setup: AutoscalerSetup,
    private readonly ports: AutoscalerPorts,
  ) {
    this.budgets = ports.budgets ?? NO_BUDGETS;
    for (const profile of sim.config.scheduler.profiles) {
      this.frameworks.set(
        profile.schedulerName,
        new Framework(profile, {
          cache: ports.schedulerCache,
          minorVersion: sim.config.version.minor,
          rng: sim.rng.stream(`autoscaler/framework/${profile.schedulerName}`),
          nominator: noNominations,
        }),
      );
    }
    this.expanderRng = sim.rng.stream('autoscaler/expander');
    this.cloudRng = sim.rng.stream('autoscaler/cloud');
    this.episodes = new PendingEpisodes(sim.state);
    this.ca = new ClusterAutoscaler(this, setup.options, setup.groups);
    this.watch();
    ports.timeseries.addColumns(() => this.ca.groupColumns());
  }

  private watch(): void {
    const state = this.sim.state;
    const cutoff = this.setup.options.expendablePodsPriorityCutoff;
    // A pod the scheduler has assumed on a node is counted there, not as pending (see assumedPods).
    state.onUnschedulable = (pod, on) => {
      if (on) {
        if (pod.assumedNode === null) this.pending.add(pod);
        this.episodes.unschedulable(pod);
      } else this.pending.delete(pod);
    };
    state.watch({
      // The live count, not state.nodes.length: that list is rebuilt after every node change, and
      // thousands of nodes register one by one in a scale-up.
      nodeAdded: () => {
        this.peakNodes = Math.max(this.peakNodes, state.nodeCount);
      },
      podUpdated: (pod, change) => {
        if (change === 'assumed' && pod.unschedulable) {
          if (pod.assumedNode === null) this.pending.add(pod);
          else this.pending.delete(pod);
        }
        if (change === 'deleting') this.deletingPods.add(pod);
        else if (change === 'bound' && pod.spec.priority < cutoff) this.expendablePods.add(pod);
        if (change === 'phase' || change === 'deleting') this.episodes.podChanged();
      },
      podDeleted: (pod) => {
        this.deletingPods.delete(pod);
        this.expendablePods.delete(pod);
        this.episodes.podChanged();
      },
    });
  }

  start(): void {
    this.ca.start();
  }

  get nowUs(): number {
    return this.sim.nowUs;
  }

  get state() {
    return this.sim.state;
  }

  get cache(): SchedulerCache {
    return this.ports.schedulerCache;
  }

  daemonSetPodsFor(node: Node): Pod[] {
    const out: Pod[] = [];
    for (const ds of this.ports.workloads.store.list('DaemonSet')) {
      if (ds.deletionUs !== null) continue;
      const spec = daemonPodSpec(ds.template.spec);
      if (
        !nodeShouldRunDaemonPod(node, spec, asTolerations(daemonPodTolerations(ds.template.spec))).shouldRun
      )
        continue;
      const key = `${ds.uid}/${ds.templateHash}`;
      let pod = this.dsPods.get(key);
      if (pod === undefined) {
        pod = makePod({
          idx: templatePodIdx++,
          namespace: ds.namespace,
          name: `${ds.name}-template`,
          labels: ds.template.metadata?.labels ?? {},
          annotations: {},
          owner: { kind: 'DaemonSet', name: ds.name, uid: ds.uid, controller: true },
          spec,
          createdUs: this.sim.nowUs,
          admission: this.sim.config.admission,
          priorityClasses: this.ports.workloads.priorityClasses,
        });
        this.dsPods.set(key, pod);
      }
      out.push(pod);
    }
    return out;
  }

  controllerReplicas(pod: Pod): number | null {
    if (pod.owner?.kind !== 'ReplicaSet') return null;
    const rs = this.ports.workloads.store.get('ReplicaSet', `${pod.namespace}/${pod.owner.name}`);
    return rs === undefined ? null : rs.replicas;
  }

  emit<K extends EventKind>(
    kind: K,
    reason: ReasonOf<K>,
    object: string,
    node: string,
    zone: string,
    detail: string,
  ): void {
    this.sim.log.emit(this.sim.nowUs, kind, reason, object, node, zone, detail);
  }

  registerNode(init: NodeInit): void {
    this.ports.nodePools.registerNode(init);
  }

  removeNode(name: string): void {
    const node = this.sim.state.node(name);
    if (node !== undefined) this.sim.state.deleteNode(node);
  }

  addTaint(node: Node, taint: Taint): void {
    this.sim.state.addTaint(node, taint);
  }

  removeTaint(node: Node, key: string, effect: Taint['effect']): void {
    this.sim.state.removeTaint(node, key, effect);
  }

  setUnschedulable(node: Node, unschedulable: boolean): void {
    this.sim.state.setUnschedulable(node, unschedulable);
  }

  evict(pod: Pod, graceSeconds: number, detail: string): void {
    this.sim.state.markPodDeleting(
      pod,
      'EvictionByEvictionAPI',
      `cluster-autoscaler ${detail}`,
      graceSeconds,
    );
  }

  at(timeUs: number, timer: AutoscalerTimer): void {
    const lane = timer.type === 'register' || timer.type === 'gone' ? Lane.External : Lane.Controller;
    this.sim.engine.scheduleAt(Math.max(timeUs, this.sim.nowUs), { kind: 'AutoscalerTimer', timer }, lane);
  }

  allocateNodeIdx(): number {
    return this.sim.state.allocateNodeIdx();
  }
}

/** The autoscaler's handlers, bound to its instance (joined into the root's table). */
export function autoscalerHandlers(ca: AutoscalerComponent): HandlersFor<AutoscalerEvent> {
  return { AutoscalerTimer: (ev) => ca.ca.onTimer(ev.timer) };
}
